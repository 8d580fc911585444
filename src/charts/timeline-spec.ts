import type { TopLevelSpec } from 'vega-lite';
import type { TimelineChart } from '../format/chart-data.js';
import { chartConfig, colors, formatNumber, plotHeight, plotWidth } from './chart-style.js';
import { noDataLayer } from './no-data-layer.js';

/**
 * Ping RTT per reply, iperf3 throughput or retransmits per interval: one line (or bars) per series,
 * and a red rule with a cross at the foot of the axis at every x whose value is missing (a lost
 * ping), named in the legend by `gapLabel`.
 */
export function timelineSpec(chart: TimelineChart): TopLevelSpec {
  const gapLabel = chart.gapLabel ?? 'no value';
  const values = chart.series.flatMap((series) =>
    series.points
      .filter((point) => point.y !== null && Number.isFinite(point.y) && Number.isFinite(point.x))
      .map((point) => ({
        x: point.x,
        y: point.y as number,
        series: series.name,
        label: formatNumber(point.y as number),
      })),
  );
  const gaps = chart.series.flatMap((series) =>
    series.points
      .filter((point) => point.y === null && Number.isFinite(point.x))
      .map((point) => ({ x: point.x, series: gapLabel, of: series.name })),
  );
  const names = chart.series.map((series) => series.name);
  const domain = gaps.length > 0 ? [...names, gapLabel] : names;
  const range = [...names.map((_, index) => colors.series[index % colors.series.length]), colors.loss];
  const showLegend = names.length > 1 || gaps.length > 0;
  const color = {
    field: 'series',
    type: 'nominal' as const,
    scale: { domain, range },
    legend: showLegend ? {} : null,
  };
  const xs = [...new Set([...values, ...gaps].map((row) => row.x))].sort((a, b) => a - b);
  // Half a step of room at each end, so the first and last bar or loss mark are not cut in half.
  const steps = xs.slice(1).map((value, index) => value - (xs[index] as number));
  const step = steps.length === 0 ? 1 : Math.min(...steps);
  const xDomain = xs.length === 0 ? [0, 1] : [(xs[0] as number) - step / 2, (xs.at(-1) as number) + step / 2];
  const whole = xs.every((value) => Number.isInteger(value));
  const x = {
    field: 'x',
    type: 'quantitative' as const,
    title: chart.xTitle,
    scale: { domain: xDomain, nice: false, zero: false },
    // icmp_seq and interval numbers are counts: no "1.50" between them.
    axis: whole ? { tickMinStep: 1, format: 'd' } : {},
  };
  const y = {
    field: 'y',
    type: 'quantitative' as const,
    title: chart.yTitle,
    scale: values.length === 0 ? { domain: [0, 1] } : { zero: true },
    axis: values.length === 0 ? { labels: false, ticks: false } : { tickCount: 5 },
  };
  const slots = ((xDomain[1] as number) - (xDomain[0] as number)) / step;
  // Bars as wide as the spacing of the points allows, thin enough to leave a gap between them.
  const barSize = Math.max(2, Math.min(40, Math.floor((plotWidth / slots) * 0.7)));
  const main = chart.bars
    ? { mark: { type: 'bar' as const, size: barSize }, encoding: { x, y, color } }
    : {
        mark: {
          type: 'line' as const,
          invalid: 'break-paths-filter-domains' as const,
          point: values.length <= 120,
          strokeWidth: 2,
          interpolate: 'linear' as const,
        },
        encoding: { x, y, color },
      };
  // A line breaks where a value is missing rather than drawing a slope across a lost reply: the
  // missing points go into the line's data as nulls, which vega-lite reads as breaks.
  const lineValues = chart.bars
    ? values
    : chart.series.flatMap((series) =>
        series.points
          .filter((point) => Number.isFinite(point.x))
          .map((point) => ({ x: point.x, y: point.y, series: series.name })),
      );
  const layers: object[] = [{ data: { values: lineValues }, ...main }];
  if (gaps.length > 0) {
    layers.push(
      {
        data: { values: gaps },
        mark: { type: 'rule', strokeWidth: 2, opacity: 0.35 },
        encoding: { x, color },
      },
      {
        data: { values: gaps },
        mark: { type: 'point', shape: 'cross', size: 90, filled: true, opacity: 1 },
        encoding: { x, y: { value: plotHeight - 4 }, color },
      },
    );
  }
  if (values.length === 0) {
    const said = gaps.length === 0 ? 'no data' : `no data: all ${gaps.length} ${gapLabel}`;
    layers.push(noDataLayer(plotWidth / 2, plotHeight / 2, said));
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: chartConfig,
    title: chart.title,
    width: plotWidth,
    height: plotHeight,
    layer: layers,
  } as TopLevelSpec;
}
