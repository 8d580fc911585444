import type { TimelineChart } from '../../../../../src/format/chart-data.js';
import { readerOf } from '../../../../../src/format/summaries/index.js';
import { measureOf, progressOf, rigOf, summaryOf } from './read-fixture.js';

describe('ping, from real runs on the netns rig', () => {
  it('says the loss and the average RTT of a clean run, and keeps both for the next run', () => {
    const summary = summaryOf('ping', 'ping-reply');
    expect(summary.tone).toBe('ok');
    expect(summary.headline).toMatch(/^0% loss, avg 0\.0\d+ ms$/);
    expect(summary.facts).toContain(`3 of 3 replies from ${rigOf('ping-reply').server}`);
    expect(summary.facts[1]).toMatch(
      /^rtt min [\d.]+ ms \/ avg [\d.]+ ms \/ max [\d.]+ ms \(mdev [\d.]+ ms\)$/,
    );
    expect(measureOf(summary, 'loss')).toBe(0);
    expect(measureOf(summary, 'rtt.avg')).toBe(0.041);
  });

  it('calls some loss degraded, rounding the loss as people say it', () => {
    const summary = summaryOf('ping', 'ping-loss');
    expect(summary.tone).toBe('degraded');
    expect(summary.headline).toBe('33% loss, avg 0.04 ms');
    expect(summary.facts[0]).toBe(`8 of 12 replies from ${rigOf('ping-loss').server}`);
    expect(measureOf(summary, 'loss')).toBe(33.3333);
  });

  it('charts RTT per icmp_seq with the lost replies as gaps', () => {
    const chart = summaryOf('ping', 'ping-loss').charts?.[0] as TimelineChart;
    expect(chart.kind).toBe('timeline');
    expect(chart.gapLabel).toBe('lost');
    const points = chart.series[0]?.points ?? [];
    expect(points.map((point) => point.x)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(points.filter((point) => point.y === null).map((point) => point.x)).toEqual([1, 4, 7, 10]);
    expect(points[1]).toEqual({ x: 2, y: 0.033 });
  });

  it('draws no chart for a quick ping of a few probes: the rtt line says it all, and a PNG costs the worker', () => {
    expect(summaryOf('ping', 'ping-reply').charts).toBeUndefined();
  });

  it('says no reply from an address nobody holds, as broken, with how many were sent', () => {
    const summary = summaryOf('ping', 'ping-unreachable');
    expect(summary.tone).toBe('broken');
    expect(summary.headline).toBe(
      `no reply from ${rigOf('ping-unreachable').server.replace(/\.2$/, '.99')} (2 sent)`,
    );
    expect(summary.charts).toBeUndefined();
  });

  it("names the ICMP error when the kernel answers for the address (the image's ping, -w deadline)", () => {
    const summary = summaryOf('ping', 'ping-image-silent');
    expect(summary.tone).toBe('broken');
    expect(summary.headline).toMatch(/^no reply from [\d.]+ \(6 sent, destination host unreachable\)$/);
    expect(summary.facts).toContain('6 ICMP errors (Destination Host Unreachable)');
  });

  it('reads the statistics a ping prints when SIGINT stops it, and says it was stopped early', () => {
    const summary = summaryOf('ping', 'ping-interrupted');
    expect(summary.tone).toBe('ok');
    expect(summary.headline).toBe('0% loss, avg 0.042 ms');
    expect(summary.facts).toContain('stopped after 8 of 100 probes');
  });

  it('counts replies, icmp_seq gaps and the average so far for the running line', () => {
    // The first 5 lines: the header and replies 2, 3, 5, 6 (1 and 4 were dropped by the rig).
    expect(progressOf('ping', 'ping-loss', 5)).toBe('4 replies, 33% loss, avg 0.0325 ms');
    expect(progressOf('ping', 'ping-interrupted', 4)).toBe('3 replies, 0% loss, avg 0.0407 ms');
    expect(progressOf('ping', 'ping-image-silent', 3)).toBe('0 replies, 100% loss');
    expect(progressOf('ping', 'ping-loss', 1)).toBeUndefined();
  });

  it('has a progress reader and no machine output', () => {
    expect(readerOf('ping')?.progress).toEqual(expect.any(Function));
    expect(readerOf('ping')?.machineOutput).toBeFalsy();
  });
});
