import { describeProgress } from '../../../../../src/format/summaries/index.js';
import { loadRecorded } from '../../../../harness/golden/render-golden.js';
import { measure, summaryOf } from './summary-of.js';

// ApacheBench read from real bursts against the rig's HTTP server, a server that answers 503, and a
// closed port.

describe('ab, as an SRE reads it', () => {
  it.each([
    ['ab-ok', 1127, 8],
    ['ab-image-ok', 1371, 7],
  ])('%s: requests per second, p99 and nothing failed', (name, rps, p99) => {
    const { summary } = summaryOf(name);
    expect(summary.tone).toBe('ok');
    expect(summary.headline).toBe(`${rps} requests/s, p99 ${p99} ms, none failed`);
    expect(summary.facts[0]).toMatch(/^200 requests, 4 at a time, in [\d.]+ s$/);
    expect(summary.facts[1]).toMatch(
      new RegExp(`^latency p50 \\d+ ms · p90 \\d+ ms · p99 ${p99} ms · max \\d+ ms`),
    );
    expect(measure(summary, 'latency.p99')).toBe(p99);
    expect(measure(summary, 'failed')).toBe(0);
  });

  it('every response not 2xx is broken, and says how many', () => {
    const { summary } = summaryOf('ab-server-error');
    expect(summary.tone).toBe('broken');
    expect(summary.headline).toBe('764 requests/s, p99 11 ms, 100 of 100 responses not 2xx');
    expect(measure(summary, 'non2xx')).toBe(100);
  });

  it('a refused connection stops ab, and says who refused', () => {
    const { summary, server } = summaryOf('ab-conn-refused');
    expect(summary.tone).toBe('broken');
    expect(summary.headline).toBe(`${server}:5433 refused the connection`);
  });

  it("tells the running line how many requests are done from ab's own count", () => {
    const { result } = loadRecorded('ab-ok');
    expect(
      describeProgress('ab', {
        argv: result.argv,
        stdout: '',
        stderr: 'Completed 100 requests\n',
        elapsedMs: 90,
      }),
    ).toBe('100 of 200 requests done');
    expect(
      describeProgress('ab', { argv: result.argv, stdout: '', stderr: '', elapsedMs: 10 }),
    ).toBeUndefined();
  });
});
