import type { RunResult } from './run-result.js';

// How a job went, as data: the worker makes it, the queue stores it, src/format and Slack render it.
// Below all of them, so the queue and the renderers need not import the worker for its types.

/**
 * What a job's result says about a file it produced (a pcap, a long output): enough to name it, check
 * it and fetch it, never the bytes. BullMQ keeps a result a day and copies it into its events stream,
 * so bytes there would sit in Redis twice for a day; here they sit once, for `ttlMs`, until taken.
 */
export interface ArtifactRef {
  readonly name: string;
  readonly contentType: string;
  readonly size: number;
  readonly sha256: string;
  /** The Redis key holding the bytes; absent when they were not kept (`omitted` says why). */
  readonly key?: string;
  /** Milliseconds since the epoch when the key expires, and how long it was kept for. */
  readonly expiresAt?: number;
  readonly keptForMs?: number;
  /** Why the bytes were not kept, in words for the user. */
  readonly omitted?: string;
}

/** Where a job is in its life, in the order users see it (SPEC 5: the message is updated). */
export type JobStage = 'queued' | 'opening-session' | 'running' | 'done';

export interface ProgressEvent {
  readonly jobId: string;
  readonly stage: JobStage;
  /** "pulling image netshoot:1.0", "server listening on 5201", ... */
  readonly detail?: string;
  readonly elapsedMs: number;
  /**
   * What a streaming tool has found so far (src/format/summaries: a reader's `progress`): "12
   * replies, 0% loss", "230 packets". Sent at least every 3 s while a tool runs (issue 13).
   */
  readonly found?: string;
  /** Another worker took it over after its first one stopped under it: it runs again from the start. */
  readonly restarted?: boolean;
}

/**
 * A run as a job's result carries it: the executor's RunResult with each file replaced by a reference
 * to where it waits (src/queue/artifact-store.ts keeps them), so results stay small in Redis and in events.
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
  /**
   * With `canceled`: nobody canceled it, its worker was stopping (SIGTERM, a rolling upgrade) and the
   * grace ran out, so the tool was stopped and what it printed so far is the result. It is never run again.
   */
  readonly cutShortBy?: 'worker-restart';
}
