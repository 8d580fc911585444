import type { IncomingMessage } from 'node:http';
import type { V1EphemeralContainer, V1Pod } from '@kubernetes/client-node';
import { ApiStatusError, invalid } from './api-status.js';
import type { DoubleContext } from './context.js';
import { applyJsonPatch, mergeEphemeralContainers } from './ephemeral-patch.js';
import type { KubeObject } from './object-store.js';
import { admitPod } from './pod-security.js';
import { mediaType } from './request-info.js';
import { assertValidObject } from './validate-object.js';

/** The four patch types a real server accepts on PATCH; anything else is 415. */
export const patchTypes = new Set([
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
]);

export async function patchEphemeralContainers(
  context: DoubleContext,
  request: IncomingMessage,
  pod: V1Pod,
  raw: string,
): Promise<V1Pod> {
  const contentType = mediaType(request);
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
      contentType === 'application/merge-patch+json' ? incoming : mergeEphemeralContainers(before, incoming);
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
  const namespace = context.store.get('namespaces', '', pod.metadata!.namespace!);
  admitPod(
    podName,
    (namespace.metadata?.labels ?? {}) as Record<string, string>,
    { ...candidate.spec, containers: [], initContainers: [], ephemeralContainers: added } as never,
  );

  pod.spec!.ephemeralContainers = after;
  context.store.store('pods', pod as KubeObject);
  if (context.runtime.isStarted(pod)) {
    for (const container of added)
      context.track(context.runtime.startEphemeral(pod, container).catch(() => undefined));
  }
  await context.runtime.refresh([pod]);
  return pod;
}
