import type { V1Pod } from '@kubernetes/client-node';
import { notFound, pageNotFound } from './api-status.js';
import type { DoubleContext } from './context.js';
import { containerUsage, hostUsage } from './metrics-backend.js';
import { methodNotAllowed, type RequestInfo } from './request-info.js';

/** metrics.k8s.io/v1beta1 from `docker stats` and the host's /proc, as metrics-server serves it. */
export async function metrics(context: DoubleContext, method: string, info: RequestInfo): Promise<unknown> {
  if (context.options.metrics === false || info.apiVersion !== 'v1beta1') throw pageNotFound();
  if (method !== 'GET') throw methodNotAllowed();
  const window = '10.5s';
  const timestamp = new Date().toISOString();
  const { store, runtime } = context;
  if (info.resource === 'nodes') {
    const nodes = info.name ? [store.get('nodes', '', info.name)] : store.all('nodes');
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
    ? [store.get('pods', info.namespace, info.name) as V1Pod]
    : (store.all('pods', info.namespace) as V1Pod[]);
  const running = pods.filter((pod) => runtime.isStarted(pod));
  if (info.name && running.length === 0) throw notFound('pods', info.name, 'metrics.k8s.io');
  const containersOf = (pod: V1Pod) => [...pod.spec!.containers, ...(pod.spec!.ephemeralContainers ?? [])];
  const usage = await containerUsage(
    running.flatMap((pod) => containersOf(pod).map((c) => runtime.containerName(pod, c.name))),
  );
  const items = running.map((pod) => ({
    kind: 'PodMetrics',
    apiVersion: 'metrics.k8s.io/v1beta1',
    metadata: { name: pod.metadata!.name, namespace: pod.metadata!.namespace },
    timestamp,
    window,
    containers: containersOf(pod)
      .map((c) => ({ name: c.name, usage: usage.get(runtime.containerName(pod, c.name)) }))
      .filter((c) => c.usage),
  }));
  return info.name
    ? items[0]
    : { kind: 'PodMetricsList', apiVersion: 'metrics.k8s.io/v1beta1', metadata: {}, items };
}
