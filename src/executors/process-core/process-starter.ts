import type { Writable } from 'node:stream';

/**
 * What an executor supplies to the process core (run-lifecycle.ts): how to start one process and how
 * to signal it where it runs. Everything else (deadline, cancel, stop, output cap, the RunResult) is
 * the core's, so that it means the same on every executor.
 */
export interface ProcessStarter {
  /**
   * The far side enforces the deadline itself (`timeout` in the toolbox, far-side-bound.ts), so the
   * core waits for it before killing from here; a local process is killed by the core at the deadline.
   */
  readonly deadlineOnFarSide: boolean;
  /** Starts the process, its output written into the sinks; rejects when it could not start at all. */
  start(sinks: OutputSinks): Promise<StartedProcess>;
}

export interface OutputSinks {
  readonly stdout: Writable;
  readonly stderr: Writable;
}

export interface StartedProcess {
  /** Resolves once the process has ended and its output is in the sinks; never rejects. */
  readonly exit: Promise<ProcessExit>;
  /** Sends `signal` to the process's whole group, wherever it runs; resolves once it was sent. */
  kill(signal: 'SIGINT' | 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Stops waiting for it: closes this side's end of its streams. For a far side that ignores kills. */
  abandon(): void;
}

export interface ProcessExit {
  /** The exit status as reported; null when it died of a signal (locally) or none came. */
  readonly exitCode: number | null;
  /** The signal that ended it, when the starter knows for sure (a local child). */
  readonly signal: NodeJS.Signals | null;
  /**
   * A remote exec reports a death by signal N as status 128+N, and `timeout`'s own 124 for "the
   * deadline's SIGTERM ended it": the core reads them so only after it or the deadline ended the run,
   * since a tool may exit with such a number by itself.
   */
  readonly statusMayBeSignal?: boolean;
  /** A line for stderr when the process could not run or its end was not clean (exec status message). */
  readonly note?: string;
}
