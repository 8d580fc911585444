import type { V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import { InvalidInputError } from '../../errors.js';
import type { TargetRef } from '../../grammar/target.js';
import { resolveNode, resolvePodTarget } from './targets/kubernetes-targets.js';
import type { StatsOptions } from '../executor.js';
import type { RunResult } from '../../results/run-result.js';
import { descendingBy, renderTable, sortAndLimit, statsResult, type StatsView } from '../stats-table.js';
import type { KubeClients } from './kube-clients.js';
import { apiFailure, translateApiError } from './kube-api-errors.js';

interface Usage {
  cpu: string;
  memory: string;
}
interface PodMetrics {
  metadata: { name: string; namespace: string };
  window?: string;
  containers: { name: string; usage: Usage }[];
}
interface NodeMetrics {
  metadata: { name: string };
  window?: string;
  usage: Usage;
}

const metrics = { group: 'metrics.k8s.io', version: 'v1beta1' } as const;
const noMetricsNote =
  'metrics-server does not answer here (metrics.k8s.io), so CPU and memory are not shown; states and restarts are';

/**
 * `stats` on Kubernetes targets (SPEC 3: what ctop shows, as a snapshot): for a pod-backed target,
 * its containers (the toolbox included) with state, restarts, CPU and memory from metrics-server;
 * for a node, its usage and its busiest pods. Without metrics-server the states still come, with a
 * line that says why the numbers do not. `--sort`, `--limit` and `--all` as on Docker (stats-table.ts):
 * `--all` adds the ended containers of a pod, or the finished pods of a node.
 */
export async function kubernetesStats(
  clients: KubeClients,
  target: TargetRef,
  options: StatsOptions,
): Promise<RunResult> {
  const started = Date.now();
  const { namespace, ...view } = options;
  const compare = comparatorFor(view);
  const stdout =
    target.kind === 'node'
      ? await nodeStats(clients, target.name, view, compare)
      : await podStats(clients, target, namespace, view, compare);
  return statsResult(target, view, stdout, started);
}

/** A row of either table: what it sorts by, and its cells. */
interface Row {
  readonly name: string;
  readonly cpu: number | undefined;
  readonly memory: number | undefined;
  readonly cells: string[];
}

/** metrics-server has CPU and memory only: network and block I/O are Docker's. */
function comparatorFor(view: StatsView): (a: Row, b: Row) => number {
  const sort = view.sort ?? 'cpu';
  if (sort !== 'cpu' && sort !== 'memory') {
    throw new InvalidInputError(
      `stats cannot sort by ${sort} on Kubernetes: metrics-server reports CPU and memory, not network or block I/O`,
      ['use --sort cpu or --sort memory'],
    );
  }
  return descendingBy(
    (row: Row) => row[sort] ?? -1,
    (row) => row.name,
  );
}

async function podStats(
  clients: KubeClients,
  target: TargetRef,
  namespace: string,
  view: StatsView,
  compare: (a: Row, b: Row) => number,
): Promise<string> {
  const { pod, name, picked } = await resolvePodTarget(clients, target, namespace);
  const usage = await readMetrics<PodMetrics>(() =>
    clients.customObjects.getNamespacedCustomObject({ ...metrics, namespace, plural: 'pods', name }),
  );
  const statuses = [
    ...(pod.status?.containerStatuses ?? []),
    ...(pod.status?.ephemeralContainerStatuses ?? []),
  ];
  // Like Docker's stopped containers: ended ones (old toolboxes, a Job's finished container) only with --all.
  const listed = view.all ? statuses : statuses.filter((status) => !status.state?.terminated);
  const rows = listed.map((status): Row => {
    const used = usage?.containers.find((container) => container.name === status.name)?.usage;
    const cpu = used ? Number(millicores(used.cpu)) : undefined;
    const memory = used ? Number(mebibytes(used.memory)) : undefined;
    return {
      name: status.name,
      cpu,
      memory,
      cells: [
        status.name,
        stateOf(status),
        status.ready ? 'yes' : 'no',
        String(status.restartCount),
        cpu === undefined ? '-' : String(cpu),
        memory === undefined ? '-' : String(memory),
      ],
    };
  });
  const { shown, total } = sortAndLimit(rows, compare, view.limit);
  const ended = statuses.length - listed.length;
  const head = `pod ${name} (ns ${namespace}) on node ${pod.spec?.nodeName ?? '?'}, ${pod.status?.phase ?? 'Pending'}, IP ${pod.status?.podIP ?? '-'}${picked ? `; ${picked}` : ''}`;
  return [
    head,
    ...(usage ? [] : [noMetricsNote]),
    renderTable(
      ['CONTAINER', 'STATE', 'READY', 'RESTARTS', 'CPU(m)', 'MEMORY(Mi)'],
      shown.map((row) => row.cells),
      total,
    ),
    ...(ended > 0
      ? [`(${ended} ended ${ended === 1 ? 'container' : 'containers'} not shown; --all shows them)`]
      : []),
  ].join('\n');
}

function stateOf(status: V1ContainerStatus): string {
  if (status.state?.running) return 'running';
  if (status.state?.terminated) {
    return `terminated (${status.state.terminated.reason ?? status.state.terminated.exitCode})`;
  }
  return `waiting (${status.state?.waiting?.reason ?? '?'})`;
}

async function nodeStats(
  clients: KubeClients,
  name: string,
  view: StatsView,
  compare: (a: Row, b: Row) => number,
): Promise<string> {
  const node = await resolveNode(clients, name);
  const usage = await readMetrics<NodeMetrics>(() =>
    clients.customObjects.getClusterCustomObject({ ...metrics, plural: 'nodes', name }),
  );
  let pods: V1Pod[];
  try {
    pods = (await clients.core.listPodForAllNamespaces({ fieldSelector: `spec.nodeName=${name}` })).items;
  } catch (error) {
    throw translateApiError(error, `list the pods on node ${name}`);
  }
  // Like Docker's stopped containers: finished pods (a Job's, an evicted one) only with --all.
  const listed = view.all ? pods : pods.filter((pod) => !finishedPhases.has(pod.status?.phase ?? ''));
  const podUsage = usage
    ? ((
        await readMetrics<{ items: PodMetrics[] }>(() =>
          clients.customObjects.listClusterCustomObject({ ...metrics, plural: 'pods' }),
        )
      )?.items ?? [])
    : [];
  const rows = listed.map((pod): Row => {
    const podName = `${pod.metadata?.namespace}/${pod.metadata?.name}`;
    const used = podUsage.find(
      (entry) =>
        entry.metadata.name === pod.metadata?.name && entry.metadata.namespace === pod.metadata?.namespace,
    );
    const cpu = used
      ? used.containers.reduce((sum, container) => sum + Number(millicores(container.usage.cpu)), 0)
      : undefined;
    const memory = used
      ? used.containers.reduce((sum, container) => sum + Number(mebibytes(container.usage.memory)), 0)
      : undefined;
    return {
      name: podName,
      cpu,
      memory,
      cells: [
        podName,
        pod.status?.phase ?? '?',
        cpu === undefined ? '-' : String(cpu),
        memory === undefined ? '-' : String(memory),
      ],
    };
  });
  const { shown, total } = sortAndLimit(rows, compare, view.limit);
  const allocatable = node.status?.allocatable ?? {};
  const head = usage
    ? `node ${name}: CPU ${millicores(usage.usage.cpu)}m of ${allocatable.cpu ?? '?'} allocatable, memory ${mebibytes(usage.usage.memory)}Mi of ${allocatable.memory ?? '?'}; ${listed.length} pods`
    : `node ${name}: ${listed.length} pods`;
  const finished = pods.length - listed.length;
  return [
    head,
    ...(usage ? [] : [noMetricsNote]),
    renderTable(
      ['POD', 'PHASE', 'CPU(m)', 'MEMORY(Mi)'],
      shown.map((row) => row.cells),
      total,
    ),
    ...(finished > 0
      ? [`(${finished} finished ${finished === 1 ? 'pod' : 'pods'} not shown; --all shows them)`]
      : []),
  ].join('\n');
}

const finishedPhases = new Set(['Succeeded', 'Failed']);

/** The metrics object, or undefined when metrics-server is not installed (404, 503). */
async function readMetrics<T>(read: () => Promise<unknown>): Promise<T | undefined> {
  try {
    return (await read()) as T;
  } catch (error) {
    const { code } = apiFailure(error);
    if (code === 404 || code === 503) return undefined;
    throw translateApiError(error, 'read metrics.k8s.io');
  }
}

/** Kubernetes CPU quantities (`250m`, `1`, `12345n`, `3u`) in whole millicores. */
export function millicores(quantity: string): string {
  const match = /^(\d+(?:\.\d+)?)(n|u|m)?$/.exec(quantity);
  if (!match) return quantity;
  const value = Number(match[1]);
  const factor = { n: 1e-6, u: 1e-3, m: 1 }[match[2] as 'n' | 'u' | 'm'] ?? 1000;
  return String(Math.round(value * factor));
}

/** Kubernetes memory quantities (`123456Ki`, `64Mi`, `1Gi`, `1000000`) in whole mebibytes. */
export function mebibytes(quantity: string): string {
  const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G)?$/.exec(quantity);
  if (!match) return quantity;
  const factor =
    { Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, k: 1e3, M: 1e6, G: 1e9 }[match[2] as 'Ki'] ?? 1;
  return String(Math.round((Number(match[1]) * factor) / 1024 ** 2));
}
