import type { ChartData } from '../../chart-data.js';
import type { Measure, RunOutput, Summary, SummaryTone, TextTable } from '../summary.js';
import { formatBitrate, formatBytes } from './format-bitrate.js';
import { plural } from './top-pairs.js';

interface Iperf3Sum {
  readonly start: number;
  readonly end: number;
  readonly bytes: number;
  readonly bits_per_second: number;
  readonly retransmits?: number;
  readonly packets?: number;
  readonly lost_packets?: number;
  readonly lost_percent?: number;
  readonly jitter_ms?: number;
  readonly omitted?: boolean;
  /** Whether these numbers are the sending side's (the client's, unless reversed). */
  readonly sender?: boolean;
}

interface Iperf3Json {
  readonly error?: string;
  readonly start?: {
    readonly connected?: readonly {
      readonly local_host: string;
      readonly local_port: number;
      readonly remote_host: string;
      readonly remote_port: number;
    }[];
    readonly test_start?: {
      readonly protocol?: string;
      readonly num_streams?: number;
      readonly duration?: number;
      readonly reverse?: number;
    };
  };
  readonly intervals?: readonly { readonly sum?: Iperf3Sum }[];
  readonly end?: {
    readonly sum_sent?: Iperf3Sum;
    readonly sum_received?: Iperf3Sum;
    /** --bidir: the other way, from the server to the client (iperf3 3.7 on). */
    readonly sum_sent_bidir_reverse?: Iperf3Sum;
    readonly sum_received_bidir_reverse?: Iperf3Sum;
    /** UDP: the sender's view; the receiver's loss and jitter are in sum_received from 3.x on. */
    readonly sum?: Iperf3Sum;
    readonly sender_tcp_congestion?: string;
  };
}

/** A TCP test that resends more than this share of its segments is losing packets on the way. */
const retransmitShareDegraded = 0.01;
/** iperf3's usual MSS on Ethernet, to turn bytes into segments for the share above. */
const typicalMss = 1448;
/** UDP loss over this percentage is worth a look. */
const lossDegradedPercent = 1;

/**
 * iperf3 `-J` on the client: the throughput the receiver saw, retransmits (TCP) or loss and jitter
 * (UDP), who sent to whom, the intervals as a table and as charts.
 */
export function summarizeIperf3(result: RunOutput): Summary | undefined {
  let report: Iperf3Json;
  try {
    report = JSON.parse(result.stdout) as Iperf3Json;
  } catch {
    // dropped: output that is not iperf3's JSON has no summary; the raw output speaks.
    return undefined;
  }
  if (report.error) {
    return {
      tone: 'broken',
      headline: report.error,
      facts: /connect/i.test(report.error)
        ? ['is the iperf3 server running there, and does a firewall let the port through?']
        : [],
    };
  }
  const test = report.start?.test_start;
  const udp = test?.protocol === 'UDP';
  const sent = report.end?.sum_sent;
  const received = report.end?.sum_received ?? report.end?.sum;
  if (!sent || !received) return undefined;
  const intervals = (report.intervals ?? []).flatMap((interval) => (interval.sum ? [interval.sum] : []));
  const throughput = received.bits_per_second;
  const retransmits = sent.retransmits;
  const loss = udp ? (received.lost_percent ?? 0) : undefined;
  const measures: Measure[] = [
    { key: 'throughput', label: 'throughput', value: Math.round(throughput), unit: 'bit/s' },
    ...(retransmits !== undefined && !udp
      ? [{ key: 'retransmits', label: 'retransmits', value: retransmits }]
      : []),
    ...(udp
      ? [
          { key: 'loss', label: 'loss', value: round(loss ?? 0, 3), unit: '%' },
          { key: 'jitter', label: 'jitter', value: round(received.jitter_ms ?? 0, 3), unit: 'ms' },
        ]
      : []),
  ];
  const back = report.end?.sum_received_bidir_reverse;
  if (back) {
    measures.push({
      key: 'throughput.back',
      label: 'throughput back',
      value: Math.round(back.bits_per_second),
      unit: 'bit/s',
    });
  }
  return {
    tone: back
      ? worst(toneOf(received, sent, udp), toneOf(back, report.end?.sum_sent_bidir_reverse ?? back, udp))
      : toneOf(received, sent, udp),
    headline: back
      ? `${formatBitrate(throughput)} one way, ${formatBitrate(back.bits_per_second)} back`
      : udp
        ? `${formatBitrate(throughput)}, ${round(loss ?? 0, 2)}% loss, jitter ${round(received.jitter_ms ?? 0, 3)} ms`
        : `${formatBitrate(throughput)}${retransmits !== undefined ? `, ${plural(retransmits, 'retransmit')}` : ''}`,
    facts: [
      ...directionOf(report, back ? [received, sent, back, report.end?.sum_sent_bidir_reverse] : undefined),
      udp
        ? `${received.lost_packets ?? 0} of ${received.packets ?? sent.packets ?? '?'} datagrams lost, ${formatBytes(sent.bytes)} sent`
        : `${formatBytes(received.bytes)} received in ${(received.end - received.start).toFixed(1)} s (sent at ${formatBitrate(sent.bits_per_second)})`,
      `${test?.protocol ?? 'TCP'}, ${plural(test?.num_streams ?? 1, 'stream')}, ${test?.duration ?? '?'} s${report.end?.sender_tcp_congestion ? `, ${report.end.sender_tcp_congestion}` : ''}`,
    ],
    ...(intervals.length > 0 ? { tables: [intervalsTable(intervals, udp)] } : {}),
    measures,
    ...(intervals.length > 1 ? { charts: chartsOf(intervals, udp) } : {}),
  };
}

