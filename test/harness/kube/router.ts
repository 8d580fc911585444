import type { IncomingMessage } from 'node:http';
import type { V1Pod } from '@kubernetes/client-node';
import { reviewAccess, reviewOwnAccess } from './access-reviews.js';
import { ApiStatusError, pageNotFound } from './api-status.js';
import type { DoubleContext } from './context.js';
import { apiGroupList, apiVersions, resourceList, serverVersion } from './discovery.js';
import { patchEphemeralContainers } from './ephemeral-containers.js';
import { assertNotForbidden } from './forbidden.js';
import { metrics } from './metrics.js';
import { calicoApiGroup, calicoApiServerRead, calicoGroup, storedResource } from './custom-resources.js';
import { kinds } from './object-store.js';
import type { Objects } from './objects.js';
import { openApiGroupVersion, openApiRoot } from './openapi.js';
import { podLogs, podTable } from './pods.js';
import { decodeObjectBody } from './request-body.js';
import { methodNotAllowed, type RequestInfo } from './request-info.js';
import type { Services } from './services.js';

export interface Parts {
  readonly context: DoubleContext;
  readonly objects: Objects;
  readonly services: Services;
  /** The double's own address, for discovery's serverAddressByClientCIDRs. */
  readonly url: string;
}

type Answer = { code: number; body: unknown };

/** Sends one request to the part of the double that serves its path, method and resource. */
export async function route(
  parts: Parts,
  request: IncomingMessage,
  url: URL,
  info: RequestInfo | undefined,
  raw: Buffer,
): Promise<Answer> {
  const method = request.method ?? 'GET';
  if (!info) return nonResource(parts, method, url.pathname.replace(/\/$/, ''));
  assertNotForbidden(parts.context, request, url, info);
  if (info.apiGroup === calicoGroup && parts.context.options.calicoCrds === false) throw pageNotFound();
  if (info.apiGroup === 'metrics.k8s.io')
    return { code: 200, body: await metrics(parts.context, method, info) };
  if (info.apiGroup === 'authorization.k8s.io' && info.apiVersion === 'v1') {
    const reviews = ['subjectaccessreviews', 'selfsubjectaccessreviews'];
    if (!reviews.includes(info.resource) || info.namespace || info.name) throw pageNotFound();
    if (method !== 'POST') throw methodNotAllowed();
    const body = decodeObjectBody(request, raw);
    return {
      code: 201,
      body:
        info.resource === 'subjectaccessreviews'
          ? await reviewAccess(parts.context, body)
          : await reviewOwnAccess(parts.context, request, body),
    };
  }
  const calicoRead = parts.context.options.calicoApiServer ? calicoApiServerRead(info) : undefined;
  if (calicoRead) {
    if (method !== 'GET') throw methodNotAllowed();
    const answer = await resourceRequest(parts, request, url, calicoRead, raw);
    return { ...answer, body: { ...(answer.body as object), apiVersion: `${calicoApiGroup}/v3` } };
  }
  return resourceRequest(
    parts,
    request,
    url,
    { ...info, resource: storedResource(info.apiGroup, info.resource) },
    raw,
  );
}

/** A request for a stored resource (built-in or custom), one object or the collection. */
async function resourceRequest(
  parts: Parts,
  request: IncomingMessage,
  url: URL,
  info: RequestInfo,
  raw: Buffer,
): Promise<Answer> {
  const method = request.method ?? 'GET';
  const kind = kinds[info.resource];
  if (!kind || `${info.apiGroup ? `${info.apiGroup}/` : ''}${info.apiVersion}` !== kind.apiVersion)
    throw pageNotFound();
  const { store } = parts.context;
  if (kind.namespaced && info.namespace) store.get('namespaces', '', info.namespace);
  if (info.subresource) return podSubresource(parts, request, url, info, raw);
  if (!info.name) return collection(parts, request, url, info, raw);
  switch (method) {
    case 'GET': {
      const object = store.get(info.resource, info.namespace, info.name);
      if (info.resource !== 'pods') return { code: 200, body: object };
      await parts.context.runtime.refresh([object as V1Pod]);
      return { code: 200, body: wantsTable(request) ? podTable({ items: [object as V1Pod] }) : object };
    }
    case 'DELETE':
      return { code: 200, body: await parts.objects.delete(info.resource, info.namespace, info.name) };
    case 'PATCH':
      return {
        code: 200,
        body: await parts.objects.patch(
          request,
          info.resource,
          info.namespace,
          info.name,
          raw.toString('utf8'),
        ),
      };
    default:
      throw methodNotAllowed();
  }
}

