import type { RunResult } from '../executors/executor.js';
import type { ArtifactRef } from '../queue/artifact-store.js';
import type { JobData } from '../queue/job.js';

/** Where a job is in its life, in the order users see it (SPEC 5: the message is updated). */
export type JobStage = 'queued' | 'opening-session' | 'running' | 'done';

export interface ProgressEvent {
  readonly jobId: string;
  readonly stage: JobStage;
  /** "pulling image netshoot:1.0", "server listening on 5201", ... */
  readonly detail?: string;
  readonly elapsedMs: number;
}

/**
 * A run as a job's result carries it: the executor's RunResult with each file replaced by a reference
 * to where it waits (src/queue/artifact-store.ts), so results stay small in Redis and in events.
 */
export type OutcomeResult = Omit<RunResult, 'artifacts'> & { readonly artifacts: readonly ArtifactRef[] };

/**
 * How a job ended. `completed` covers every tool exit, zero or not (a closed port is a result);
 * `failed` is the bot's own failure (user error after queueing, such as a target not found, the
 * worker's setup, or an internal error with a reference), and the BullMQ job fails with it too;
 * `canceled` and `timed-out` say so.
 */
export interface JobOutcome {
  readonly jobId: string;
  readonly status: 'completed' | 'failed' | 'canceled' | 'timed-out';
  /** One run for single tools; server and client for two-party tools (client last). */
  readonly runs: readonly { readonly side: 'main' | 'server' | 'client'; readonly result: OutcomeResult }[];
  /** For `failed`: the user-facing message, or "internal error, ref <id>". */
  readonly error?: string;
  /** Where it ran, as a user reads it: "pod/frontend (ns default)". */
  readonly where: string;
  /** From the job's first start: a job taken over after a restart counts the time before it too. */
  readonly durationMs: number;
  /** The worker running it stopped (killed, restarted) and another run took it over from the start. */
  readonly restarted?: boolean;
}

/** Progress and result out of the worker: the terminal for `run`, Slack for the bot. */
export interface Reporter {
  progress(job: JobData, event: ProgressEvent): Promise<void>;
  result(job: JobData, outcome: JobOutcome): Promise<void>;
}
