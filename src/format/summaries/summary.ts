import type { RunResult } from '../../results/run-result.js';
import type { ChartData } from '../chart-data.js';

/**
 * What the tool found, as an SRE would judge it (issue 13): not the exit status. `ok`: what a
 * healthy network gives (an answer, replies, a 2xx, open ports as asked); `degraded`: it works but
 * not well (some loss, slow answers, retransmits, a 4xx); `broken`: the thing asked about does not
 * work (NXDOMAIN, SERVFAIL, REFUSED, connection refused or reset, 100% loss, HTTP 5xx, TLS errors,
 * a hop where the path stops). A tool that could not do its job at all (bad usage, no permission)
 * has no summary: the raw output and the exit status speak.
 */
export type SummaryTone = 'ok' | 'degraded' | 'broken';

/**
 * An aligned table, shown as `ip -br` shows its own (src/format/text-table.ts lays it out): in the
 * thread in a code block, and in the terminal.
 */
export interface TextTable {
  /** "routes (12)", "listening sockets": said above the table; none for a lone table. */
  readonly title?: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Per column; numbers read best aligned right. Left when absent. */
  readonly align?: readonly ('left' | 'right')[];
}

/**
 * A number or a state a later run of the same command is compared with (issue 13, "what changed"):
 * `{ key: 'rtt.avg', label: 'avg RTT', value: 0.19, unit: 'ms' }` becomes "avg RTT 0.19 ms → 12.4 ms
 * (×65)"; `{ key: 'port.5432', label: '5432', value: 'open' }` becomes "5432 was open, now refused";
 * `{ key: 'answer.A', label: 'A record', value: '10.0.0.5' }` becomes "A record was 10.0.0.5, now
 * 10.0.0.9". Keys are stable across runs of one tool; labels are what people read.
 */
export interface Measure {
  readonly key: string;
  readonly label: string;
  readonly value: number | string;
  readonly unit?: string;
}

/** What a person reads first: the verdict's key fact (headline), then a few facts and tables. */
export interface Summary {
  readonly tone: SummaryTone;
  /**
   * The key fact, short enough for the channel message's first line and the notification:
   * "db.prod.internal → 198.18.251.2 (A)", "198.18.251.2:5432 refused", "30% loss, avg 41 ms".
   * Neither the tool's name nor the target: the verdict line adds them.
   */
  readonly headline: string;
  /** Further facts, one line each: "answered by 198.18.0.10 in 2 ms", "rtt min 0.1 / avg 0.2 ms". */
  readonly facts: readonly string[];
  /** The output as tables (ip, ss, mtr hops, nmap ports, iperf3 intervals). */
  readonly tables?: readonly TextTable[];
  /** What a later run is compared with. */
  readonly measures?: readonly Measure[];
  /** Data for the PNG charts attached in the thread (src/charts renders them). */
  readonly charts?: readonly ChartData[];
  /**
   * A small table shown in the channel message itself, under the verdict line, and in the terminal
   * right below it: diagnose's verdict table (layer, result, evidence). A few short rows: it has to
   * fit one section of the channel message; the thread does not repeat it.
   */
  readonly overview?: TextTable;
  /**
   * Outputs of the probes that the tool ran on its own (diagnose's dig, nc, ping), each under a title
   * that says what ran: in the thread and the terminal, as the tool printed them.
   */
  readonly transcripts?: readonly Transcript[];
}

/** What one probe printed, under a title saying what ran: "reach: nc -vz -w 2 10.0.0.5 8080 (exit 1, 2s)". */
export interface Transcript {
  readonly title: string;
  readonly text: string;
}

/** A run's output and exit, without its files: what summaries read, from a RunResult or a job's result. */
export type RunOutput = Omit<RunResult, 'artifacts'>;

/** Reads one tool's real output; undefined when the output is not what it knows (then raw only). */
export type Summarizer = (result: RunOutput) => Summary | undefined;

/** The output of a run still going: what the worker has seen so far, for the running line. */
export interface PartialOutput {
  readonly argv: readonly string[];
  /** The last ~64 KiB of each stream, from a line's start (src/worker/output-tail.ts). */
  readonly stdout: string;
  readonly stderr: string;
  readonly elapsedMs: number;
  /**
   * Lines the worker no longer holds, before `stdout` and `stderr`: a long capture is not kept twice
   * in memory. A reader that counts lines (tcpdump's packets) adds them; absent means none dropped.
   */
  readonly linesBefore?: { readonly stdout: number; readonly stderr: number };
}

/** Everything the renderers know about one tool's output. */
export interface ToolReader {
  readonly summarize: Summarizer;
  /**
   * The bot asked for machine output (`ip -j`, `mtr --raw`, `nmap -oX -`, `iperf3 -J`) so that the
   * summary could read it: the thread shows the summary's tables instead of it, and only `--raw`
   * shows what the tool wrote. A function for tools whose machine output is a flag the user chose
   * (`nft -j`): the summary's tables are shown then too, since no message shows JSON unless --raw.
   */
  readonly machineOutput?: boolean | ((argv: readonly string[]) => boolean);
  /**
   * The tool writes its ordinary output to stderr (tcpdump's "listening on", nc -v's "succeeded"):
   * shown with stdout, without a `[stderr]` label.
   */
  readonly stderrIsOutput?: boolean;
  /**
   * What a streaming tool has found so far, for the running line: "12 replies, 0% loss, avg 0.2 ms",
   * "hop 4 of ?", "230 packets". Undefined when nothing is worth saying yet.
   */
  readonly progress?: (partial: PartialOutput) => string | undefined;
}

/** One group's readers (src/format/summaries/<group>/index.ts), by the catalogue's tool name. */
export type ToolReaders = Readonly<Record<string, ToolReader>>;