/**
 * Who sends: the client, unless the test ran reversed (-R, where the server sends) or both ways
 * (--bidir, each way with its throughput). The bot's --reverse swaps the targets instead, so its
 * client still sends.
 */
function directionOf(
  report: Iperf3Json,
  bidir?: readonly [Iperf3Sum, Iperf3Sum, Iperf3Sum, Iperf3Sum | undefined],
): string[] {
  const connection = report.start?.connected?.[0];
  if (!connection) return [];
  const client = connection.local_host;
  const server = `${connection.remote_host}:${connection.remote_port}`;
  const test = report.start?.test_start;
  if (bidir) {
    const [received, sent, back, sentBack] = bidir;
    const resent = (sum: Iperf3Sum | undefined) =>
      sum?.retransmits !== undefined ? `, ${plural(sum.retransmits, 'retransmit')}` : '';
    return [
      `${client} → ${server}: ${formatBitrate(received.bits_per_second)}${resent(sent)}`,
      `${server} → ${client}: ${formatBitrate(back.bits_per_second)}${resent(sentBack)}`,
    ];
  }
  return test?.reverse
    ? [`${server} → ${client} (the server sends, reversed)`]
    : [`${client} → ${server} (the client sends)`];
}

const toneOrder: readonly SummaryTone[] = ['ok', 'degraded', 'broken'];

function worst(a: SummaryTone, b: SummaryTone): SummaryTone {
  return toneOrder.indexOf(a) >= toneOrder.indexOf(b) ? a : b;
}

function toneOf(received: Iperf3Sum, sent: Iperf3Sum, udp: boolean): SummaryTone {
  if (received.bytes === 0) return 'broken';
  if (udp) {
    const loss = received.lost_percent ?? 0;
    if (loss >= 100) return 'broken';
    return loss > lossDegradedPercent ? 'degraded' : 'ok';
  }
  const segments = Math.max(sent.bytes / typicalMss, 1);
  return (sent.retransmits ?? 0) / segments > retransmitShareDegraded ? 'degraded' : 'ok';
}

function intervalsTable(intervals: readonly Iperf3Sum[], udp: boolean): TextTable {
  const side = intervals[0]?.sender;
  return {
    title: side === undefined ? 'intervals' : `intervals (as ${side ? 'sent' : 'received'})`,
    columns: ['interval', 'transfer', 'bitrate', udp ? 'packets' : 'retransmits'],
    rows: intervals.map((interval) => [
      `${interval.start.toFixed(1)}-${interval.end.toFixed(1)} s${interval.omitted ? ' (omitted)' : ''}`,
      formatBytes(interval.bytes),
      formatBitrate(interval.bits_per_second),
      String((udp ? interval.packets : interval.retransmits) ?? ''),
    ]),
    align: ['left', 'right', 'right', 'right'],
  };
}

/** Throughput per interval, in the unit its peak reads best in; TCP retransmits per interval as bars. */
function chartsOf(intervals: readonly Iperf3Sum[], udp: boolean): ChartData[] {
  const peak = Math.max(...intervals.map((interval) => interval.bits_per_second));
  const [unit, scale] = peak >= 1e9 ? ['Gbit/s', 1e9] : peak >= 1e6 ? ['Mbit/s', 1e6] : ['kbit/s', 1e3];
  const charts: ChartData[] = [
    {
      kind: 'timeline',
      title: 'iperf3 throughput per interval',
      xTitle: 'seconds',
      yTitle: unit,
      series: [
        {
          name: 'throughput',
          points: intervals.map((interval) => ({
            x: round(interval.end, 2),
            y: round(interval.bits_per_second / scale, 3),
          })),
        },
      ],
    },
  ];
  if (!udp && intervals.every((interval) => interval.retransmits !== undefined)) {
    charts.push({
      kind: 'timeline',
      title: 'iperf3 retransmits per interval',
      xTitle: 'seconds',
      yTitle: 'retransmits',
      bars: true,
      series: [
        {
          name: 'retransmits',
          points: intervals.map((interval) => ({
            x: round(interval.end, 2),
            y: interval.retransmits ?? null,
          })),
        },
      ],
    });
  }
  return charts;
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}
