import type { ChartData } from '../format/chart-data.js';

/** A chart as a PNG file for the thread: the name it is uploaded under and its bytes. */
export interface ChartImage {
  readonly filename: string;
  readonly title: string;
  readonly png: Buffer;
}

/**
 * Renders a summary's chart as PNG (issue 13). STUB until the charts work lands: the contract is
 * the signature; it must stay under 200 ms a chart and never throw for well-formed data.
 */
export async function renderChart(chart: ChartData): Promise<ChartImage> {
  throw new Error(`renderChart is not built yet (${chart.kind})`);
}
