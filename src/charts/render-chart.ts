import { renderAsync } from '@resvg/resvg-js';
import { View, parse } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { ChartData } from '../format/chart-data.js';
import { chartFilename } from './chart-filename.js';
import { chartFonts } from './chart-fonts.js';
import { scale } from './chart-style.js';
import { hopsSpec } from './hops-spec.js';
import { timelineSpec } from './timeline-spec.js';
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
 * About 30 ms a chart once warm (`npm run bench:charts`); the bar is 200 ms. Data whose values are
 * all missing renders a chart that says "no data".
 */
export async function renderChart(chart: ChartData): Promise<ChartImage> {
  const svg = await renderSvg(specOf(chart));
  const image = await renderAsync(svg, {
    font: chartFonts(),
    fitTo: { mode: 'zoom', value: scale },
    background: '#ffffff',
    logLevel: 'off',
  });
  return { filename: chartFilename(chart.title), title: chart.title, png: image.asPng() };
}

function specOf(chart: ChartData): TopLevelSpec {
  switch (chart.kind) {
    case 'timeline':
      return timelineSpec(chart);
    case 'hops':
      return hopsSpec(chart);
    case 'waterfall':
      return waterfallSpec(chart);
  }
}

/** The chart as SVG text; exported for the gallery and for looking at a chart in a browser. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
