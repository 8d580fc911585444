import type { KubeClients } from './kube-clients.js';
import { translateApiError } from './kube-api-errors.js';
import { nodeToolboxSelector } from './labels.js';
import { deleteNodeToolbox } from './node-toolbox.js';

/**
 * Removes node toolbox pods nobody can be using: ended ones (their sleep or activeDeadlineSeconds ran
 * out, as happens after a worker crash), ones stuck Pending past the start timeout, and any older
 * than their lifetime. A Running one of another worker is left alone, so several worker replicas can
 * share a namespace; at worst a crashed worker's pod lives out its lifetime.
 */
export async function reapNodeToolboxes(
  clients: KubeClients,
  namespace: string,
  options: { lifetimeSeconds: number; startTimeoutMs: number; inUse: ReadonlySet<string> },
): Promise<number> {
  let pods;
  try {
    pods = await clients.core.listNamespacedPod({ namespace, labelSelector: nodeToolboxSelector });
  } catch (error) {
    throw translateApiError(error, `list toolbox pods in namespace ${namespace}`);
  }
  let removed = 0;
  for (const pod of pods.items) {
    const name = pod.metadata?.name;
    if (!name || options.inUse.has(name)) continue;
    const created = pod.metadata?.creationTimestamp
      ? new Date(pod.metadata.creationTimestamp).getTime()
      : Date.now();
    const ageMs = Date.now() - created;
    const phase = pod.status?.phase;
    const ended = phase === 'Succeeded' || phase === 'Failed';
    const stuck = phase === 'Pending' && ageMs > options.startTimeoutMs;
    const expired = ageMs > options.lifetimeSeconds * 1000;
    if (ended || stuck || expired) {
      await deleteNodeToolbox(clients, name, namespace);
      removed += 1;
    }
  }
  return removed;
}
