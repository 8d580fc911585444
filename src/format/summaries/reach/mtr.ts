import { z } from 'zod';
import type { HopsChart } from '../../chart-data.js';
import type { Measure, Summarizer, SummaryTone, TextTable } from '../summary.js';
import { judgePath } from './hop-verdict.js';
import { formatMs, formatPercent } from './numbers.js';

// mtr --json (commands/mtr.ts): a hop per hub with its loss and latency. Loss at a middle hop that
// does not carry on to the end is a router rate-limiting its ICMP, not loss on the path: only the
// destination's loss judges the path.

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

export const summarizeMtr: Summarizer = (result) => {
  const start = result.stdout.indexOf('{');
  if (start < 0) return undefined;
  const parsed = reportSchema.safeParse(JSON.parse(result.stdout.slice(start)));
  if (!parsed.success) return undefined;
  const { mtr, hubs } = parsed.data.report;
  const destination = mtr.dst;
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
      lossPercent: hub['Loss%'],
      avgMs: silent(hub) ? null : hub.Avg,
      worstMs: silent(hub) ? null : hub.Wrst,
    })),
  };
  const lossyMiddle = hubs.filter((hub) => hub !== end && hub['Loss%'] > 0 && !silent(hub));
  const measures: Measure[] = [
    { key: 'hops', label: 'hops', value: hubs.length },
    { key: 'loss', label: `loss at ${destination}`, value: endLoss, unit: '%' },
    ...(end ? [{ key: 'rtt.avg', label: 'avg RTT', value: end.Avg, unit: 'ms' }] : []),
    ...(verdict.reached
      ? []
      : [{ key: 'path.stops', label: 'path stops after hop', value: verdict.lastAnswer?.hop ?? 0 }]),
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
