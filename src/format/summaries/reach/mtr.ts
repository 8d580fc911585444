import { z } from 'zod';
import type { HopsChart } from '../../chart-data.js';
import type { Measure, PartialOutput, Summarizer, SummaryTone, TextTable } from '../summary.js';
import { judgePath, pathStopsMeasures } from './hop-verdict.js';
import { formatMs, formatPercent, roundMeasure } from './numbers.js';

// mtr --raw (commands/mtr.ts): a line per probe sent ("x HOP SEQ"), per address seen at a hop
// ("h HOP IP") and per reply ("p HOP MICROSECONDS SEQ"), from which the hop table is counted as mtr's
// own report counts it; --json, which the bot asked for before, is still read. Loss at a middle hop
// that does not carry on to the end is a router rate-limiting its ICMP, not loss on the path: only
// the destination's loss judges the path.

const hubSchema = z.looseObject({
  count: z.coerce.number(),
  host: z.string(),
  'Loss%': z.number(),
  Snt: z.number(),
  Last: z.number(),
  Avg: z.number(),
  Best: z.number(),
  Wrst: z.number(),
  StDev: z.number(),
});

const reportSchema = z.object({
  report: z.object({
    mtr: z.looseObject({ dst: z.string(), tests: z.coerce.number().optional() }),
    hubs: z.array(hubSchema),
  }),
});

type Hub = z.infer<typeof hubSchema>;

/** mtr's "???" is a hop where nothing answered. */
const silent = (hub: Hub) => hub.host === '???' || hub['Loss%'] >= 100;

const ms = (value: number) => String(Number(value.toPrecision(3)));

/** The JSON report's destination and hubs, or undefined for output that is not one. */
function readJson(stdout: string): { destination: string; hubs: Hub[] } | undefined {
  const start = stdout.indexOf('{');
  if (start < 0) return undefined;
  const parsed = reportSchema.safeParse(JSON.parse(stdout.slice(start)));
  if (!parsed.success) return undefined;
  return { destination: parsed.data.report.mtr.dst, hubs: parsed.data.report.hubs };
}

const ipLiteral = /^[\d.]+$|:/;

/**
 * The raw stream as mtr's report would count it. mtr probes a few hops past the destination before
 * it knows where the destination is (they answer from the destination's address again), and up to
 * its max TTL when nothing answers: the table stops at the first hop that answers from the last
 * address heard, then one "???" row if hops past it stayed silent.
 */
export function readRaw(stdout: string, target: string): { destination: string; hubs: Hub[] } | undefined {
  const sent = new Map<number, number>();
  const hosts = new Map<number, string>();
  const replies = new Map<number, number[]>();
  for (const line of stdout.split('\n')) {
    const [kind, hopText, value] = line.trim().split(/\s+/);
    const hop = Number(hopText);
    if (!Number.isInteger(hop)) continue;
    if (kind === 'x') sent.set(hop, (sent.get(hop) ?? 0) + 1);
    else if (kind === 'h' && value && !hosts.has(hop)) hosts.set(hop, value);
    else if (kind === 'p' && value) replies.set(hop, [...(replies.get(hop) ?? []), Number(value) / 1000]);
  }
  if (sent.size === 0) return undefined;
  const answered = [...hosts.keys()].sort((a, b) => a - b);
  const lastHost = hosts.get(answered[answered.length - 1] ?? -1);
  const cut =
    lastHost === undefined ? -1 : Math.min(...answered.filter((hop) => hosts.get(hop) === lastHost));
  const probedBeyond = [...sent.keys()].some((hop) => hop > cut && !hosts.has(hop));
  const hubs: Hub[] = [];
  for (let hop = 0; hop <= cut; hop += 1) {
    const times = replies.get(hop) ?? [];
    const count = sent.get(hop) ?? 0;
    const avg = times.reduce((sum, ms) => sum + ms, 0) / (times.length || 1);
    const variance = times.reduce((sum, ms) => sum + (ms - avg) ** 2, 0) / (times.length || 1);
    hubs.push({
      count: hop + 1,
      host: hosts.get(hop) ?? '???',
      'Loss%': count ? Math.max(0, (100 * (count - times.length)) / count) : 100,
      Snt: count,
      Last: times[times.length - 1] ?? 0,
      Avg: avg,
      Best: times.length ? Math.min(...times) : 0,
      Wrst: times.length ? Math.max(...times) : 0,
      StDev: Math.sqrt(variance),
    });
  }
  const reached =
    lastHost !== undefined && (lastHost === target || (!ipLiteral.test(target) && !probedBeyond));
  if (!reached && probedBeyond)
    hubs.push({
      count: cut + 2,
      host: '???',
      'Loss%': 100,
      Snt: sent.get(cut + 1) ?? 0,
      Last: 0,
      Avg: 0,
      Best: 0,
      Wrst: 0,
      StDev: 0,
    });
  // A destination given by name is reached when its address answered last: named by that address.
  return { destination: reached && lastHost ? lastHost : target, hubs };
}

