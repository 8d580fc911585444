import { createHash } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { V1Pod } from '@kubernetes/client-node';
import { TargetUnavailableError, TransientError } from '../../errors.js';
import type { KubeClients } from './kube-clients.js';
import { apiFailure, isNotFound, translateApiError } from './kube-api-errors.js';
import { nodeToolboxLabels } from './labels.js';

export interface NodeToolboxOptions {
  readonly image: string;
  /** The bot's own namespace: node toolboxes live there, not in the users' namespaces. */
  readonly namespace: string;
  readonly cluster: string;
  /** The job opening it, written on the pod it creates. */
  readonly jobId?: string;
  readonly lifetimeSeconds: number;
  readonly startTimeoutMs: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (message: string) => void;
}

export const nodeToolboxContainer = 'toolbox';
const pollMs = 300;

/** One name per node, so that workers racing to create it get a 409 and share it. */
export function nodeToolboxName(node: string): string {
  const plain = `netshoot-node-${node}`.replace(/[^a-z0-9-]/g, '-');
  if (plain.length <= 63 && /[a-z0-9]$/.test(plain)) return plain;
  const hash = createHash('sha256').update(node).digest('hex').slice(0, 8);
  return `${plain.slice(0, 50).replace(/-+$/, '')}-${hash}`;
}

/**
 * The node's toolbox: a pod with hostNetwork on that node, in the bot's namespace, that tolerates every
 * taint (as `kubectl debug node/` does) and lives at most `lifetimeSeconds` (its sleep, and
 * activeDeadlineSeconds as a backstop should a worker die). Reused while it runs with life left;
 * an ended or expiring one is deleted and replaced.
 */
export async function ensureNodeToolbox(
  clients: KubeClients,
  node: string,
  needSeconds: number,
  options: NodeToolboxOptions,
): Promise<string> {
  const name = nodeToolboxName(node);
  const existing = await readIfExists(clients, name, options.namespace);
  if (existing) {
    if (usable(existing, needSeconds, options)) return waitForRunning(clients, name, options);
    options.onProgress?.(`replacing the ended toolbox pod ${name}`);
    await deleteNodeToolbox(clients, name, options.namespace);
    await waitUntilGone(clients, name, options);
  }
  options.onProgress?.(`starting toolbox pod ${name} on node ${node}`);
  try {
    await clients.core.createNamespacedPod({
      namespace: options.namespace,
      body: nodeToolboxPod(name, node, options),
    });
  } catch (error) {
    // Another worker made it first: share theirs.
    if (apiFailure(error).code !== 409)
      throw translateApiError(error, `create the toolbox pod on node ${node}`);
  }
  return waitForRunning(clients, name, options);
}

export async function deleteNodeToolbox(
  clients: KubeClients,
  name: string,
  namespace: string,
): Promise<void> {
  try {
    await clients.core.deleteNamespacedPod({ name, namespace, gracePeriodSeconds: 0 });
  } catch (error) {
    if (!isNotFound(error)) throw translateApiError(error, `delete the toolbox pod ${name}`);
  }
}

/** The node toolbox's Pod (exported for its test). */
export function nodeToolboxPod(name: string, node: string, options: NodeToolboxOptions): V1Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: options.namespace,
      labels: nodeToolboxLabels(labelValue(node), options.cluster, options.jobId),
    },
    spec: {
      nodeName: node,
      hostNetwork: true,
      dnsPolicy: 'ClusterFirstWithHostNet',
      restartPolicy: 'Never',
      activeDeadlineSeconds: options.lifetimeSeconds,
      terminationGracePeriodSeconds: 0,
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      tolerations: [{ operator: 'Exists' }],
      containers: [
        {
          name: nodeToolboxContainer,
          image: options.image,
          imagePullPolicy: 'IfNotPresent',
          command: ['sleep', String(options.lifetimeSeconds)],
          securityContext: { capabilities: { add: ['NET_ADMIN', 'NET_RAW'] }, runAsUser: 0 },
          // Disk is bounded as memory is: a capture (at most 50 MB, src/catalogue/capture-cap.ts) and
          // the tools' own files fit; past the limit the kubelet evicts this pod, not the node's others.
          resources: {
            requests: { cpu: '10m', memory: '32Mi', 'ephemeral-storage': '16Mi' },
            limits: { memory: '256Mi', 'ephemeral-storage': '256Mi' },
          },
        },
      ],
    },
  };
}

/** Label values are at most 63 characters of [A-Za-z0-9._-]; long node names keep a hash. */
function labelValue(value: string): string {
  if (value.length <= 63) return value;
  return `${value.slice(0, 54)}-${createHash('sha256').update(value).digest('hex').slice(0, 8)}`;
}

function usable(pod: V1Pod, needSeconds: number, options: NodeToolboxOptions): boolean {
  if (pod.metadata?.deletionTimestamp) return false;
  const phase = pod.status?.phase;
  if (phase === 'Pending') return true;
  if (phase !== 'Running') return false;
  const startedAt = pod.status?.containerStatuses?.[0]?.state?.running?.startedAt ?? pod.status?.startTime;
  if (!startedAt) return true;
  const remaining = options.lifetimeSeconds - (Date.now() - new Date(startedAt).getTime()) / 1000;
  return remaining > needSeconds + 10;
}

async function readIfExists(
  clients: KubeClients,
  name: string,
  namespace: string,
): Promise<V1Pod | undefined> {
  try {
    return await clients.core.readNamespacedPod({ name, namespace });
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw translateApiError(error, `read the toolbox pod ${name}`);
  }
}

async function waitUntilGone(clients: KubeClients, name: string, options: NodeToolboxOptions): Promise<void> {
  const deadline = Date.now() + options.startTimeoutMs;
  while (Date.now() < deadline) {
    if (!(await readIfExists(clients, name, options.namespace))) return;
    await delay(pollMs);
  }
  throw new TransientError(`the old toolbox pod ${name} is still being deleted`);
}

async function waitForRunning(
  clients: KubeClients,
  name: string,
  options: NodeToolboxOptions,
): Promise<string> {
  const deadline = Date.now() + options.startTimeoutMs;
  let last = 'Pending';
  while (Date.now() < deadline) {
    options.signal?.throwIfAborted();
    const pod = await readIfExists(clients, name, options.namespace);
    if (!pod) throw new TransientError(`the toolbox pod ${name} was deleted while starting`);
    const state = pod.status?.containerStatuses?.find(
      (status) => status.name === nodeToolboxContainer,
    )?.state;
    if (pod.status?.phase === 'Running' && state?.running) return name;
    if (pod.status?.phase === 'Failed' || pod.status?.phase === 'Succeeded') {
      throw new TargetUnavailableError(
        `the toolbox pod ${name} ended (${pod.status.reason ?? pod.status.phase}${pod.status.message ? `: ${pod.status.message}` : ''})`,
      );
    }
    last = state?.waiting?.reason ?? pod.status?.phase ?? last;
    await delay(pollMs);
  }
  throw new TransientError(
    `the toolbox pod ${name} did not start within ${Math.round(options.startTimeoutMs / 1000)}s (${last})`,
  );
}
