import type { V1Pod } from '@kubernetes/client-node';
import { ApiStatusError, invalid } from './api-status.js';
import { defaultNodes, type DoubleContext } from './context.js';
import { containerLogs } from './docker-backend.js';
import type { KubeObject } from './object-store.js';
import { admitPod } from './pod-security.js';
import type { RequestInfo } from './request-info.js';

/** The scheduler's and the kubelet's part of a create: admitted, bound to a node, started in Docker. */
export function createPod(context: DoubleContext, body: V1Pod & KubeObject): KubeObject {
  const pod = structuredClone(body);
  const spec = pod.spec!;
  const namespace = context.store.get('namespaces', '', pod.metadata!.namespace!);
  admitPod(pod.metadata!.name!, (namespace.metadata?.labels ?? {}) as Record<string, string>, spec as never);
  const names = new Set<string>();
  for (const container of spec.containers) {
    if (names.has(container.name))
      throw invalid('Pod', pod.metadata!.name!, [
        { field: 'spec.containers[].name', message: `Duplicate value: "${container.name}"` },
      ]);
    names.add(container.name);
  }
  spec.nodeName ??= (context.options.nodes ?? defaultNodes)[0]!.name;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.restartPolicy ??= 'Always';
  pod.status = {
    phase: 'Pending',
    conditions: [{ type: 'PodScheduled', status: 'True' }] as never,
    qosClass: 'BestEffort',
  };
  const stored = context.store.store('pods', pod as KubeObject);
  // A pod bound to a node that does not exist stays Pending, as with a real cluster.
  if (context.store.has('nodes', '', spec.nodeName)) {
    pod.status.startTime = new Date().toISOString() as never;
    context.track(
      context.runtime
        .start(pod)
        .then(() => context.programServices())
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

/** `container X is not valid for pod Y`, or the only container when none is named. */
export function containerFor(pod: V1Pod, requested: string | null): string {
  const spec = pod.spec!;
  const names = [...spec.containers, ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])].map(
    (c) => c.name,
  );
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

/** pods/log: the container's output, from Docker. */
export async function podLogs(context: DoubleContext, info: RequestInfo, url: URL): Promise<string> {
  const pod = context.store.get('pods', info.namespace, info.name) as V1Pod;
  const container = containerFor(pod, url.searchParams.get('container'));
  return containerLogs(context.runtime.containerName(pod, container));
}

/**
 * `kubectl get pods` as the real server prints it: NAME READY STATUS RESTARTS AGE, and with `-o wide`
 * the priority-1 columns IP NODE NOMINATED NODE READINESS GATES.
 */
export function podTable(list: { items: V1Pod[] }): unknown {
  const column = (name: string, format = '', priority = 0) => ({
    name,
    type: 'string',
    format,
    description: '',
    priority,
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
      column('IP', '', 1),
      column('Node', '', 1),
      column('Nominated Node', '', 1),
      column('Readiness Gates', '', 1),
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
        cells: [
          pod.metadata!.name,
          ready,
          pod.status?.phase ?? 'Pending',
          '0',
          age,
          pod.status?.podIP ?? '<none>',
          pod.spec!.nodeName ?? '<none>',
          '<none>',
          '<none>',
        ],
        object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: pod.metadata },
      };
    }),
  };
}