/** Discovery, OpenAPI and health: the paths that name no resource. */
function nonResource(parts: Parts, method: string, path: string): Answer {
  if (method !== 'GET') throw methodNotAllowed();
  if (path === '/version') return { code: 200, body: serverVersion };
  if (path === '/healthz' || path === '/readyz' || path === '/livez') return { code: 200, body: 'ok' };
  if (path === '/api') return { code: 200, body: apiVersions(parts.url.replace(/^http:\/\//, '')) };
  const hidden = parts.context.options.calicoCrds === false ? [`${calicoGroup}/v1`] : [];
  if (path === '/apis') return { code: 200, body: apiGroupList(hidden) };
  if (path === '/openapi/v3') return { code: 200, body: openApiRoot() };
  if (path.startsWith('/openapi/v3/')) {
    const document = openApiGroupVersion(path.slice('/openapi/v3/'.length));
    if (document) return { code: 200, body: document };
    throw pageNotFound();
  }
  const groupVersion = path === '/api/v1' ? 'v1' : path.replace(/^\/apis\//, '');
  const list =
    path.startsWith('/api') && !hidden.includes(groupVersion) ? resourceList(groupVersion) : undefined;
  if (list) return { code: 200, body: list };
  throw pageNotFound();
}

async function collection(
  parts: Parts,
  request: IncomingMessage,
  url: URL,
  info: RequestInfo,
  raw: Buffer,
): Promise<Answer> {
  const method = request.method ?? 'GET';
  if (method === 'POST')
    return {
      code: 201,
      body: await parts.objects.create(info.resource, info.namespace, decodeObjectBody(request, raw)),
    };
  if (method !== 'GET') throw methodNotAllowed();
  if (url.searchParams.get('watch') === 'true')
    throw new ApiStatusError(405, 'MethodNotAllowed', 'watch is not served by this double');
  const { store, runtime } = parts.context;
  // An endpoint's readiness is its pod's as of now (probes included), as the controller keeps it.
  // Same for a field selector on a pod's status (status.podIP): it selects on the status as of now.
  const onStatus = url.searchParams.get('fieldSelector')?.includes('status.') && info.resource === 'pods';
  if (info.resource === 'endpointslices' || onStatus)
    await runtime.refresh(store.all('pods', info.namespace) as V1Pod[]);
  const source =
    info.resource === 'endpointslices'
      ? parts.services.endpointSlices(info.namespace)
      : store.all(info.resource);
  const items = store.select(
    source,
    info.namespace,
    url.searchParams.get('labelSelector'),
    url.searchParams.get('fieldSelector'),
  );
  if (info.resource === 'pods') await runtime.refresh(items as V1Pod[]);
  const list = store.asList(info.resource, items);
  return {
    code: 200,
    body:
      wantsTable(request) && info.resource === 'pods'
        ? podTable(list as unknown as { items: V1Pod[] })
        : list,
  };
}

/** pods/ephemeralcontainers, pods/log and pods/exec (the exec that did not upgrade). */
async function podSubresource(
  parts: Parts,
  request: IncomingMessage,
  url: URL,
  info: RequestInfo,
  raw: Buffer,
): Promise<Answer> {
  const method = request.method ?? 'GET';
  const { context } = parts;
  if (info.resource !== 'pods') throw pageNotFound();
  if (info.subresource === 'ephemeralcontainers') {
    if (context.options.ephemeralContainers === false) throw pageNotFound();
    const pod = context.store.get('pods', info.namespace, info.name) as V1Pod;
    if (method === 'GET') {
      await context.runtime.refresh([pod]);
      return { code: 200, body: pod };
    }
    if (method === 'PATCH')
      return { code: 200, body: await patchEphemeralContainers(context, request, pod, raw.toString('utf8')) };
    throw methodNotAllowed();
  }
  if (info.subresource === 'log' && method === 'GET')
    return { code: 200, body: await podLogs(context, info, url) };
  if (info.subresource === 'exec') {
    // An exec that reaches here did not upgrade: the real server needs a streaming protocol.
    throw new ApiStatusError(400, 'BadRequest', 'Upgrade request required');
  }
  throw pageNotFound();
}

/** kubectl get asks for server-side printing; the real server answers with a Table. */
function wantsTable(request: IncomingMessage): boolean {
  return String(request.headers.accept ?? '').includes('as=Table');
}
