// One look for every chart: sized for a Slack thread (the preview is about 360 px high and the
// full view is a laptop screen), drawn at twice the size so text stays sharp on a HiDPI display.

/** The plotting area in CSS pixels; the PNG is `scale` times larger. */
export const plotWidth = 640;
export const plotHeight = 240;
export const scale = 2;

/** The family the SVG names; svg-to-png loads DejaVu Sans under it (fonts-dejavu-core). */
export const fontFamily = 'DejaVu Sans';

export const colors = {
  /** Slack's own link blue: the main series. */
  series: ['#1264a3', '#2eb67d', '#ecb22e', '#8a4fbe', '#e8912d'],
  /** Losses and gaps: the one colour that means "something is wrong". */
  loss: '#e01e5a',
  worst: '#9e6a03',
  quiet: '#616061',
  grid: '#e8e8e8',
  background: '#ffffff',
} as const;

/** The vega-lite `config` every chart shares. */
export const chartConfig = {
  font: fontFamily,
  background: colors.background,
  padding: 16,
  view: { stroke: null },
  title: { fontSize: 15, fontWeight: 'bold', anchor: 'start', color: '#1d1c1d', offset: 12 },
  axis: {
    labelFontSize: 11,
    titleFontSize: 12,
    titleFontWeight: 'normal',
    titleColor: colors.quiet,
    labelColor: colors.quiet,
    gridColor: colors.grid,
    domainColor: '#bbbbbb',
    tickColor: '#bbbbbb',
  },
  legend: { labelFontSize: 11, titleFontSize: 11, orient: 'top', direction: 'horizontal', title: null },
} as const;

/** "0.047", "1.11", "41.3", "230": about three significant digits, as ping prints them. */
export function formatNumber(value: number): string {
  const magnitude = Math.abs(value);
  if (Number.isInteger(value)) return value.toString();
  if (magnitude < 1) return value.toFixed(3);
  if (magnitude < 10) return value.toFixed(2);
  if (magnitude < 100) return value.toFixed(1);
  return Math.round(value).toString();
}
