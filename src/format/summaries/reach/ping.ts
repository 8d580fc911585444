import type { TimelineChart } from '../../chart-data.js';
import type { Measure, PartialOutput, Summarizer, SummaryTone } from '../summary.js';
import { flagValue, formatMs, formatPercent } from './numbers.js';

// iputils ping. Its statistics come at the end, also when SIGINT or its own -w deadline stops it
// (issue 13: a ping cut short still says its loss and RTT); the per-reply lines give the timeline.

interface Reply {
  readonly seq: number;
  readonly ms: number;
}

/** "64 bytes from 10.0.0.1: icmp_seq=3 ttl=64 time=0.041 ms" (with `(DUP!)` for a duplicate). */
const replyLine = /icmp_seq=(\d+) ttl=\d+ time=([\d.]+) ms(?! \(DUP!\))/;
/** "From 10.0.0.10 icmp_seq=1 Destination Host Unreachable" and other ICMP errors. */
const errorLine = /^From \S+(?: \([^)]*\))?:? icmp_seq=(\d+) (.+)$/;

function repliesOf(text: string): Reply[] {
  const seen = new Set<number>();
  const replies: Reply[] = [];
  for (const line of text.split('\n')) {
    const match = replyLine.exec(line);
    if (!match) continue;
    const seq = Number(match[1]);
    if (seen.has(seq)) continue;
    seen.add(seq);
    replies.push({ seq, ms: Number(match[2]) });
  }
  return replies;
}

function errorsOf(text: string): { seq: number; what: string }[] {
  return text.split('\n').flatMap((line) => {
    const match = errorLine.exec(line);
    return match ? [{ seq: Number(match[1]), what: match[2] ?? '' }] : [];
  });
}

/** RTT per icmp_seq, a lost one as a gap: where and when the losses came. */
function timelineOf(destination: string, sent: number, replies: readonly Reply[]): TimelineChart {
  const bySeq = new Map(replies.map((reply) => [reply.seq, reply.ms]));
  const last = Math.max(sent, ...replies.map((reply) => reply.seq));
  return {
    kind: 'timeline',
    title: `ping RTT to ${destination}`,
    xTitle: 'icmp_seq',
    yTitle: 'RTT (ms)',
    series: [
      {
        name: 'RTT',
        points: Array.from({ length: last }, (_, index) => ({
          x: index + 1,
          y: bySeq.get(index + 1) ?? null,
        })),
      },
    ],
    gapLabel: 'lost',
  };
}

/**
 * Below this many probes a chart says nothing the rtt line does not, and it costs the worker a PNG
 * render (about 60 ms of CPU, bench/end-to-end.ts) and Slack two upload calls for every quick ping.
 */
const chartMinimumProbes = 5;

export const summarizePing: Summarizer = (result) => {
  const text = result.stdout;
  const destination = /^PING (\S+)/m.exec(text)?.[1] ?? 'the destination';
  const counts =
    /(\d+) packets transmitted, (\d+) received(?:, \+(\d+) duplicates)?(?:, \+(\d+) errors)?, ([\d.]+)% packet loss/.exec(
      text,
    );
  if (!counts) return undefined;
  const sent = Number(counts[1]);
  const received = Number(counts[2]);
  const duplicates = Number(counts[3] ?? 0);
  const errors = Number(counts[4] ?? 0);
  const loss = Number(counts[5]);
  const rtt = /rtt min\/avg\/max\/mdev = ([\d.]+)\/([\d.]+)\/([\d.]+)\/([\d.]+) ms/.exec(text);
  const avg = rtt ? Number(rtt[2]) : undefined;
  const errorWhat = errorsOf(text)[0]?.what;
  const asked = flagValue(result.argv, '-c');

  const tone: SummaryTone = received === 0 ? 'broken' : loss > 0 ? 'degraded' : 'ok';
  const headline =
    received === 0
      ? `no reply from ${destination} (${sent} sent${errorWhat ? `, ${errorWhat.toLowerCase()}` : ''})`
      : `${formatPercent(loss)} loss${avg !== undefined ? `, avg ${formatMs(avg)}` : ''}`;
  const replies = repliesOf(text);
  const measures: Measure[] = [
    { key: 'loss', label: 'loss', value: loss, unit: '%' },
    ...(avg !== undefined ? [{ key: 'rtt.avg', label: 'avg RTT', value: avg, unit: 'ms' }] : []),
  ];
  return {
    tone,
    headline,
    facts: [
      `${received} of ${sent} replies from ${destination}`,
      ...(rtt
        ? [
            `rtt min ${formatMs(Number(rtt[1]))} / avg ${formatMs(Number(rtt[2]))} / max ${formatMs(Number(rtt[3]))} (mdev ${formatMs(Number(rtt[4]))})`,
          ]
        : []),
      ...(errors > 0 ? [`${errors} ICMP errors${errorWhat ? ` (${errorWhat})` : ''}`] : []),
      ...(duplicates > 0 ? [`${duplicates} duplicate replies`] : []),
      ...(asked !== undefined && sent < Number(asked) ? [`stopped after ${sent} of ${asked} probes`] : []),
    ],
    measures,
    ...(replies.length > 0 && sent >= chartMinimumProbes
      ? { charts: [timelineOf(destination, sent, replies)] }
      : []),
  };
};

/**
 * "12 replies, 0% loss, avg 0.2 ms" from the lines so far: a probe is lost when a later one was
 * answered or errored and it was not (the newest may still be on its way, so it is not counted).
 */
export function pingProgress(partial: PartialOutput): string | undefined {
  const replies = repliesOf(partial.stdout);
  const errors = errorsOf(partial.stdout);
  const seqs = [...replies.map((reply) => reply.seq), ...errors.map((error) => error.seq)];
  if (seqs.length === 0) return undefined;
  const sent = Math.max(...seqs);
  const lost = sent - replies.length;
  const avg = replies.length ? replies.reduce((sum, reply) => sum + reply.ms, 0) / replies.length : undefined;
  return [
    `${replies.length} ${replies.length === 1 ? 'reply' : 'replies'}`,
    `${formatPercent((100 * lost) / sent)} loss`,
    ...(avg !== undefined ? [`avg ${formatMs(avg)}`] : []),
  ].join(', ');
}
