import type { Argv } from '../catalogue/define-command.js';

// What a run produced, as data every stage after it reads: the executors make it, the queue carries
// it, src/format and Slack render it. It lives below all of them so none imports another for a type.

/** A file a run produced: a pcap, a long output. The bytes come back with the result. */
export interface Artifact {
  readonly name: string;
  readonly contentType: string;
  readonly data: Buffer;
}

/**
 * What one process did, shaped like execa's result: a tool's non-zero exit is a result, not a crash.
 * stdout and stderr are capped; `truncated` says a cap was hit (the renderer tells the user so).
 * The process core (src/executors/process-core/run-lifecycle.ts) makes every field mean the same on every executor;
 * docs/pipeline.md, "Running a process", says what each means.
 */
export interface RunResult {
  readonly argv: Argv;
  /** As reported: null for a local death by signal; a remote exec says 124 or 128+N instead. */
  readonly exitCode: number | null;
  /** The signal that ended it: a local process's own; a remote one's only when the bot ended it. */
  readonly signal: string | null;
  /** The deadline ended it (it came before any cancel or stop). */
  readonly timedOut: boolean;
  /** The job's AbortSignal ended it, or aborted before it started. */
  readonly canceled: boolean;
  readonly stdout: string;
  readonly stderr: string;
  readonly truncated: boolean;
  readonly durationMs: number;
  readonly artifacts: readonly Artifact[];
}