export const summarizeMtr: Summarizer = (result) => {
  const target = result.argv[result.argv.length - 1] ?? 'the destination';
  const report = result.stdout.trimStart().startsWith('{')
    ? readJson(result.stdout)
    : readRaw(result.stdout, target);
  if (!report) return undefined;
  const { destination, hubs } = report;
  const verdict = judgePath(
    hubs.map((hub) => ({ hop: hub.count, ...(silent(hub) ? {} : { host: hub.host }) })),
    destination,
  );
  const last = hubs[hubs.length - 1];
  const end = verdict.reached ? last : undefined;
  const endLoss = end?.['Loss%'] ?? 100;
  const tone: SummaryTone = verdict.tone === 'ok' && endLoss > 0 ? 'degraded' : verdict.tone;
  const headline =
    verdict.headline ??
    `${formatPercent(endLoss)} loss at ${destination}, avg ${formatMs(end?.Avg ?? 0)} over ${hubs.length} ${hubs.length === 1 ? 'hop' : 'hops'}`;

  const table: TextTable = {
    columns: ['HOP', 'HOST', 'LOSS', 'SENT', 'LAST', 'AVG', 'BEST', 'WORST', 'STDEV'],
    align: ['right', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
    rows: hubs.map((hub) => [
      String(hub.count),
      hub.host,
      formatPercent(hub['Loss%']),
      String(hub.Snt),
      ...(silent(hub) ? ['', '', '', '', ''] : [hub.Last, hub.Avg, hub.Best, hub.Wrst, hub.StDev].map(ms)),
    ]),
  };
  const chart: HopsChart = {
    kind: 'hops',
    title: `mtr to ${destination}`,
    hops: hubs.map((hub) => ({
      hop: hub.count,
      host: hub.host,
      lossPercent: roundMeasure(hub['Loss%']),
      avgMs: silent(hub) ? null : roundMeasure(hub.Avg),
      worstMs: silent(hub) ? null : roundMeasure(hub.Wrst),
    })),
  };
  const lossyMiddle = hubs.filter((hub) => hub !== end && hub['Loss%'] > 0 && !silent(hub));
  const measures: Measure[] = [
    { key: 'hops', label: 'hops', value: hubs.length },
    { key: 'loss', label: `loss at ${destination}`, value: roundMeasure(endLoss), unit: '%' },
    ...(end ? [{ key: 'rtt.avg', label: 'avg RTT', value: roundMeasure(end.Avg), unit: 'ms' }] : []),
    ...pathStopsMeasures(verdict),
  ];
  return {
    tone,
    headline,
    facts: [
      ...(end
        ? [
            `${destination}: best ${formatMs(end.Best)}, avg ${formatMs(end.Avg)}, worst ${formatMs(end.Wrst)} (${end.Snt} sent)`,
          ]
        : []),
      ...(lossyMiddle.length && verdict.reached && endLoss === 0
        ? [
            `loss at hop ${lossyMiddle.map((hub) => hub.count).join(', ')} only: a router limiting ICMP, not loss on the path`,
          ]
        : []),
    ],
    tables: [table],
    measures,
    charts: [chart],
  };
};

/** "2 hops so far, 198.18.254.2 at hop 2, avg 0.09 ms" from the raw stream so far. */
export function mtrProgress(partial: PartialOutput): string | undefined {
  const target = partial.argv[partial.argv.length - 1] ?? '';
  const report = readRaw(partial.stdout, target);
  const last = report?.hubs.filter((hub) => hub.host !== '???').pop();
  if (!report || !last) return undefined;
  const answering = report.hubs.filter((hub) => hub.host !== '???').length;
  return `${answering} ${answering === 1 ? 'hop' : 'hops'} answering, last ${last.host} at hop ${last.count}, ${formatPercent(last['Loss%'])} loss, avg ${formatMs(last.Avg)}`;
}
