import type { TopLevelSpec } from 'vega-lite';
import type { WaterfallChart } from '../format/chart-data.js';
import { chartConfig, colors, formatNumber, plotWidth } from './chart-style.js';
import { noDataLayer } from './no-data-layer.js';

const rowHeight = 32;

/**
 * curl's timing as a waterfall: one row a phase (DNS, connect, TLS, server, transfer), each bar
 * from where the phase began to where it ended, labelled with its length; the title says the total.
 */
export function waterfallSpec(chart: WaterfallChart): TopLevelSpec {
  const phases = chart.phases
    .filter((phase) => Number.isFinite(phase.startMs) && Number.isFinite(phase.endMs))
    .map((phase) => ({
      name: phase.name,
      start: phase.startMs,
      // A phase that ends before it starts is a tool's rounding: drawn as zero length.
      end: Math.max(phase.startMs, phase.endMs),
      text: `${formatNumber(Math.max(0, phase.endMs - phase.startMs))} ms`,
    }));
  const total = Math.max(0, ...phases.map((phase) => phase.end));
  const height = Math.max(rowHeight * 2, rowHeight * phases.length);
  const order = phases.map((phase) => phase.name);
  const y = { field: 'name', type: 'ordinal' as const, sort: order, title: null };
  const x = {
    field: 'start',
    type: 'quantitative' as const,
    title: 'ms since the request started',
    scale: { domain: [0, total === 0 ? 1 : total * 1.12], nice: false },
  };
  const color = {
    field: 'name',
    type: 'nominal' as const,
    sort: order,
    scale: { range: colors.series },
    legend: null,
  };
  const layers: object[] =
    phases.length === 0
      ? []
      : [
          {
            data: { values: phases },
            // A zero-length phase still shows as a sliver where it happened.
            mark: { type: 'bar', height: 18, minBandSize: 2 },
            encoding: { y, x, x2: { field: 'end' }, color },
          },
          {
            data: { values: phases },
            mark: { type: 'text', align: 'left', dx: 5, fontSize: 11, color: colors.quiet },
            encoding: { y, x: { ...x, field: 'end' }, text: { field: 'text' } },
          },
        ];
  if (total === 0) layers.push(noDataLayer(plotWidth / 2, height / 2));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: chartConfig,
    title: total === 0 ? chart.title : { text: chart.title, subtitle: `total ${formatNumber(total)} ms` },
    width: plotWidth,
    height,
    layer: layers,
  } as TopLevelSpec;
}
