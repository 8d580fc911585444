import { TargetUnavailableError } from '../errors.js';
import { formatTarget, type TargetRef } from '../grammar/target.js';
import type { Executor } from './executor.js';

export type ExecutorSelector = (target: TargetRef) => Executor;

/**
 * Maps a target to the executor that serves it. `executors` is in preference order: the configured
 * one (NETSHOOT_EXECUTOR) first, so `host` goes to docker on a docker worker and to local on a local
 * one; the local executor, when present, still serves `netns/` targets on any worker.
 */
export function createExecutorSelector(executors: readonly Executor[]): ExecutorSelector {
  return (target) => {
    const executor = executors.find((candidate) => candidate.supports(target));
    if (executor) return executor;
    const names = executors.map((candidate) => candidate.name).join(', ') || 'none';
    throw new TargetUnavailableError(`no executor on this worker serves ${formatTarget(target)}`, [
      `this worker runs: ${names} (NETSHOOT_EXECUTOR); ${target.kind}/ targets need a worker with the executor for them`,
    ]);
  };
}
