import type { RunResult } from '../executors/executor.js';
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
 * How a job ended. `completed` covers every tool exit, zero or not (a closed port is a result);
 * `failed` is the bot's own failure (user error after queueing, such as a target not found, or an
 * internal error with a reference); `canceled` and `timed-out` say so.
 */
export interface JobOutcome {
  readonly jobId: string;
  readonly status: 'completed' | 'failed' | 'canceled' | 'timed-out';
  /** One run for single tools; server and client for two-party tools (client last). */
  readonly runs: readonly { readonly side: 'main' | 'server' | 'client'; readonly result: RunResult }[];
  /** For `failed`: the user-facing message, or "internal error, ref <id>". */
  readonly error?: string;
  /** Where it ran, as a user reads it: "pod/frontend (ns default)". */
  readonly where: string;
  readonly durationMs: number;
}

/** Progress and result out of the worker: the terminal for `run`, Slack for the bot. */
export interface Reporter {
  progress(job: JobData, event: ProgressEvent): Promise<void>;
  result(job: JobData, outcome: JobOutcome): Promise<void>;
}
