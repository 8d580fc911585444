import type { Measure, PartialOutput, RunOutput, Summary, SummaryTone, TextTable } from '../summary.js';
import { plural } from './top-pairs.js';

// iperf 2's client text: a line per stream and interval ("[  1] 1.0000-2.0000 sec  707 MBytes  5.93
// Gbits/sec"), a [SUM] line per interval with -P, the whole test last (from 0 to the end), and for
// UDP the server's report with jitter and loss.

interface IntervalLine {
  readonly stream: string;
  readonly start: number;
  readonly end: number;
  readonly transfer: string;
  readonly rate: string;
}

const intervalLine =
  /^\[\s*(\w+)\]\s+([\d.]+)-\s*([\d.]+) sec\s+([\d.]+ \w?Bytes)\s+([\d.]+ \w?bits\/sec)(.*)$/gm;

function intervalsOf(text: string): IntervalLine[] {
  return [...text.matchAll(intervalLine)].map((match) => ({
    stream: match[1] ?? '',
    start: Number(match[2]),
    end: Number(match[3]),
    transfer: match[4] ?? '',
    rate: match[5] ?? '',
  }));
}

/** The lines that add up all streams: [SUM] with -P, else the one stream's. */
function totalsOf(intervals: readonly IntervalLine[]): IntervalLine[] {
  const sums = intervals.filter((line) => line.stream === 'SUM');
  return sums.length > 0 ? sums : intervals.filter((line) => line.stream === intervals[0]?.stream);
}

/** "9.46 Gbits/sec" in bits per second, for comparisons. */
function bitsOf(rate: string): number {
  const match = /^([\d.]+) (\w?)bits\/sec$/.exec(rate);
  return Number(match?.[1] ?? 0) * 1000 ** ['', 'K', 'M', 'G', 'T'].indexOf(match?.[2] ?? '');
}

/** iperf 2 client text: the whole test's throughput, UDP loss and jitter, the intervals as a table. */
export function summarizeIperf(result: RunOutput): Summary | undefined {
  const text = result.stdout;
  const totals = totalsOf(intervalsOf(text.split(/^\[\s*\w+\] Server Report:$/m)[0] ?? ''));
  // The whole test: the last line from 0, after the intervals (without -i it is the only one).
  const whole = totals[totals.length - 1];
  if (!whole) {
    const failed = /connect failed: (.+)/.exec(`${text}\n${result.stderr}`)?.[1];
    const server = /^Client connecting to (\S+), (\w+) port (\d+)/m.exec(text);
    if (!failed) return undefined;
    return {
      tone: 'broken',
      headline: server ? `${server[1]}:${server[3]}: ${failed.toLowerCase()}` : failed,
      facts: ['is the iperf server running there, and does a firewall let the port through?'],
    };
  }
  const intervals = totals.slice(0, -1);
  const connection = /local (\S+) port \d+ connected with (\S+) port (\d+)/.exec(text);
  const protocol = /^Client connecting to \S+, (\w+) port/m.exec(text)?.[1] ?? 'TCP';
  const streams = new Set(
    intervalsOf(text)
      .map((line) => line.stream)
      .filter((id) => id !== 'SUM'),
  ).size;
  const report =
    /Server Report:\n.*\n\[\s*\w+\]\s+[\d.]+-\s*[\d.]+ sec\s+\S+ \w?Bytes\s+\S+ \w?bits\/sec\s+([\d.]+) ms\s+(\d+)\/\s*(\d+) \(([\d.e+-]+)%\)/.exec(
      text,
    );
  const loss = report ? Number(report[4]) : undefined;
  const measures: Measure[] = [
    { key: 'throughput', label: 'throughput', value: Math.round(bitsOf(whole.rate)), unit: 'bit/s' },
    ...(report
      ? [
          { key: 'loss', label: 'loss', value: loss ?? 0, unit: '%' },
          { key: 'jitter', label: 'jitter', value: Number(report[1]), unit: 'ms' },
        ]
      : []),
  ];
  const tables: TextTable[] =
    intervals.length > 1
      ? [
          {
            title: 'intervals',
            columns: ['interval', 'transfer', 'bitrate'],
            rows: intervals.map((line) => [
              `${line.start.toFixed(1)}-${line.end.toFixed(1)} s`,
              line.transfer,
              line.rate,
            ]),
            align: ['left', 'right', 'right'],
          },
        ]
      : [];
  return {
    tone: toneOf(loss),
    headline: report
      ? `${whole.rate}, ${report[4]}% loss, jitter ${report[1]} ms`
      : `${whole.rate} (${whole.transfer} in ${(whole.end - whole.start).toFixed(1)} s)`,
    facts: [
      ...(connection ? [`${connection[1]} → ${connection[2]}:${connection[3]} (the client sends)`] : []),
      `${protocol}, ${plural(Math.max(streams, 1), 'stream')}`,
      ...(report
        ? [
            `${report[2]} of ${report[3]} datagrams lost`,
            `${whole.transfer} in ${(whole.end - whole.start).toFixed(1)} s`,
          ]
        : []),
    ],
    ...(tables.length > 0 ? { tables } : {}),
    measures,
  };
}

/** UDP: loss over 1% is a problem; all of it, a path that does not carry the test. */
function toneOf(loss: number | undefined): SummaryTone {
  if (loss === undefined || loss <= 1) return 'ok';
  return loss >= 100 ? 'broken' : 'degraded';
}

/** The running line: "3 intervals, last 5.93 Gbits/sec". */
export function iperfProgress(partial: PartialOutput): string | undefined {
  const totals = totalsOf(intervalsOf(partial.stdout.split(/^\[\s*\w+\] Server Report:$/m)[0] ?? ''));
  const last = totals[totals.length - 1];
  return last ? `${plural(totals.length, 'interval')}, last ${last.rate}` : undefined;
}
