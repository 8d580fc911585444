import { describeWhere } from '../format/describe-where.js';
import type { ArtifactRef, JobOutcome, OutcomeResult } from '../results/job-outcome.js';
import type { JobData } from './job.js';
import { readJobProgress } from './job-progress.js';

/**
 * A JobOutcome as BullMQ stores it (a completed job's returnvalue): plain JSON, files as references
 * to src/queue/artifact-store.ts, never their bytes, so it stays a few KiB whatever the job captured.
 */
export type StoredOutcome = JobOutcome;

/** BullMQ's own reason for a job whose worker stopped under it more than maxStalledCount times. */
export const stalledTooOftenReason = 'job stalled more than allowable limit';
/** The worker's reason for handing a running job back when it stops (src/worker/create-worker.ts). */
export const workerStoppingReason = 'worker shutting down';

export function encodeOutcome(outcome: JobOutcome): StoredOutcome {
  return outcome;
}

/**
 * A returnvalue back to a JobOutcome. Results written before files moved out of the queue carry
 * `base64` bytes: they read as files that were not kept, rather than failing the reader.
 */
export function decodeOutcome(stored: StoredOutcome): JobOutcome {
  return {
    ...stored,
    runs: stored.runs.map(({ side, result }) => ({
      side,
      result: { ...result, artifacts: result.artifacts.map(upgradeArtifact) } satisfies OutcomeResult,
    })),
  };
}

function upgradeArtifact(artifact: ArtifactRef | (ArtifactRef & { base64?: string })): ArtifactRef {
  if (!('base64' in artifact) || typeof artifact.base64 !== 'string') return artifact;
  const { base64, ...rest } = artifact;
  return {
    ...rest,
    size: Buffer.byteLength(base64, 'base64'),
    sha256: rest.sha256 ?? '',
    omitted: 'it was stored inside the result by an earlier version of the worker',
  };
}

/** The parts of a failed BullMQ job its outcome is made from. */
export interface FailedJob {
  readonly id?: string | undefined;
  readonly data: JobData;
  readonly failedReason?: string | undefined;
  readonly timestamp: number;
  readonly processedOn?: number | undefined;
  readonly finishedOn?: number | undefined;
  readonly progress?: unknown;
}

/**
 * A failed job as the user reads it. The worker fails a job with the words the user should see
 * (UnrecoverableError's message: a user or operator error, or "internal error, ref #id"); BullMQ's
 * own reasons are put into words here, so Slack, `status` and `run` all say the same thing.
 */
export function decodeFailedJob(job: FailedJob): JobOutcome {
  const jobId = String(job.id);
  const progress = readJobProgress(job.progress);
  const started = progress.firstStartedAt ?? job.processedOn ?? job.timestamp;
  return {
    jobId,
    status: 'failed',
    runs: [],
    error: describeFailedReason(job.failedReason, jobId),
    where: job.data?.request ? describeWhere(job.data.request) : 'unknown',
    durationMs: Math.max(0, (job.finishedOn ?? Date.now()) - started),
    ...(progress.restarted ? { restarted: true } : {}),
  };
}

export function describeFailedReason(reason: string | undefined, jobId: string): string {
  switch (reason) {
    case stalledTooOftenReason:
      return (
        `the worker running it stopped twice in the middle of it (killed or restarted), so it was not tried again (ref #${jobId}); ` +
        'run it again, and if it stops again ask an admin to check the worker (its log, memory limit and restarts)'
      );
    case workerStoppingReason:
      return `the worker stopped while running it and no other worker took it over (ref #${jobId}); run it again`;
    case undefined:
    case '':
      return `the job failed without a reason (ref #${jobId})`;
    default:
      return reason;
  }
}
