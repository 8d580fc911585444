import type { TargetRef } from '../../grammar/target.js';
import { formatTarget } from '../../grammar/target.js';

/**
 * Every toolbox container carries these labels (SPEC 4), so that a person can see who made it and
 * the reaper can find it after a crash without remembering anything.
 */
export const managedByLabel = 'app.kubernetes.io/managed-by';
export const managedByValue = 'netshoot-bot';
export const jobIdLabel = 'netshoot-bot/job-id';
export const targetLabel = 'netshoot-bot/target';
/** The worker that opened it: a restarted worker with the same id reaps its earlier life's toolboxes. */
export const workerLabel = 'netshoot-bot/worker';
/** When its sleeping process ends on its own; past that, anyone's reaper may remove it. */
export const expiresAtLabel = 'netshoot-bot/expires-at';

export interface ToolboxLabelValues {
  readonly target: TargetRef;
  readonly jobId?: string;
  readonly workerId: string;
  readonly expiresAt: Date;
}

export function toolboxLabels(values: ToolboxLabelValues): Record<string, string> {
  return {
    [managedByLabel]: managedByValue,
    [targetLabel]: formatTarget(values.target),
    [jobIdLabel]: values.jobId ?? 'none',
    [workerLabel]: values.workerId,
    [expiresAtLabel]: values.expiresAt.toISOString(),
  };
}

/**
 * The listContainers filter that finds every Docker-executor toolbox, on any worker: the worker label
 * too, so that other things labelled managed-by netshoot-bot on the same engine (the Kubernetes
 * double's pods, for one) are never mistaken for toolboxes.
 */
export const managedFilter = { label: [`${managedByLabel}=${managedByValue}`, workerLabel] };
