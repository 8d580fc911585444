import type { V1Pod } from '@kubernetes/client-node';
import { podProblem } from '../targets/kubernetes-targets.js';

/**
 * Why a pod's endpoint is not ready, in the words an SRE uses: "readiness probe failing",
 * "CrashLoopBackOff", "Pending (ContainerCreating)". Read from the pod's status alone: the kubelet
 * says a probe failed only in Events (a grant the worker does not need otherwise), but a container
 * that runs, is not ready and has a readiness probe is exactly that.
 */
export function notReadyReason(pod: V1Pod): string {
  if (pod.metadata?.deletionTimestamp) return 'terminating';
  if (pod.status?.phase !== 'Running') {
    const problem = podProblem(pod) ?? '';
    // "pod web is Pending (ContainerCreating)" → "Pending (ContainerCreating)"
    return problem.replace(/^pod \S+ is /, '') || 'not running';
  }
  const specs = new Map((pod.spec?.containers ?? []).map((container) => [container.name, container]));
  for (const status of pod.status.containerStatuses ?? []) {
    if (status.ready) continue;
    const { waiting, terminated, running } = status.state ?? {};
    if (waiting) return waiting.reason ?? `container ${status.name} waiting`;
    if (terminated) return `container ${status.name} exited (${terminated.reason ?? terminated.exitCode})`;
    if (running && status.started === false) return 'startup probe not passed yet';
    if (running && specs.get(status.name)?.readinessProbe) return 'readiness probe failing';
    return `container ${status.name} not ready`;
  }
  const ready = pod.status.conditions?.find((condition) => condition.type === 'Ready');
  if (ready?.reason === 'ReadinessGatesNotReady') return 'readiness gates not ready';
  return ready?.reason ?? 'not ready';
}

/** "3 not ready: readiness probe failing", "3 not ready: 2 readiness probe failing, 1 CrashLoopBackOff". */
export function describeNotReady(reasons: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const reason of reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  const parts =
    counts.size === 1 ? [...counts.keys()] : [...counts].map(([reason, count]) => `${count} ${reason}`);
  return `${reasons.length} not ready: ${parts.join(', ')}`;
}
