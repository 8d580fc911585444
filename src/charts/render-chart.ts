import { View, parse } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { ChartData } from '../format/chart-data.js';
import { chartFilename } from './chart-filename.js';
import { hopsSpec } from './hops-spec.js';
import { timelineSpec } from './timeline-spec.js';
import { svgToPng } from './svg-to-png.js';
import { waterfallSpec } from './waterfall-spec.js';

/** A chart as a PNG file for the thread: the name it is uploaded under and its bytes. */
export interface ChartImage {
  readonly filename: string;
  readonly title: string;
  readonly png: Buffer;
}

/**
 * Renders a summary's chart as PNG (issue 13): vega-lite compiles the chart to a vega spec, a
 * headless vega View draws SVG (no canvas, nothing native), resvg rasterises it off the event loop.
 * Warm, a chart costs 70-125 ms of CPU on this project's 2-core machines (`npm run bench:charts`);
 * the bar is 200 ms. Data whose values are all missing renders a chart that says "no data".
 */
export async function renderChart(chart: ChartData): Promise<ChartImage> {
  const png = await svgToPng(await renderChartSvg(chart));
  return { filename: chartFilename(chart.title), title: chart.title, png };
}

/** The chart as SVG text: what the PNG is drawn from (the tests read its words). */
export async function renderChartSvg(chart: ChartData): Promise<string> {
  const view = new View(parse(compile(chartSpec(chart)).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** The vega-lite spec of a chart: what the gallery's currency test hashes (no fonts, no pixels). */
export function chartSpec(chart: ChartData): TopLevelSpec {
  switch (chart.kind) {
    case 'timeline':
      return timelineSpec(chart);
    case 'hops':
      return hopsSpec(chart);
    case 'waterfall':
      return waterfallSpec(chart);
  }
}
