import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import type { V1EphemeralContainer, V1Pod, V1Service } from '@kubernetes/client-node';
import { ApiStatusError, invalid, notFound, pageNotFound } from './api-status.js';
import { apiGroupList, apiVersions, resourceList, serverVersion } from './discovery.js';
import { selfSignedCertificate } from './self-signed-certificate.js';
import {
  containerLogs,
  doubleNetwork,
  ensureDoubleNetwork,
  listDoubleContainers,
  programServiceAddress,
  removeContainers,
} from './docker-backend.js';
import { offersServedProtocol, serveExec } from './exec-websocket.js';
import { parseLabelSelector } from './label-selector.js';
import { containerUsage, hostUsage } from './metrics-backend.js';
import { admitPod } from './pod-security.js';
import { PodRuntime } from './pod-runtime.js';
import { applyJsonPatch, mergeEphemeralContainers } from './ephemeral-patch.js';
import { assertValidObject } from './validate-object.js';

/** One call as the API server's audit log would record it: what RBAC must grant for it to pass. */
export interface AccessLogEntry {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  /** The RBAC verbs this request needs (a WebSocket exec needs get and create since 1.32). */
  readonly verbs: readonly string[];
  readonly apiGroup: string;
  readonly resource: string;
  readonly subresource: string;
  readonly namespace: string;
  readonly name: string;
  readonly code: number;
  readonly contentType: string;
  readonly userAgent: string;
}

export interface KubeDoubleOptions {
  /** Image of the namespace holder containers (any image with `sleep`). */
  readonly holderImage: string;
  /** Node names; every pod without a nodeName lands on the first. */
  readonly nodes?: readonly { name: string; taints?: { key: string; value?: string; effect: string }[] }[];
  /** false: the cluster predates ephemeral containers, and the subresource answers 404. */
  readonly ephemeralContainers?: boolean;
  /** false: no metrics-server, and metrics.k8s.io answers 404. */
  readonly metrics?: boolean;
  readonly port?: number;
  /** Serve HTTPS with a fresh self-signed certificate that the kubeconfig trusts (no insecure flag). */
  readonly tls?: boolean;
}

interface RequestInfo {
  apiGroup: string;
  apiVersion: string;
  namespace: string;
  resource: string;
  name: string;
  subresource: string;
}

type KubeObject = Record<string, unknown> & {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    generateName?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    creationTimestamp?: string;
    labels?: Record<string, string>;
  };
};

const patchTypes = new Set([
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
]);

const kinds: Record<string, { kind: string; apiVersion: string; namespaced: boolean }> = {
  namespaces: { kind: 'Namespace', apiVersion: 'v1', namespaced: false },
  nodes: { kind: 'Node', apiVersion: 'v1', namespaced: false },
  pods: { kind: 'Pod', apiVersion: 'v1', namespaced: true },
  services: { kind: 'Service', apiVersion: 'v1', namespaced: true },
  deployments: { kind: 'Deployment', apiVersion: 'apps/v1', namespaced: true },
  statefulsets: { kind: 'StatefulSet', apiVersion: 'apps/v1', namespaced: true },
  daemonsets: { kind: 'DaemonSet', apiVersion: 'apps/v1', namespaced: true },
  endpointslices: { kind: 'EndpointSlice', apiVersion: 'discovery.k8s.io/v1', namespaced: true },
};

/**
 * An API-server double backed by the real Docker engine: the REST paths, verbs, content types, status
 * codes and Status bodies of the calls kubectl and the bot make, with pods that really run.
 */
export class KubeDouble {
  readonly id = randomBytes(3).toString('hex');
  readonly accessLog: AccessLogEntry[] = [];
  private readonly objects = new Map<string, KubeObject>();
  private readonly runtime: PodRuntime;
  private readonly nodeAddress = doubleNetwork.gateway;
  private readonly programmedServices = new Set<string>();
  private readonly pending = new Set<Promise<unknown>>();
  private server?: Server;
  private tlsCertificate?: { key: string; cert: string };
  private resourceVersion = 1000;
  private nextServiceIp: number = doubleNetwork.serviceRangeStart;
  url = '';
  kubeconfigPath = '';

  constructor(private readonly options: KubeDoubleOptions) {
    this.runtime = new PodRuntime(this.id, options.holderImage, this.nodeAddress);
  }

