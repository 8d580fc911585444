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
  /**
   * What a `--pcap` capture holds, read by tshark in the same session right after the capture
   * (src/worker/capture-summary.ts); absent for other runs and when tshark could not read it.
   */
  readonly capture?: CaptureStats;
}

/** A pcap's contents at a glance (issue 13): the tcpdump summary shows them beside the file. */
export interface CaptureStats {
  readonly packets: number;
  readonly bytes: number;
  /** From the first packet to the last. */
  readonly durationSeconds: number;
  /** tshark's protocol hierarchy below the link and network layers, in its order: tcp, udp, dns, http, icmp. */
  readonly protocols: readonly { readonly name: string; readonly packets: number }[];
  /** TCP and UDP conversations, busiest first (at most ten); `a` and `b` are address:port. */
  readonly conversations: readonly {
    readonly protocol: 'tcp' | 'udp';
    readonly a: string;
    readonly b: string;
    readonly packets: number;
    readonly bytes: number;
  }[];
  /** Packets with the TCP RST flag. */
  readonly resets: number;
  /** What tshark's TCP analysis marks as retransmissions (fast and spurious ones included). */
  readonly retransmissions: number;
}
