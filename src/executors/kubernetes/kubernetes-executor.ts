import type { Logger } from 'pino';
import type { TargetRef } from '../../grammar/target.js';
import { TargetUnavailableError } from '../../errors.js';
import {
  nodeAddress,
  resolveKubernetesAddress,
  resolveNode,
  resolvePodTarget,
  resolveServicePort,
} from './targets/kubernetes-targets.js';
import type { Executor, OpenOptions, Session } from '../executor.js';
import type { KubeClients } from './kube-clients.js';
import { assertPersonMay, nodePermissions, podPermissions } from './access-review.js';
import { createKubernetesSession, prepareToolbox } from './kubernetes-session.js';
import { calicoFromApi } from './calico/calico-from-api.js';
import { diagnoseKubernetes } from './diagnose/kubernetes-diagnose.js';
import { decidePolicy } from '../../diagnose/policy/decide-policy.js';
import { kubernetesStats } from './kubernetes-stats.js';
import { deleteNodeToolbox, ensureNodeToolbox, nodeToolboxContainer } from './node-toolbox.js';
import { ensurePodToolbox } from './pod-toolbox.js';
import { reapNodeToolboxes } from './reap-node-toolboxes.js';
import type { ContainerRef } from './remote-process.js';

export interface KubernetesExecutorOptions {
  readonly clients: KubeClients;
  /** NETSHOOT_IMAGE: the toolbox in pods and on nodes. */
  readonly image: string;
  /** The bot's namespace, where node toolbox pods live (NETSHOOT_NAMESPACE, else the in-cluster one). */
  readonly namespace: string;
  /** NETSHOOT_CLUSTER, written on what the bot creates. */
  readonly cluster: string;
  /** How long a pod's ephemeral toolbox lives (its sleep): 30 minutes by default. */
  readonly podToolboxLifetimeSeconds?: number;
  /** How long a node toolbox pod may live at most: 15 minutes by default. */
  readonly nodeToolboxLifetimeSeconds?: number;
  /** A node toolbox unused this long is deleted: 5 minutes by default. */
  readonly nodeIdleMs?: number;
  /** Reuse a toolbox only with this much life left: the longest command deadline (5 min). */
  readonly longestCommandSeconds?: number;
  readonly startTimeoutMs?: number;
  /** How often idle node toolboxes and leftovers are looked for: every minute by default. */
  readonly housekeepingMs?: number;
  /** Where housekeeping and cleanups that failed are said; silent without. */
  readonly logger?: Logger;
}

const podKinds = new Set(['pod', 'deploy', 'sts', 'ds', 'svc']);

/**
 * Kubernetes targets (SPEC 3): pod-backed ones run in an ephemeral toolbox in the pod, node/ in a
 * hostNetwork toolbox pod on that node. Opening a target twice at once shares one toolbox.
 */