  async start(): Promise<this> {
    await ensureDoubleNetwork();
    for (const name of ['default', 'kube-system', 'netshoot']) {
      this.store('namespaces', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name, labels: { 'kubernetes.io/metadata.name': name } },
        spec: {},
        status: { phase: 'Active' },
      });
    }
    for (const node of this.options.nodes ?? [{ name: 'double-node-1' }]) {
      this.store('nodes', {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: {
          name: node.name,
          labels: { 'kubernetes.io/hostname': node.name, 'kubernetes.io/os': 'linux' },
        },
        spec: { taints: node.taints },
        status: {
          addresses: [
            { type: 'InternalIP', address: this.nodeAddress },
            { type: 'Hostname', address: node.name },
          ],
          allocatable: {
            cpu: String(cpus().length),
            memory: `${Math.floor(totalmem() / 1024)}Ki`,
            pods: '110',
          },
          capacity: { cpu: String(cpus().length), memory: `${Math.floor(totalmem() / 1024)}Ki`, pods: '110' },
          conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }],
          nodeInfo: {
            kubeletVersion: serverVersion.gitVersion,
            osImage: 'Docker',
            containerRuntimeVersion: 'docker',
            architecture: 'amd64',
            operatingSystem: 'linux',
          },
        },
      });
    }
    const handler = (request: IncomingMessage, response: ServerResponse) =>
      void this.handle(request, response);
    this.tlsCertificate = this.options.tls ? await selfSignedCertificate() : undefined;
    this.server = this.tlsCertificate
      ? createHttpsServer(this.tlsCertificate, handler)
      : createServer(handler);
    this.server.on('upgrade', (request, socket, head) => void this.handleUpgrade(request, socket, head));
    await new Promise<void>((resolve) => this.server!.listen(this.options.port ?? 0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.url = `${this.tlsCertificate ? 'https' : 'http'}://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    this.kubeconfigPath = this.writeKubeconfig();
    return this;
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.pending]);
    const server = this.server;
    if (server) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive connections of clients would hold close() open indefinitely.
      server.closeAllConnections();
      await closed;
    }
    await removeContainers(await listDoubleContainers(this.id));
  }

  private writeKubeconfig(): string {
    const dir = mkdtempSync(join(tmpdir(), 'kube-double-'));
    const path = join(dir, 'kubeconfig');
    // Plain HTTP on loopback: client-node accepts it only with insecure-skip-tls-verify. HTTPS: the
    // self-signed certificate is its own CA, so clients verify it as they would a real cluster's.
    const cluster = this.tlsCertificate
      ? `{server: "${this.url}", certificate-authority-data: ${Buffer.from(this.tlsCertificate.cert).toString('base64')}}`
      : `{server: "${this.url}", insecure-skip-tls-verify: true}`;
    writeFileSync(
      path,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        `- name: double`,
        `  cluster: ${cluster}`,
        'users:',
        '- name: double',
        '  user: {token: double-token}',
        'contexts:',
        '- name: double',
        '  context: {cluster: double, user: double, namespace: default}',
        'current-context: double',
        '',
      ].join('\n'),
    );
    return path;
  }

  // ---- harness helpers: set-up and assertions, not recorded in the access log -------------------

  /** Creates any supported object as `kubectl create` would, without an access-log entry. */
  async apply<T extends object>(object: T): Promise<T> {
    const typed = object as KubeObject;
    const resource = Object.entries(kinds).find(([, kind]) => kind.kind === typed.kind)?.[0];
    if (!resource) throw new Error(`the double does not serve kind ${String(typed.kind)}`);
    return (await this.create(
      resource,
      typed.metadata?.namespace ?? (kinds[resource]!.namespaced ? 'default' : ''),
      typed,
    )) as T;
  }

  /** The pod as stored, status refreshed from Docker. */
  async pod(namespace: string, name: string): Promise<V1Pod> {
    const pod = this.get('pods', namespace, name) as V1Pod;
    await this.runtime.refresh([pod]);
    return pod;
  }

  /** Waits until every container of the pod runs; bounded. */
  async waitForPodRunning(namespace: string, name: string, timeoutMs = 60_000): Promise<V1Pod> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const pod = await this.pod(namespace, name);
      const ready = pod.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
      if (pod.status?.phase === 'Running' && ready) return pod;
      const ended = pod.status?.phase === 'Failed' || pod.status?.phase === 'Succeeded';
      if (ended || Date.now() > deadline) {
        throw new Error(
          `pod ${namespace}/${name} is not Running: ${JSON.stringify({ phase: pod.status?.phase, message: pod.status?.message, containers: pod.status?.containerStatuses?.map((c) => c.state) })}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /** The Docker container backing a container of a pod, for tests that look underneath. */
  dockerName(namespace: string, pod: string, container?: string): string {
    const object = this.get('pods', namespace, pod) as V1Pod;
    return container ? this.runtime.containerName(object, container) : this.runtime.holderName(object);
  }

  // ---- HTTP --------------------------------------------------------------------------------------

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://double');
    const info = parseRequestInfo(url.pathname);
    let code = 200;
    let body: unknown;
    try {
      const raw = await readBody(request);
      const result = await this.dispatch(request, url, info, raw);
      code = result.code;
      body = result.body;
    } catch (error) {
      const status =
        error instanceof ApiStatusError
          ? error
          : new ApiStatusError(500, 'InternalError', String((error as Error).stack ?? error));
      code = status.code;
      body = status.toStatus();
    }
    if (info) this.log(request, url, info, code);
    if (typeof body === 'string') {
      response.writeHead(code, { 'Content-Type': 'text/plain' });
      response.end(body);
    } else {
      response.writeHead(code, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(body));
    }
  }

  private log(request: IncomingMessage, url: URL, info: RequestInfo, code: number): void {
    this.accessLog.push({
      method: request.method ?? 'GET',
      path: url.pathname,
      query: url.search,
      verbs: rbacVerbs(request, url, info),
      apiGroup: info.apiGroup,
      resource: info.resource,
      subresource: info.subresource,
      namespace: info.namespace,
      name: info.name,
      code,
      contentType: String(request.headers['content-type'] ?? ''),
      userAgent: String(request.headers['user-agent'] ?? ''),
    });
  }

  private async dispatch(
    request: IncomingMessage,
    url: URL,
    info: RequestInfo | undefined,
    raw: string,
  ): Promise<{ code: number; body: unknown }> {
    const method = request.method ?? 'GET';
    const path = url.pathname.replace(/\/$/, '');
    if (!info) {
      if (method !== 'GET')
        throw new ApiStatusError(
          405,
          'MethodNotAllowed',
          'the server does not allow this method on the requested resource',
        );
      if (path === '/version') return { code: 200, body: serverVersion };
      if (path === '/healthz' || path === '/readyz' || path === '/livez') return { code: 200, body: 'ok' };
      if (path === '/api') return { code: 200, body: apiVersions(this.url.replace(/^http:\/\//, '')) };
      if (path === '/apis') return { code: 200, body: apiGroupList() };
      const groupVersion = path === '/api/v1' ? 'v1' : path.replace(/^\/apis\//, '');
      const list = path.startsWith('/api') ? resourceList(groupVersion) : undefined;
      if (list) return { code: 200, body: list };
      throw pageNotFound();
    }
    if (info.apiGroup === 'metrics.k8s.io') return { code: 200, body: await this.metrics(method, info) };
    const kind = kinds[info.resource];
    if (!kind || `${info.apiGroup ? `${info.apiGroup}/` : ''}${info.apiVersion}` !== kind.apiVersion)
      throw pageNotFound();
    if (kind.namespaced && info.namespace) this.get('namespaces', '', info.namespace);

    if (info.subresource) return this.dispatchSubresource(request, url, info, raw);
    if (!info.name) {
      if (method === 'GET') {
        if (url.searchParams.get('watch') === 'true')
          throw new ApiStatusError(405, 'MethodNotAllowed', 'watch is not served by this double');
        const list = await this.list(
          info.resource,
          info.namespace,
          url.searchParams.get('labelSelector'),
          url.searchParams.get('fieldSelector'),
        );
        // kubectl get asks for server-side printing; the real server answers pods with a Table.
        const wantsTable = String(request.headers.accept ?? '').includes('as=Table');
        return {
          code: 200,
          body: wantsTable && info.resource === 'pods' ? podTable(list as { items: V1Pod[] }) : list,
        };
      }
      if (method === 'POST')
        return {
          code: 201,
          body: await this.create(info.resource, info.namespace, parseJsonBody(request, raw)),
        };
      throw new ApiStatusError(
        405,
        'MethodNotAllowed',
        'the server does not allow this method on the requested resource',
      );
    }
    if (method === 'GET') {
      const object = this.get(info.resource, info.namespace, info.name);
      if (info.resource === 'pods') await this.runtime.refresh([object as V1Pod]);
      return { code: 200, body: object };
    }
    if (method === 'DELETE')
      return { code: 200, body: await this.delete(info.resource, info.namespace, info.name) };
    throw new ApiStatusError(
      405,
      'MethodNotAllowed',
      'the server does not allow this method on the requested resource',
    );
  }

  private async dispatchSubresource(
    request: IncomingMessage,
    url: URL,
    info: RequestInfo,
    raw: string,
  ): Promise<{ code: number; body: unknown }> {
    const method = request.method ?? 'GET';
    if (info.resource !== 'pods') throw pageNotFound();
    if (info.subresource === 'ephemeralcontainers') {
      if (this.options.ephemeralContainers === false) throw pageNotFound();
      const pod = this.get('pods', info.namespace, info.name) as V1Pod;
      if (method === 'GET') {
        await this.runtime.refresh([pod]);
        return { code: 200, body: pod };
      }
      if (method === 'PATCH')
        return { code: 200, body: await this.patchEphemeralContainers(request, pod, raw) };
      throw new ApiStatusError(
        405,
        'MethodNotAllowed',
        'the server does not allow this method on the requested resource',
      );
    }
    if (info.subresource === 'log' && method === 'GET') {
      const pod = this.get('pods', info.namespace, info.name) as V1Pod;
      const container = this.containerFor(pod, url.searchParams.get('container'));
      return { code: 200, body: await containerLogs(this.runtime.containerName(pod, container)) };
    }
    if (info.subresource === 'exec') {
      // An exec that reaches here did not upgrade: the real server needs a streaming protocol.
      throw new ApiStatusError(400, 'BadRequest', 'Upgrade request required');
    }
    throw pageNotFound();
  }

  private containerFor(pod: V1Pod, requested: string | null): string {
    const spec = pod.spec!;
    const names = [
      ...spec.containers,
      ...(spec.initContainers ?? []),
      ...(spec.ephemeralContainers ?? []),
    ].map((c) => c.name);
    if (!requested) {
      if (spec.containers.length === 1) return spec.containers[0]!.name;
      throw new ApiStatusError(
        400,
        'BadRequest',
        `a container name must be specified for pod ${pod.metadata!.name}, choose one of: [${spec.containers.map((c) => c.name).join(' ')}]`,
      );
    }
    if (!names.includes(requested)) {
      throw new ApiStatusError(
        400,
        'BadRequest',
        `container ${requested} is not valid for pod ${pod.metadata!.name}`,
      );
    }
    return requested;
  }

  private async handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://double');
    const info = parseRequestInfo(url.pathname);
    const refuse = (status: ApiStatusError) => {
      if (info) this.log(request, url, info, status.code);
      const body = JSON.stringify(status.toStatus());
      socket.end(
        `HTTP/1.1 ${status.code} ${status.reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    };
    try {
      if (!info || info.resource !== 'pods' || info.subresource !== 'exec' || !info.name)
        throw pageNotFound();
      this.get('namespaces', '', info.namespace);
      const pod = this.get('pods', info.namespace, info.name) as V1Pod;
      await this.runtime.refresh([pod]);
      const container = this.containerFor(pod, url.searchParams.get('container'));
      const argv = url.searchParams.getAll('command');
      if (argv.length === 0)
        throw new ApiStatusError(400, 'BadRequest', 'you must specify at least 1 command');
      const allStatuses = [
        ...(pod.status?.containerStatuses ?? []),
        ...(pod.status?.ephemeralContainerStatuses ?? []),
      ];
      if (!allStatuses.find((status) => status.name === container)?.state?.running) {
        throw new ApiStatusError(
          400,
          'BadRequest',
          `container ${container} is not running in pod ${pod.metadata!.name}`,
        );
      }
      if (!offersServedProtocol(request))
        throw new ApiStatusError(
          400,
          'BadRequest',
          'unable to upgrade: no supported sub-protocol (v5.channel.k8s.io, v4.channel.k8s.io)',
        );
      this.log(request, url, info, 101);
      serveExec(
        request,
        socket,
        head,
        {
          container: this.runtime.containerName(pod, container),
          argv,
          stdin: url.searchParams.get('stdin') === 'true',
        },
        () => undefined,
      );
    } catch (error) {
      refuse(
        error instanceof ApiStatusError ? error : new ApiStatusError(500, 'InternalError', String(error)),
      );
    }
  }

  // ---- metrics-server ----------------------------------------------------------------------------

  /** metrics.k8s.io/v1beta1 from `docker stats` and the host's /proc, as metrics-server serves it. */
  private async metrics(method: string, info: RequestInfo): Promise<unknown> {
    if (this.options.metrics === false || info.apiVersion !== 'v1beta1') throw pageNotFound();
    if (method !== 'GET')
      throw new ApiStatusError(
        405,
        'MethodNotAllowed',
        'the server does not allow this method on the requested resource',
      );
    const window = '10.5s';
    const timestamp = new Date().toISOString();
    if (info.resource === 'nodes') {
      const nodes = info.name
        ? [this.get('nodes', '', info.name)]
        : [...this.objects.entries()].filter(([key]) => key.startsWith('nodes/')).map(([, node]) => node);
      const usage = await hostUsage();
      const items = nodes.map((node) => ({
        kind: 'NodeMetrics',
        apiVersion: 'metrics.k8s.io/v1beta1',
        metadata: { name: node.metadata!.name },
        timestamp,
        window,
        usage,
      }));
      return info.name
        ? items[0]
        : { kind: 'NodeMetricsList', apiVersion: 'metrics.k8s.io/v1beta1', metadata: {}, items };
    }
    if (info.resource !== 'pods') throw pageNotFound();
    const pods = info.name
      ? [this.get('pods', info.namespace, info.name) as V1Pod]
      : [...this.objects.entries()]
          .filter(([key]) => key.startsWith(`pods/${info.namespace ? `${info.namespace}/` : ''}`))
          .map(([, pod]) => pod as V1Pod);
    const running = pods.filter((pod) => this.runtime.isStarted(pod));
    if (info.name && running.length === 0) throw notFound('pods', info.name, 'metrics.k8s.io');
    const containersOf = (pod: V1Pod) => [...pod.spec!.containers, ...(pod.spec!.ephemeralContainers ?? [])];
    const usage = await containerUsage(
      running.flatMap((pod) => containersOf(pod).map((c) => this.runtime.containerName(pod, c.name))),
    );
    const items = running.map((pod) => ({
      kind: 'PodMetrics',
      apiVersion: 'metrics.k8s.io/v1beta1',
      metadata: { name: pod.metadata!.name, namespace: pod.metadata!.namespace },
      timestamp,
      window,
      containers: containersOf(pod)
        .map((c) => ({ name: c.name, usage: usage.get(this.runtime.containerName(pod, c.name)) }))
        .filter((c) => c.usage),
    }));
    return info.name
      ? items[0]
      : { kind: 'PodMetricsList', apiVersion: 'metrics.k8s.io/v1beta1', metadata: {}, items };
  }

  // ---- objects -----------------------------------------------------------------------------------

  private key(resource: string, namespace: string, name: string): string {
    return `${resource}/${namespace}/${name}`;
  }

  private store(resource: string, object: KubeObject): KubeObject {
    const metadata = (object.metadata ??= {});
    metadata.uid ??= randomUUID();
    metadata.creationTimestamp ??= new Date().toISOString();
    metadata.resourceVersion = String(++this.resourceVersion);
    this.objects.set(this.key(resource, metadata.namespace ?? '', metadata.name!), object);
    return object;
  }

  private get(resource: string, namespace: string, name: string): KubeObject {
    const object = this.objects.get(this.key(resource, kinds[resource]?.namespaced ? namespace : '', name));
    if (!object)
      throw notFound(
        resource,
        name,
        kinds[resource]?.apiVersion.includes('/') ? kinds[resource]!.apiVersion.split('/')[0] : '',
      );
    return object;
  }

  private async list(
    resource: string,
    namespace: string,
    labelSelector: string | null,
    fieldSelector: string | null,
  ): Promise<unknown> {
    const matches = parseLabelSelector(labelSelector);
    const fields = parseFieldSelector(fieldSelector);
    const source =
      resource === 'endpointslices'
        ? this.endpointSlices(namespace)
        : [...this.objects.entries()]
            .filter(([key]) => key.startsWith(`${resource}/`))
            .map(([, object]) => object);
    const items = source.filter(
      (object) =>
        (!namespace || object.metadata?.namespace === namespace) &&
        matches(object.metadata?.labels ?? {}) &&
        fields(object),
    );
    if (resource === 'pods') await this.runtime.refresh(items as V1Pod[]);
    const { kind, apiVersion } = kinds[resource]!;
    return {
      kind: `${kind}List`,
      apiVersion,
      metadata: { resourceVersion: String(this.resourceVersion) },
      items: items.map((item) => ({ ...item, kind: undefined, apiVersion: undefined })),
    };
  }

  private async create(resource: string, namespace: string, body: KubeObject): Promise<KubeObject> {
    const { kind, apiVersion, namespaced } = kinds[resource]!;
    if (resource === 'endpointslices' || resource === 'nodes')
      throw new ApiStatusError(405, 'MethodNotAllowed', `the double computes ${resource} itself`);
    if (body.kind !== kind || body.apiVersion !== apiVersion) {
      throw new ApiStatusError(
        400,
        'BadRequest',
        `the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${apiVersion})`,
      );
    }
    const metadata = (body.metadata ??= {});
    if (namespaced) {
      if (metadata.namespace && metadata.namespace !== namespace) {
        throw new ApiStatusError(
          400,
          'BadRequest',
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      }
      metadata.namespace = namespace;
      this.get('namespaces', '', namespace);
    }
    if (!metadata.name && metadata.generateName)
      metadata.name = metadata.generateName + randomBytes(3).toString('hex').slice(0, 5);
    if (!metadata.name)
      throw invalid(kind, '', [
        { field: 'metadata.name', message: 'Required value: name or generateName is required' },
      ]);
    if (!/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(metadata.name)) {
      throw invalid(kind, metadata.name, [
        {
          field: 'metadata.name',
          message: `Invalid value: "${metadata.name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'`,
        },
      ]);
    }
    await assertValidObject(body);
    if (this.objects.has(this.key(resource, metadata.namespace ?? '', metadata.name))) {
      throw new ApiStatusError(409, 'AlreadyExists', `${resource} "${metadata.name}" already exists`, {
        name: metadata.name,
        kind: resource,
      });
    }
    if (resource === 'pods') return this.createPod(body as V1Pod & KubeObject);
    if (resource === 'services') this.allocateClusterIp(body as V1Service);
    const stored = this.store(resource, structuredClone(body));
    if (resource === 'services') this.track(this.programServices());
    return stored;
  }

  private createPod(body: V1Pod & KubeObject): KubeObject {
    const pod = structuredClone(body);
    const spec = pod.spec!;
    const namespace = this.get('namespaces', '', pod.metadata!.namespace!);
    admitPod(
      pod.metadata!.name!,
      (namespace.metadata?.labels ?? {}) as Record<string, string>,
      spec as never,
    );
    const names = new Set<string>();
    for (const container of spec.containers) {
      if (names.has(container.name))
        throw invalid('Pod', pod.metadata!.name!, [
          { field: 'spec.containers[].name', message: `Duplicate value: "${container.name}"` },
        ]);
      names.add(container.name);
    }
    spec.nodeName ??= (this.options.nodes ?? [{ name: 'double-node-1' }])[0]!.name;
    spec.dnsPolicy ??= 'ClusterFirst';
    spec.restartPolicy ??= 'Always';
    pod.status = {
      phase: 'Pending',
      conditions: [{ type: 'PodScheduled', status: 'True' }] as never,
      qosClass: 'BestEffort',
    };
    const stored = this.store('pods', pod as KubeObject);
    // A pod bound to a node that does not exist stays Pending, as with a real cluster.
    if (this.objects.has(this.key('nodes', '', spec.nodeName))) {
      pod.status.startTime = new Date().toISOString() as never;
      this.track(
        this.runtime
          .start(pod)
          .then(() => this.programServices())
          .catch((error: unknown) => {
            pod.status = {
              ...pod.status,
              phase: 'Failed',
              message: String(error),
              reason: 'DoubleStartFailed',
            };
          }),
      );
    }
    return stored;
  }

  private async delete(resource: string, namespace: string, name: string): Promise<KubeObject> {
    const object = this.get(resource, namespace, name);
    if (resource === 'namespaces' || resource === 'nodes')
      throw new ApiStatusError(405, 'MethodNotAllowed', `the double does not delete ${resource}`);
    this.objects.delete(this.key(resource, kinds[resource]!.namespaced ? namespace : '', name));
    if (resource === 'pods') await this.runtime.remove(object as V1Pod);
    return object;
  }

  /**
   * The ephemeralcontainers subresource: only spec.ephemeralContainers may change, entries may be
   * added but never removed or changed, names are unique in the pod, and Pod Security applies.
   */
  private async patchEphemeralContainers(request: IncomingMessage, pod: V1Pod, raw: string): Promise<V1Pod> {
    const contentType = String(request.headers['content-type'] ?? '')
      .split(';')[0]!
      .trim();
    if (!patchTypes.has(contentType)) {
      throw new ApiStatusError(
        415,
        'UnsupportedMediaType',
        `the body of the request was in an unknown format - accepted media types include: ${[...patchTypes].join(', ')}`,
      );
    }
    let patch: unknown;
    try {
      patch = JSON.parse(raw);
    } catch (error) {
      throw new ApiStatusError(400, 'BadRequest', `error decoding patch: ${(error as Error).message}`);
    }
    const podName = pod.metadata!.name!;
    const before = pod.spec!.ephemeralContainers ?? [];
    let after: V1EphemeralContainer[];
    if (contentType === 'application/json-patch+json') {
      if (!Array.isArray(patch))
        throw new ApiStatusError(
          400,
          'BadRequest',
          'json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp',
        );
      after = (applyJsonPatch(pod, patch) as V1Pod).spec?.ephemeralContainers ?? [];
    } else if (
      contentType === 'application/strategic-merge-patch+json' ||
      contentType === 'application/merge-patch+json'
    ) {
      const body = patch as {
        metadata?: { resourceVersion?: string };
        spec?: { ephemeralContainers?: V1EphemeralContainer[] };
      };
      const expected = body.metadata?.resourceVersion;
      if (expected && expected !== pod.metadata!.resourceVersion) {
        throw new ApiStatusError(
          409,
          'Conflict',
          `Operation cannot be fulfilled on pods "${podName}": the object has been modified; please apply your changes to the latest version and try again`,
          { name: podName, kind: 'pods' },
        );
      }
      const incoming = body.spec?.ephemeralContainers ?? before;
      after =
        contentType === 'application/merge-patch+json'
          ? incoming
          : mergeEphemeralContainers(before, incoming);
    } else {
      throw new ApiStatusError(
        415,
        'UnsupportedMediaType',
        'apply patches are not served for pods/ephemeralcontainers by this double',
      );
    }

    const causes: { field: string; message: string }[] = [];
    before.forEach((existing, index) => {
      const now = after.find((container) => container.name === existing.name);
      if (!now)
        causes.push({
          field: 'spec.ephemeralContainers',
          message: `Forbidden: existing ephemeral containers "${existing.name}" may not be removed`,
        });
      else if (JSON.stringify(now) !== JSON.stringify(existing))
        causes.push({
          field: `spec.ephemeralContainers[${index}]`,
          message: 'Forbidden: existing ephemeral containers may not be changed',
        });
    });
    const taken = new Set([...pod.spec!.containers, ...(pod.spec!.initContainers ?? [])].map((c) => c.name));
    const added = after.filter((container) => !before.some((existing) => existing.name === container.name));
    added.forEach((container) => {
      if (taken.has(container.name))
        causes.push({
          field: 'spec.ephemeralContainers[].name',
          message: `Duplicate value: "${container.name}"`,
        });
      if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(container.name ?? ''))
        causes.push({
          field: 'spec.ephemeralContainers[].name',
          message: `Invalid value: "${container.name}": a lowercase RFC 1123 label`,
        });
      if (!container.image)
        causes.push({ field: 'spec.ephemeralContainers[].image', message: 'Required value' });
      const withPorts = container as {
        ports?: unknown;
        readinessProbe?: unknown;
        livenessProbe?: unknown;
        resources?: { limits?: object; requests?: object };
      };
      if (withPorts.ports || withPorts.readinessProbe || withPorts.livenessProbe)
        causes.push({
          field: `spec.ephemeralContainers[].name`,
          message: 'Forbidden: cannot be set for an Ephemeral Container',
        });
      if (
        Object.keys(withPorts.resources?.limits ?? {}).length ||
        Object.keys(withPorts.resources?.requests ?? {}).length
      )
        causes.push({
          field: 'spec.ephemeralContainers[].resources',
          message: 'Forbidden: cannot be set for an Ephemeral Container',
        });
      taken.add(container.name);
    });
    if (causes.length) throw invalid('Pod', podName, causes);
    const candidate = { ...pod, spec: { ...pod.spec!, ephemeralContainers: after } };
    await assertValidObject({ apiVersion: 'v1', kind: 'Pod', ...candidate } as KubeObject);
    const namespace = this.get('namespaces', '', pod.metadata!.namespace!);
    admitPod(
      podName,
      (namespace.metadata?.labels ?? {}) as Record<string, string>,
      { ...candidate.spec, containers: [], initContainers: [], ephemeralContainers: added } as never,
    );

    pod.spec!.ephemeralContainers = after;
    this.store('pods', pod as KubeObject);
    if (this.runtime.isStarted(pod)) {
      for (const container of added)
        this.track(this.runtime.startEphemeral(pod, container).catch(() => undefined));
    }
    await this.runtime.refresh([pod]);
    return pod;
  }

  // ---- services ----------------------------------------------------------------------------------

  private allocateClusterIp(service: V1Service): void {
    const spec = (service.spec ??= {});
    if (spec.clusterIP === 'None' || spec.type === 'ExternalName') return;
    if (this.nextServiceIp > doubleNetwork.serviceRangeEnd)
      throw new ApiStatusError(500, 'InternalError', 'the double ran out of Service IPs');
    spec.clusterIP = `${doubleNetwork.subnet.split('.').slice(0, 3).join('.')}.${this.nextServiceIp++}`;
    spec.clusterIPs = [spec.clusterIP];
    spec.type ??= 'ClusterIP';
    spec.ports = (spec.ports ?? []).map((port) => ({ protocol: 'TCP', targetPort: port.port, ...port }));
  }

  private readyPodsFor(service: V1Service): V1Pod[] {
    const selector = service.spec?.selector;
    if (!selector) return [];
    return [...this.objects.entries()]
      .filter(([key]) => key.startsWith(`pods/${service.metadata!.namespace}/`))
      .map(([, object]) => object as V1Pod)
      .filter((pod) =>
        Object.entries(selector).every(([key, value]) => pod.metadata?.labels?.[key] === value),
      )
      .filter((pod) => this.runtime.isStarted(pod))
      .sort((a, b) =>
        String(a.metadata!.creationTimestamp).localeCompare(String(b.metadata!.creationTimestamp)),
      );
  }

  private targetPort(
    service: V1Service,
    pod: V1Pod,
    port: { port: number; targetPort?: number | string },
  ): number {
    const target = port.targetPort ?? port.port;
    if (typeof target === 'number') return target;
    if (/^\d+$/.test(target)) return Number(target);
    const named = pod.spec!.containers.flatMap((c) => c.ports ?? []).find((p) => p.name === target);
    return named?.containerPort ?? port.port;
  }

  /** The endpointslice controller's view of every Service in the namespace, computed on read. */
  private endpointSlices(namespace: string): KubeObject[] {
    const services = [...this.objects.entries()]
      .filter(([key]) => key.startsWith(`services/${namespace ? `${namespace}/` : ''}`))
      .map(([, object]) => object as V1Service);
    return services
      .filter((service) => service.spec?.selector)
      .map((service) => {
        const pods = this.readyPodsFor(service);
        const first = pods[0];
        return {
          apiVersion: 'discovery.k8s.io/v1',
          kind: 'EndpointSlice',
          metadata: {
            name: `${service.metadata!.name}-double`,
            namespace: service.metadata!.namespace,
            labels: {
              'kubernetes.io/service-name': service.metadata!.name!,
              'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
            },
            uid: `${service.metadata!.uid}-slice`,
            resourceVersion: String(this.resourceVersion),
          },
          addressType: 'IPv4',
          endpoints: pods
            .filter((pod) => pod.status?.podIP)
            .map((pod) => {
              const ready = pod.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
              return {
                addresses: [pod.status!.podIP!],
                conditions: { ready, serving: ready, terminating: false },
                nodeName: pod.spec!.nodeName,
                targetRef: {
                  kind: 'Pod',
                  name: pod.metadata!.name,
                  namespace: pod.metadata!.namespace,
                  uid: pod.metadata!.uid,
                },
              };
            }),
          ports: (service.spec!.ports ?? []).map((port) => ({
            name: port.name ?? '',
            port: first
              ? this.targetPort(service, first, port)
              : typeof port.targetPort === 'number'
                ? port.targetPort
                : port.port,
            protocol: port.protocol ?? 'TCP',
          })),
        };
      });
  }

  /** kube-proxy's part: a Service's ClusterIP answers in its first endpoint pod (see docker-backend). */
  private async programServices(): Promise<void> {
    for (const [key, object] of this.objects) {
      if (!key.startsWith('services/')) continue;
      const service = object as V1Service;
      if (
        !service.spec?.clusterIP ||
        service.spec.clusterIP === 'None' ||
        this.programmedServices.has(service.metadata!.uid!)
      )
        continue;
      const pod = this.readyPodsFor(service).find((candidate) => !candidate.spec!.hostNetwork);
      if (!pod) continue;
      const pid = await this.runtime.holderPid(pod);
      if (!pid) continue;
      await programServiceAddress({
        holderPid: pid,
        clusterIp: service.spec.clusterIP,
        ports: (service.spec.ports ?? []).map((port) => ({
          protocol: port.protocol ?? 'TCP',
          port: port.port,
          targetPort: this.targetPort(service, pod, port),
        })),
      });
      this.programmedServices.add(service.metadata!.uid!);
    }
  }

  private track(promise: Promise<unknown>): void {
    this.pending.add(promise);
    void promise.finally(() => this.pending.delete(promise));
  }
}

