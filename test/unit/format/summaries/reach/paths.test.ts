import type { HopsChart } from '../../../../../src/format/chart-data.js';
import { readerOf } from '../../../../../src/format/summaries/index.js';
import { measureOf, progressOf, rigOf, summaryOf, tablesOf } from './read-fixture.js';

describe('mtr --raw, from real runs', () => {
  it('shows a hop table and a hops chart instead of the raw stream', () => {
    expect(readerOf('mtr')?.machineOutput).toBe(true);
    const { server } = rigOf('mtr-server');
    const summary = summaryOf('mtr', 'mtr-server');
    expect(summary.tone).toBe('ok');
    expect(summary.headline).toBe(`0% loss at ${server}, avg 0.0948 ms over 1 hop`);
    // mtr also probed TTL 2, which the server answered again: the table stops at the destination.
    expect(
      tablesOf(summary)[0]
        ?.split('\n')
        .map((line) => line.trim().split(/\s+/)),
    ).toEqual([
      ['HOP', 'HOST', 'LOSS', 'SENT', 'LAST', 'AVG', 'BEST', 'WORST', 'STDEV'],
      ['1', server, '0%', '5', '0.079', '0.0948', '0.068', '0.141', '0.0257'],
    ]);
    expect(summary.charts?.[0]).toEqual({
      kind: 'hops',
      title: `mtr to ${server}`,
      hops: [{ hop: 1, host: server, lossPercent: 0, avgMs: 0.0948, worstMs: 0.141 }],
    });
    expect(measureOf(summary, 'hops')).toBe(1);
  });

  it('calls loss at the destination degraded', () => {
    const summary = summaryOf('mtr', 'mtr-image-loss');
    expect(summary.tone).toBe('degraded');
    expect(summary.headline).toBe(`42% loss at ${rigOf('mtr-image-loss').server}, avg 0.0929 ms over 1 hop`);
    expect(measureOf(summary, 'loss')).toBe(41.67);
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

  it('says the hops found so far while it runs, from the stream', () => {
    const { server } = rigOf('mtr-far');
    // The first 4 lines: a probe to hop 1, its address twice and its reply.
    expect(progressOf('mtr', 'mtr-far', 4)).toBe(
      `1 hop answering, last ${server} at hop 1, 0% loss, avg 0.09 ms`,
    );
    expect(progressOf('mtr', 'mtr-far')).toBe(
      '2 hops answering, last 198.18.254.2 at hop 2, 0% loss, avg 0.0974 ms',
    );
    expect(progressOf('mtr', 'mtr-silent', 5)).toBeUndefined();
  });

  it('still reads the JSON report the bot asked for before --raw', () => {
    const summary = summaryOf('mtr', 'mtr-json-far');
    expect([summary.tone, summary.headline]).toEqual([
      'ok',
      '0% loss at 198.18.254.2, avg 0.124 ms over 2 hops',
    ]);
    expect(tablesOf(summary)[0]?.split('\n')).toHaveLength(3);
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

describe('a path of two hops, the server routing to a third namespace', () => {
  it('mtr reads both hops and judges the path by the destination', () => {
    const { server } = rigOf('mtr-far');
    const summary = summaryOf('mtr', 'mtr-far');
    expect(summary.tone).toBe('ok');
    expect(summary.headline).toBe('0% loss at 198.18.254.2, avg 0.0974 ms over 2 hops');
    expect((summary.charts?.[0] as HopsChart).hops.map((hop) => hop.host)).toEqual([server, '198.18.254.2']);
  });

  it('mtr to a blackholed destination says where the path stops, as broken', () => {
    const { server } = rigOf('mtr-blackhole');
    const summary = summaryOf('mtr', 'mtr-blackhole');
    expect(summary.tone).toBe('broken');
    expect(summary.headline).toBe(`no reply after hop 1 (${server}), 198.18.254.2 not reached`);
    expect(tablesOf(summary)[0]?.split('\n')[2]?.trim().split(/\s+/)).toEqual(['2', '???', '100%', '5']);
    expect((summary.charts?.[0] as HopsChart).hops[1]).toEqual({
      hop: 2,
      host: '???',
      lossPercent: 100,
      avgMs: null,
      worstMs: null,
    });
  });

  it('traceroute says the same of a blackhole, and counts hops while it runs', () => {
    const { server } = rigOf('traceroute-blackhole');
    expect(summaryOf('traceroute', 'traceroute-far').headline).toBe('reached in 2 hops, avg 0.0237 ms');
    const summary = summaryOf('traceroute', 'traceroute-blackhole');
    expect([summary.tone, summary.headline]).toEqual([
      'broken',
      `no reply after hop 1 (${server}), 198.18.254.2 not reached`,
    ]);
    expect(progressOf('traceroute', 'traceroute-blackhole', 3)).toBe(
      `2 hops so far, last answer from ${server} at hop 1`,
    );
  });

  it('traceroute without -n reads "name (address)" and counts lost probes', () => {
    const summary = summaryOf('traceroute', 'traceroute-names');
    expect(tablesOf(summary)[0]?.split('\n')[1]?.trim().split(/\s+/)).toEqual([
      '1',
      rigOf('traceroute-names').server,
      '1/3',
      '0.099',
      '0.099',
      '0.099',
    ]);
  });

  it('tcptraceroute calls a closed port at the destination broken, though the path is fine', () => {
    const summary = summaryOf('tcptraceroute', 'tcptraceroute-image-far');
    expect(summary.tone).toBe('broken');
    expect(summary.headline).toBe('198.18.254.2:80 closed, reached in 2 hops, avg 0.118 ms');
    expect(measureOf(summary, 'port.80')).toBe('closed');
  });

  it('tracepath finds the MTU a router lowers, and which router said so', () => {
    const { server } = rigOf('tracepath-router-pmtu');
    const summary = summaryOf('tracepath', 'tracepath-router-pmtu');
    expect([summary.tone, summary.headline]).toEqual(['ok', 'reached in 2 hops, pmtu 1400']);
    expect(summary.facts).toContain(`MTU drops to 1400 at hop 2 (frag needed from ${server})`);
    expect(
      tablesOf(summary)[0]
        ?.split('\n')
        .map((line) => line.trim().split(/\s{2,}/)),
    ).toEqual([
      ['HOP', 'HOST', 'BEST', 'NOTE'],
      ['1', server, '0.083'],
      ['2', '198.18.254.2', '0.058', 'reached pmtu 1400'],
    ]);
  });
});
