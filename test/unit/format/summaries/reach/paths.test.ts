import type { HopsChart } from '../../../../../src/format/chart-data.js';
import { readerOf } from '../../../../../src/format/summaries/index.js';
import { measureOf, progressOf, rigOf, summaryOf, tablesOf } from './read-fixture.js';

describe('mtr --json, from real runs', () => {
  it('shows a hop table and a hops chart instead of its JSON, and says nothing while it runs', () => {
    expect(readerOf('mtr')?.machineOutput).toBe(true);
    expect(readerOf('mtr')?.progress).toBeUndefined();
    const { server } = rigOf('mtr-server');
    const summary = summaryOf('mtr', 'mtr-server');
    expect(summary.tone).toBe('ok');
    expect(summary.headline).toBe(`0% loss at ${server}, avg 0.091 ms over 1 hop`);
    expect(
      tablesOf(summary)[0]
        ?.split('\n')
        .map((line) => line.trim().split(/\s+/)),
    ).toEqual([
      ['HOP', 'HOST', 'LOSS', 'SENT', 'LAST', 'AVG', 'BEST', 'WORST', 'STDEV'],
      ['1', server, '0%', '5', '0.11', '0.091', '0.083', '0.11', '0.011'],
    ]);
    const chart = summary.charts?.[0] as HopsChart;
    expect(chart).toEqual({
      kind: 'hops',
      title: `mtr to ${server}`,
      hops: [{ hop: 1, host: server, lossPercent: 0, avgMs: 0.091, worstMs: 0.11 }],
    });
    expect(measureOf(summary, 'hops')).toBe(1);
  });

  it('calls loss at the destination degraded', () => {
    const summary = summaryOf('mtr', 'mtr-image-loss');
    expect(summary.tone).toBe('degraded');
    expect(summary.headline).toBe(`42% loss at ${rigOf('mtr-image-loss').server}, avg 0.079 ms over 1 hop`);
    expect(measureOf(summary, 'loss')).toBe(41.666);
  });

  it('says where the path stops when the destination never answers (exit 0 all the same)', () => {
    const { client } = rigOf('mtr-silent');
    const summary = summaryOf('mtr', 'mtr-silent');
    expect(summary.tone).toBe('broken');
    expect(summary.headline).toMatch(
      new RegExp(
        `^no reply after hop 1 \\(${client.replace(/\./g, '\\.')}\\), 198\\.18\\.\\d+\\.99 not reached$`,
      ),
    );
    expect(measureOf(summary, 'path.stops')).toBe(1);
    expect(measureOf(summary, 'loss')).toBe(100);
  });
});

describe('traceroute and tcptraceroute, from real runs', () => {
  it('reads the hops and calls the destination reached', () => {
    const { server } = rigOf('traceroute-server');
    const summary = summaryOf('traceroute', 'traceroute-server');
    expect(summary.tone).toBe('ok');
    expect(summary.headline).toBe('reached in 1 hop, avg 0.315 ms');
    expect(
      tablesOf(summary)[0]
        ?.split('\n')
        .map((line) => line.trim().split(/\s+/)),
    ).toEqual([
      ['HOP', 'HOST', 'REPLIES', 'BEST', 'AVG', 'WORST', 'NOTE'],
      ['1', server, '3/3', '0.289', '0.315', '0.352'],
    ]);
    expect(summaryOf('traceroute', 'traceroute-image-tcp').headline).toBe('reached in 1 hop, avg 0.025 ms');
  });

  it('calls a path where no hop answers broken', () => {
    const summary = summaryOf('traceroute', 'traceroute-silent');
    expect(summary.tone).toBe('broken');
    expect(summary.headline).toMatch(/^no hop answered on the way to 198\.18\.\d+\.99$/);
    expect(tablesOf(summary)[0]?.split('\n')).toHaveLength(6);
  });

  it("tcptraceroute says the port's state at the destination", () => {
    const open = summaryOf('tcptraceroute', 'tcptraceroute-image-open');
    expect(open.tone).toBe('ok');
    expect(open.headline).toBe(
      `${rigOf('tcptraceroute-image-open').server}:5432 open, reached in 1 hop, avg 0.097 ms`,
    );
    expect(measureOf(open, 'port.5432')).toBe('open');
    const filtered = summaryOf('tcptraceroute', 'tcptraceroute-image-filtered');
    expect(filtered.tone).toBe('broken');
    expect(filtered.headline).toBe(
      `no hop answered on the way to ${rigOf('tcptraceroute-image-filtered').server}`,
    );
    expect(measureOf(filtered, 'port.5434')).toBe('filtered');
  });

  it('counts the hops so far for the running line', () => {
    expect(progressOf('traceroute', 'traceroute-silent', 3)).toBe('2 hops so far, no answer yet');
    expect(progressOf('traceroute', 'traceroute-server')).toBe(
      `1 hop so far, last answer from ${rigOf('traceroute-server').server} at hop 1`,
    );
    expect(progressOf('traceroute', 'traceroute-server', 1)).toBeUndefined();
  });
});

describe('tracepath, from real runs', () => {
  it('says the path MTU it found', () => {
    const plain = summaryOf('tracepath', 'tracepath-server');
    expect([plain.tone, plain.headline]).toEqual(['ok', 'reached in 1 hop, pmtu 1500']);
    const lowered = summaryOf('tracepath', 'tracepath-pmtu');
    expect([lowered.tone, lowered.headline]).toEqual(['ok', 'reached in 1 hop, pmtu 1400']);
    expect(lowered.facts[0]).toMatch(/^path MTU 1400: packets over 1400 bytes/);
    expect(measureOf(lowered, 'pmtu')).toBe(1400);
  });

  it('calls a host unreachable at a hop broken, naming the hop', () => {
    const summary = summaryOf('tracepath', 'tracepath-silent');
    expect(summary.tone).toBe('broken');
    expect(summary.headline).toBe(
      `host unreachable at hop 1 (${rigOf('tracepath-silent').client}); pmtu 1500`,
    );
    expect(tablesOf(summary)[0]).toContain('!H');
  });

  it('counts the hops and the pmtu so far', () => {
    expect(progressOf('tracepath', 'tracepath-pmtu', 2)).toBe('1 hop so far, pmtu 1400');
    expect(progressOf('tracepath', 'tracepath-pmtu', 1)).toBeUndefined();
  });
});
