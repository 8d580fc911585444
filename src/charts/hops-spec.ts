import type { TopLevelSpec } from 'vega-lite';
import type { HopsChart } from '../format/chart-data.js';
import { chartConfig, colors, formatNumber, plotWidth } from './chart-style.js';
import { noDataLayer } from './no-data-layer.js';

const rowHeight = 24;
const lossWidth = 150;

/**
 * mtr's path, one row a hop in path order: latency (a bar to the average, a tick at the worst) on
 * the left, loss on the right, red where a hop lost anything. A hop that never answered says
 * "no reply" where its bar would be.
 */
export function hopsSpec(chart: HopsChart): TopLevelSpec {
  const rows = chart.hops.map((hop) => ({
    label: `${hop.hop}. ${shorten(hop.host === '' ? '???' : hop.host)}`,
    avg: hop.avgMs,
    worst: hop.worstMs,
    loss: hop.lossPercent,
    lossText: `${formatNumber(hop.lossPercent)}%`,
    avgText: hop.avgMs === null ? 'no reply' : latencyText(hop.avgMs, hop.worstMs),
  }));
  const order = rows.map((row) => row.label);
  const latencyWidth = plotWidth - lossWidth - 20;
  const height = Math.max(rowHeight * 3, rowHeight * rows.length);
  const y = { field: 'label', type: 'ordinal' as const, sort: order, title: null, axis: { labelLimit: 220 } };
  const answered = rows.filter((row) => row.avg !== null || row.worst !== null);
  const latencyMax = Math.max(0, ...answered.flatMap((row) => [row.avg ?? 0, row.worst ?? 0])) || 1;
  const x = {
    type: 'quantitative' as const,
    title: 'latency, ms (bar avg, tick worst)',
    // Room right of the longest bar for its words.
    scale: { domain: [0, latencyMax * 1.6], nice: false },
  };
  const latency: object[] = [
    {
      mark: { type: 'bar', color: colors.series[0], height: 14 },
      transform: [{ filter: 'datum.avg !== null' }],
      encoding: { y, x: { ...x, field: 'avg' } },
    },
    {
      mark: { type: 'tick', color: colors.worst, thickness: 3, size: 18 },
      transform: [{ filter: 'datum.worst !== null' }],
      encoding: { y, x: { ...x, field: 'worst' } },
    },
    {
      mark: { type: 'text', align: 'left', dx: 6, fontSize: 11, color: colors.quiet },
      encoding: {
        y,
        x: { ...x, field: 'worst' },
        text: { field: 'avgText' },
      },
      transform: [{ calculate: 'datum.worst === null ? 0 : datum.worst', as: 'worst' }],
    },
  ];
  if (answered.length === 0) latency.push(noDataLayer(latencyWidth / 2, height / 2));
  const loss = [
    {
      mark: { type: 'bar', height: 14 },
      encoding: {
        y: { ...y, axis: null },
        x: { field: 'loss', type: 'quantitative', title: 'loss, %', scale: { domain: [0, 100] } },
        color: {
          condition: { test: 'datum.loss > 0', value: colors.loss },
          value: colors.grid,
        },
      },
    },
    {
      mark: { type: 'text', align: 'left', dx: 4, fontSize: 11 },
      encoding: {
        y: { ...y, axis: null },
        x: { field: 'loss', type: 'quantitative', scale: { domain: [0, 100] } },
        text: { field: 'lossText' },
        color: { condition: { test: 'datum.loss > 0', value: colors.loss }, value: colors.quiet },
      },
    },
  ];
  const body =
    rows.length === 0
      ? { width: plotWidth, height, layer: [noDataLayer(plotWidth / 2, height / 2)] }
      : {
          data: { values: rows },
          hconcat: [
            { width: latencyWidth, height, layer: latency },
            { width: lossWidth, height, layer: loss },
          ],
          spacing: 12,
        };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: chartConfig,
    title: chart.title,
    ...body,
  } as TopLevelSpec;
}

/** "avg 0.085 ms, worst 0.138 ms", next to the worst tick. */
function latencyText(avgMs: number, worstMs: number | null): string {
  return worstMs === null
    ? `avg ${formatNumber(avgMs)} ms`
    : `avg ${formatNumber(avgMs)}, worst ${formatNumber(worstMs)} ms`;
}

/** A reverse-DNS name can be long: keep the end, which says where it is. */
function shorten(host: string): string {
  return host.length <= 36 ? host : `…${host.slice(-35)}`;
}
