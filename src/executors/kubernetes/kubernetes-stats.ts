import type { V1Pod } from '@kubernetes/client-node';
import { formatTarget, type TargetRef } from '../../grammar/target.js';
import { resolveNode, resolvePodTarget } from '../../targets/kubernetes-targets.js';
import type { RunResult } from '../executor.js';
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
 * line that says why the numbers do not.
 */
export async function kubernetesStats(
  clients: KubeClients,
  target: TargetRef,
  namespace: string,
): Promise<RunResult> {
  const started = Date.now();
  const stdout =
    target.kind === 'node'
      ? await nodeStats(clients, target.name)
      : await podStats(clients, target, namespace);
  return {
    argv: ['stats', formatTarget(target)],
    exitCode: 0,
    signal: null,
    timedOut: false,
    canceled: false,
    stdout,
    stderr: '',
    truncated: false,
    durationMs: Date.now() - started,
    artifacts: [],
  };
}

async function podStats(clients: KubeClients, target: TargetRef, namespace: string): Promise<string> {
  const { pod, name, picked } = await resolvePodTarget(clients, target, namespace);
  const usage = await readMetrics<PodMetrics>(() =>
    clients.customObjects.getNamespacedCustomObject({ ...metrics, namespace, plural: 'pods', name }),
  );
  const statuses = [
    ...(pod.status?.containerStatuses ?? []),
    ...(pod.status?.ephemeralContainerStatuses ?? []),
  ];
  const rows = statuses.map((status) => {
    const used = usage?.containers.find((container) => container.name === status.name)?.usage;
    const state = status.state?.running
      ? 'running'
      : status.state?.terminated
        ? `terminated (${status.state.terminated.reason ?? status.state.terminated.exitCode})`
        : `waiting (${status.state?.waiting?.reason ?? '?'})`;
    return [
      status.name,
      state,
      status.ready ? 'yes' : 'no',
      String(status.restartCount),
      used ? millicores(used.cpu) : '-',
      used ? mebibytes(used.memory) : '-',
    ];
  });
  const head = `pod ${name} (ns ${namespace}) on node ${pod.spec?.nodeName ?? '?'}, ${pod.status?.phase ?? 'Pending'}, IP ${pod.status?.podIP ?? '-'}${picked ? `; ${picked}` : ''}`;
  return [
    head,
    ...(usage ? [] : [noMetricsNote]),
    table(['CONTAINER', 'STATE', 'READY', 'RESTARTS', 'CPU(m)', 'MEMORY(Mi)'], rows),
  ].join('\n');
}

async function nodeStats(clients: KubeClients, name: string): Promise<string> {
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
  const podUsage = usage
    ? ((
        await readMetrics<{ items: PodMetrics[] }>(() =>
          clients.customObjects.listClusterCustomObject({ ...metrics, plural: 'pods' }),
        )
      )?.items ?? [])
    : [];
  const rows = pods
    .map((pod) => {
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
      return { pod, cpu, memory };
    })
    .sort(
      (a, b) =>
        (b.cpu ?? 0) - (a.cpu ?? 0) ||
        String(a.pod.metadata?.name).localeCompare(String(b.pod.metadata?.name)),
    )
    .slice(0, 20)
    .map(({ pod, cpu, memory }) => [
      `${pod.metadata?.namespace}/${pod.metadata?.name}`,
      pod.status?.phase ?? '?',
      cpu === undefined ? '-' : String(cpu),
      memory === undefined ? '-' : String(memory),
    ]);
  const allocatable = node.status?.allocatable ?? {};
  const head = usage
    ? `node ${name}: CPU ${millicores(usage.usage.cpu)}m of ${allocatable.cpu ?? '?'} allocatable, memory ${mebibytes(usage.usage.memory)}Mi of ${allocatable.memory ?? '?'}; ${pods.length} pods`
    : `node ${name}: ${pods.length} pods`;
  return [
    head,
    ...(usage ? [] : [noMetricsNote]),
    table(['POD', 'PHASE', 'CPU(m)', 'MEMORY(Mi)'], rows),
  ].join('\n');
}

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

function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  return [header, ...rows]
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