/** `kubectl get pods` as the real server prints it: NAME READY STATUS RESTARTS AGE. */
function podTable(list: { items: V1Pod[] }): unknown {
  const column = (name: string, format = '') => ({
    name,
    type: 'string',
    format,
    description: '',
    priority: 0,
  });
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: {},
    columnDefinitions: [
      column('Name', 'name'),
      column('Ready'),
      column('Status'),
      column('Restarts'),
      column('Age'),
    ],
    rows: list.items.map((pod) => {
      const statuses = pod.status?.containerStatuses ?? [];
      const ready = `${statuses.filter((status) => status.ready).length}/${pod.spec!.containers.length}`;
      const ageSeconds = Math.max(
        0,
        Math.round((Date.now() - new Date(String(pod.metadata!.creationTimestamp)).getTime()) / 1000),
      );
      const age = ageSeconds < 120 ? `${ageSeconds}s` : `${Math.round(ageSeconds / 60)}m`;
      return {
        cells: [pod.metadata!.name, ready, pod.status?.phase ?? 'Pending', '0', age],
        object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: pod.metadata },
      };
    }),
  };
}

/** Reads /api/v1/namespaces/ns/pods/name/exec and /apis/apps/v1/namespaces/ns/deployments/name. */
function parseRequestInfo(pathname: string): RequestInfo | undefined {
  const parts = pathname.split('/').filter(Boolean);
  let apiGroup = '';
  let apiVersion: string;
  let rest: string[];
  if (parts[0] === 'api' && parts[1] === 'v1') {
    apiVersion = 'v1';
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 3) {
    apiGroup = parts[1]!;
    apiVersion = parts[2]!;
    rest = parts.slice(3);
  } else return undefined;
  if (rest.length === 0) return undefined;
  let namespace = '';
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1]!;
    rest = rest.slice(2);
  }
  const [resource, name = '', subresource = ''] = rest as [string, string?, string?];
  return { apiGroup, apiVersion, namespace, resource, name, subresource };
}