export function createKubernetesExecutor(options: KubernetesExecutorOptions): Executor {
  const { clients } = options;
  const podLifetime = options.podToolboxLifetimeSeconds ?? 1800;
  const nodeLifetime = options.nodeToolboxLifetimeSeconds ?? 900;
  const nodeIdleMs = options.nodeIdleMs ?? 5 * 60_000;
  const needSeconds = options.longestCommandSeconds ?? 300;
  const startTimeoutMs = options.startTimeoutMs ?? 120_000;

  /** Toolboxes being found or started, by pod or node: concurrent opens wait for the same one. */
  const opening = new Map<string, Promise<ContainerRef>>();
  /** Toolboxes whose artifact directory exists. */
  const prepared = new Set<string>();
  /** Node toolbox pods this worker uses: how many processes run in each, and when it was last used. */
  const nodeUse = new Map<string, { active: number; lastUsed: number }>();

  const singleFlight = (key: string, work: () => Promise<ContainerRef>): Promise<ContainerRef> => {
    const running = opening.get(key);
    if (running) return running;
    const promise = work().finally(() => opening.delete(key));
    opening.set(key, promise);
    return promise;
  };

  const ready = async (where: ContainerRef): Promise<ContainerRef> => {
    const key = `${where.namespace}/${where.pod}/${where.container}`;
    if (!prepared.has(key)) {
      await prepareToolbox(clients.exec, where);
      prepared.add(key);
    }
    return where;
  };

  async function openPod(target: TargetRef, open: OpenOptions): Promise<Session> {
    const resolved = await resolvePodTarget(clients, target, open.namespace);
    if (resolved.picked) open.onProgress?.(resolved.picked);
    // Asked for every job, before the shared toolbox: another person's toolbox in the pod is no grant.
    if (open.kubernetesIdentity)
      await assertPersonMay(
        clients.authorization,
        open.kubernetesIdentity,
        podPermissions(resolved.namespace, resolved.name),
        `on pod ${resolved.namespace}/${resolved.name}`,
      );
    const where = await singleFlight(`pod/${resolved.namespace}/${resolved.name}`, async () => {
      const container = await ensurePodToolbox(clients, resolved.pod, needSeconds, {
        image: options.image,
        lifetimeSeconds: podLifetime,
        startTimeoutMs,
        signal: open.signal,
        onProgress: open.onProgress,
      });
      return ready({ namespace: resolved.namespace, pod: resolved.name, container });
    });
    const ip = resolved.pod.status?.podIP;
    return createKubernetesSession({
      target,
      exec: clients.exec,
      where,
      address: async () => {
        if (!ip) throw new TargetUnavailableError(`pod ${resolved.name} has no IP`);
        return ip;
      },
    });
  }

  async function openNode(target: TargetRef, open: OpenOptions): Promise<Session> {
    const node = await resolveNode(clients, target.name);
    if (open.kubernetesIdentity)
      await assertPersonMay(
        clients.authorization,
        open.kubernetesIdentity,
        nodePermissions(options.namespace),
        `in namespace ${options.namespace} (for the toolbox pod of node/${target.name})`,
      );
    const where = await singleFlight(`node/${target.name}`, async () => {
      const pod = await ensureNodeToolbox(clients, target.name, needSeconds, {
        image: options.image,
        namespace: options.namespace,
        cluster: options.cluster,
        ...(open.jobId ? { jobId: open.jobId } : {}),
        lifetimeSeconds: nodeLifetime,
        startTimeoutMs,
        signal: open.signal,
        onProgress: open.onProgress,
      });
      return ready({ namespace: options.namespace, pod, container: nodeToolboxContainer });
    });
    const use = nodeUse.get(where.pod) ?? { active: 0, lastUsed: Date.now() };
    nodeUse.set(where.pod, use);
    use.lastUsed = Date.now();
    return createKubernetesSession({
      target,
      exec: clients.exec,
      where,
      address: async () => nodeAddress(node),
      onActivity: (delta) => {
        use.active += delta;
        use.lastUsed = Date.now();
      },
    });
  }

  /** Deletes node toolboxes this worker has not used for nodeIdleMs, then ended or stale leftovers. */
  async function housekeep(): Promise<number> {
    let removed = 0;
    for (const [pod, use] of nodeUse) {
      if (use.active > 0 || Date.now() - use.lastUsed < nodeIdleMs) continue;
      nodeUse.delete(pod);
      prepared.delete(`${options.namespace}/${pod}/${nodeToolboxContainer}`);
      await deleteNodeToolbox(clients, pod, options.namespace);
      removed += 1;
    }
    return (
      removed +
      (await reapNodeToolboxes(clients, options.namespace, {
        lifetimeSeconds: nodeLifetime,
        startTimeoutMs,
        inUse: new Set(nodeUse.keys()),
      }))
    );
  }

  const timer = setInterval(
    () =>
      void housekeep().catch((error: unknown) =>
        options.logger?.warn({ err: error }, 'housekeeping of toolbox pods failed; it runs again later'),
      ),
    options.housekeepingMs ?? 60_000,
  );
  timer.unref();

  return {
    name: 'kubernetes',
    supports: (target) => podKinds.has(target.kind) || target.kind === 'node',
    open: (target, open) => (target.kind === 'node' ? openNode(target, open) : openPod(target, open)),
    resolveAddress: (target, { namespace }) => resolveKubernetesAddress(clients, target, namespace),
    resolveServicePort: (service, portName, { namespace }) =>
      resolveServicePort(clients, service.name, namespace, portName),
    stats: (target, options) => kubernetesStats(clients, target, options),
    calico: (query) => calicoFromApi(clients, query),
    diagnose: (query) => diagnoseKubernetes(clients, query, decidePolicy),
    reap: () => housekeep(),
    async close() {
      clearInterval(timer);
      // Node toolboxes go with the worker. Ephemeral toolboxes cannot be removed (the API allows no
      // such change): they end with their sleep, at most podToolboxLifetimeSeconds from their start.
      for (const pod of nodeUse.keys())
        // Already gone is success there (deleteNodeToolbox); what is left is reaped by the next worker.
        await deleteNodeToolbox(clients, pod, options.namespace).catch((error: unknown) =>
          options.logger?.warn(
            { err: error, pod, namespace: options.namespace },
            'could not delete a node toolbox on close; the next worker reaps it',
          ),
        );
      nodeUse.clear();
      prepared.clear();
    },
  };
}
