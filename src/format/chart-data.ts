// Charts as data (issue 13): summaries fill these from what the tool printed; src/charts renders
// them as PNG for the thread. Data only, so summaries stay pure and testable without a renderer.

/** A point of a series; `y: null` is a gap the chart marks (a lost ping, an interval with nothing). */
export interface ChartPoint {
  readonly x: number;
  readonly y: number | null;
}

/**
 * Values over time or sequence: ping RTT per reply (x = icmp_seq, lost replies y null and marked),
 * iperf3 throughput per interval (x = seconds), retransmits per interval.
 */
export interface TimelineChart {
  readonly kind: 'timeline';
  /** Also the PNG's file name, slugged: "ping RTT to 198.18.0.2". */
  readonly title: string;
  readonly xTitle: string;
  readonly yTitle: string;
  readonly series: readonly { readonly name: string; readonly points: readonly ChartPoint[] }[];
  /** Drawn as bars rather than a line (retransmits per interval). */
  readonly bars?: boolean;
  /** What a null y means, for the legend: "lost". */
  readonly gapLabel?: string;
}

/** mtr: latency (avg and worst) and loss per hop, in path order. */
export interface HopsChart {
  readonly kind: 'hops';
  readonly title: string;
  readonly hops: readonly {
    readonly hop: number;
    readonly host: string;
    readonly lossPercent: number;
    readonly avgMs: number | null;
    readonly worstMs: number | null;
  }[];
}

/** curl's timing, phase by phase: DNS, connect, TLS, server (time to first byte), transfer. */
export interface WaterfallChart {
  readonly kind: 'waterfall';
  readonly title: string;
  readonly phases: readonly { readonly name: string; readonly startMs: number; readonly endMs: number }[];
}

export type ChartData = TimelineChart | HopsChart | WaterfallChart;
