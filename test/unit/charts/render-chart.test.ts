import type { ChartData } from '../../../src/format/chart-data.js';
import { findFonts } from '../../../src/charts/chart-fonts.js';
import { renderChart, renderChartSvg } from '../../../src/charts/render-chart.js';
import { svgToPng } from '../../../src/charts/svg-to-png.js';
import { countPixels } from './png-pixels.js';
import { curlWaterfall, iperf3Charts, mtrChart, pingChart, recordedPing } from './recorded-charts.js';

const pngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** colors.loss in src/charts/chart-style.ts. */
const lossRed = [0xe0, 0x1e, 0x5a] as const;

function expectReadableChart(png: Buffer): void {
  expect(png.subarray(0, 8).equals(pngSignature)).toBe(true);
  const pixels = countPixels(png);
  // Wide enough to read in a thread, not so large that Slack scales it to a smudge.
  expect(pixels.width).toBeGreaterThanOrEqual(800);
  expect(pixels.width).toBeLessThanOrEqual(2000);
  expect(pixels.height).toBeGreaterThanOrEqual(150);
  expect(pixels.height).toBeLessThanOrEqual(1600);
  // Not blank: axes, text and marks cover a few percent of it, in several colours.
  expect(pixels.ink / (pixels.width * pixels.height)).toBeGreaterThan(0.01);
  expect(pixels.colours).toBeGreaterThan(5);
}

describe('renderChart, from real recorded output', () => {
  const charts: [string, ChartData][] = [
    ['ping RTT per reply', pingChart(recordedPing.replies)],
    ['ping RTT with lost replies', pingChart(recordedPing.loss)],
    ['iperf3 throughput per interval', iperf3Charts()[0]],
    ['iperf3 retransmits per interval, as bars', iperf3Charts()[1]],
    ['curl timing waterfall', curlWaterfall()],
    ['mtr latency and loss per hop', mtrChart('mtr-loss.json')],
  ];

  test.each(charts)('%s is a PNG of a readable size that is not blank', async (_, chart) => {
    const image = await renderChart(chart);
    expectReadableChart(image.png);
    expect(image.title).toBe(chart.title);
    expect(image.filename).toMatch(/^[a-z0-9-]+\.png$/);
  });

  test('lost pings are drawn in red at their place, and a run without loss has no red', async () => {
    const lossy = countPixels((await renderChart(pingChart(recordedPing.loss))).png, lossRed);
    const clean = countPixels((await renderChart(pingChart(recordedPing.replies))).png, lossRed);
    expect(lossy.near).toBeGreaterThan(500);
    expect(clean.near).toBe(0);
    // The five lost icmp_seq of the recording, each a mark on the x axis, named in the legend.
    const svg = await renderChartSvg(pingChart(recordedPing.loss));
    expect(svg).toContain('>lost<');
  });

  test('the file name is the title slugged', async () => {
    const image = await renderChart(pingChart(recordedPing.loss));
    expect(image.filename).toBe('ping-rtt-to-198-18-231-2.png');
  });

  test('an mtr hop with loss is red and a hop without is not', async () => {
    const chart = mtrChart('mtr-loss.json');
    const lossy = countPixels((await renderChart(chart)).png, lossRed);
    const healthy = countPixels(
      (await renderChart({ ...chart, hops: chart.hops.map((hop) => ({ ...hop, lossPercent: 0 })) })).png,
      lossRed,
    );
    expect(lossy.near).toBeGreaterThan(500);
    expect(healthy.near).toBe(0);
  });
});

describe('renderChart without data says "no data" rather than throwing', () => {
  const empty: [string, ChartData][] = [
    ['a ping whose every reply was lost (recorded)', pingChart(recordedPing.unreachable)],
    [
      'a timeline with no points at all',
      {
        kind: 'timeline',
        title: 'ping RTT to 198.18.0.2',
        xTitle: 'icmp_seq',
        yTitle: 'RTT, ms',
        series: [],
      },
    ],
    [
      'iperf3 intervals without values, as bars',
      {
        kind: 'timeline',
        title: 'iperf3 retransmits',
        xTitle: 'seconds',
        yTitle: 'retransmits',
        bars: true,
        series: [{ name: 'retransmits', points: [1, 2, 3].map((x) => ({ x, y: null })) }],
      },
    ],
    ['mtr that found no hops (recorded, blackholed route)', mtrChart('mtr-blackhole.json')],
    [
      'mtr hops that never answered',
      {
        kind: 'hops',
        title: 'mtr path to 198.18.0.9',
        hops: [1, 2, 3].map((hop) => ({ hop, host: '???', lossPercent: 100, avgMs: null, worstMs: null })),
      },
    ],
    ['curl without timings', { kind: 'waterfall', title: 'curl timing', phases: [] }],
  ];

  test.each(empty)('%s', async (_, chart) => {
    expect(await renderChartSvg(chart)).toContain('no data');
    const image = await renderChart(chart);
    expect(image.png.subarray(0, 8).equals(pngSignature)).toBe(true);
    expect(countPixels(image.png).ink).toBeGreaterThan(0);
  });
});

describe('fonts', () => {
  test('DejaVu Sans is used where it is installed, and the system fonts where it is not', () => {
    expect(findFonts(['/nonexistent/fonts'])).toEqual({ loadSystemFonts: true });
  });

  test('a machine without any font still gets the chart, lines and bars without words', async () => {
    const svg = await renderChartSvg(pingChart(recordedPing.loss));
    const png = await svgToPng(svg, { loadSystemFonts: false });
    const pixels = countPixels(png, lossRed);
    expect(pixels.ink).toBeGreaterThan(0);
    expect(pixels.near).toBeGreaterThan(500);
  });
});