/** The RBAC verbs of a request, as the API server's authorizer derives them. */
function rbacVerbs(request: IncomingMessage, url: URL, info: RequestInfo): string[] {
  const method = request.method ?? 'GET';
  if (info.subresource === 'exec' && request.headers.upgrade) return ['get', 'create'];
  switch (method) {
    case 'GET':
      if (info.name) return ['get'];
      return [url.searchParams.get('watch') === 'true' ? 'watch' : 'list'];
    case 'POST':
      return ['create'];
    case 'PUT':
      return ['update'];
    case 'PATCH':
      return ['patch'];
    case 'DELETE':
      return [info.name ? 'delete' : 'deletecollection'];
    default:
      return [method.toLowerCase()];
  }
}

function parseFieldSelector(selector: string | null): (object: KubeObject) => boolean {
  if (!selector) return () => true;
  const requirements = selector.split(',').map((part) => {
    const [field, value] = part.split(/!?=+/) as [string, string];
    const negate = part.includes('!=');
    return (object: KubeObject) => {
      const actual = field
        .split('.')
        .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], object);
      return negate ? actual !== value : String(actual ?? '') === value;
    };
  });
  return (object) => requirements.every((requirement) => requirement(object));
}

function parseJsonBody(request: IncomingMessage, raw: string): KubeObject {
  const contentType = String(request.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim();
  if (contentType !== 'application/json') {
    throw new ApiStatusError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf`,
    );
  }
  try {
    return JSON.parse(raw) as KubeObject;
  } catch (error) {
    throw new ApiStatusError(400, 'BadRequest', `error decoding body: ${(error as Error).message}`);
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

export async function startKubeDouble(options: KubeDoubleOptions): Promise<KubeDouble> {
  return new KubeDouble(options).start();
}
