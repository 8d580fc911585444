import fc from 'fast-check';
import { formatRate } from '../../../src/catalogue/aggregate-rate.js';
import { planText, refusalOf } from './plan-text.js';

/**
 * Issue 12, class 2: iperf3's and iperf's -b is per stream, so the bound is on rate × streams ×
 * directions for the whole run (1 Gbit/s). Generated combinations run when the product is within it,
 * and are refused with the product spelt out when it is not.
 */
const limit = 1e9;
const multipliers = { '': 1, K: 1e3, M: 1e6, G: 1e9 } as const;

const rate = fc
  .tuple(fc.integer({ min: 1, max: 999 }), fc.constantFrom('K', 'M', 'G', 'k', 'm', 'g'))
  .map(([value, unit]) => ({
    text: `${value}${unit}`,
    bits: value * multipliers[unit.toUpperCase() as 'K'],
  }));

interface Case {
  readonly line: string;
  readonly perStream: number;
  readonly streams: number;
  readonly directions: number;
}

const iperf3Case: fc.Arbitrary<Case> = fc
  .record({
    rate: fc.option(rate, { nil: undefined }),
    streams: fc.integer({ min: 1, max: 8 }),
    bidir: fc.boolean(),
  })
  .map(({ rate: written, streams, bidir }) => ({
    line: `iperf3 pod/a pod/b -u ${written ? `-b ${written.text} ` : ''}-P ${streams}${bidir ? ' --bidir' : ''}`,
    perStream: written?.bits ?? 1e6,
    streams,
    directions: bidir ? 2 : 1,
  }));

const iperfCase: fc.Arbitrary<Case> = fc
  .record({ rate: fc.option(rate, { nil: undefined }), streams: fc.integer({ min: 1, max: 8 }) })
  .map(({ rate: written, streams }) => ({
    line: `iperf pod/a pod/b -u ${written ? `-b ${written.text} ` : ''}-P ${streams}`,
    perStream: written?.bits ?? 1e6,
    streams,
    directions: 1,
  }));

describe('the bandwidth of a whole throughput run', () => {
  it.each([
    ['iperf3', iperf3Case],
    ['iperf', iperfCase],
  ] as const)(
    '%s runs what is within 1 Gbit/s in all and refuses the rest, naming the product',
    async (_tool, cases) => {
      await fc.assert(
        fc.asyncProperty(cases, async ({ line, perStream, streams, directions }) => {
          const total = perStream * streams * directions;
          if (perStream > limit) {
            expect(await refusalOf(line)).toMatch(/at most 1000M/);
          } else if (total > limit) {
            const message = await refusalOf(line);
            expect(message).toContain(`× ${streams} stream`);
            expect(message).toContain(`× ${directions} direction`);
            expect(message).toContain(`= ${formatRate(total)}`);
            expect(message).toContain('the limit is 1 Gbit/s for the whole run');
          } else {
            expect((await planText(line)).kind).toBe('two-party');
          }
        }),
        { numRuns: 400 },
      );
    },
    120_000,
  );

  it.each([
    ['iperf3 pod/a pod/b -u -b 1G -P 8 --bidir', '1 Gbit/s × 8 streams × 2 directions = 16 Gbit/s'],
    ['iperf3 pod/a pod/b -u -b 600M --bidir', '600 Mbit/s × 1 stream × 2 directions = 1.2 Gbit/s'],
    ['iperf3 pod/a pod/b -b 300M -P 4', '300 Mbit/s × 4 streams × 1 direction = 1.2 Gbit/s'],
    ['iperf pod/a pod/b -u -b 200M -P 8', '200 Mbit/s × 8 streams × 1 direction = 1.6 Gbit/s'],
  ])('refuses "%s": %s', async (line, product) => {
    expect(await refusalOf(line)).toContain(`${product}; the limit is 1 Gbit/s for the whole run`);
  });

  it.each([['iperf pod/a pod/b -d'], ['iperf pod/a pod/b -r']])(
    'refuses iperf 2 both ways at once: %s',
    async (line) => {
      expect(await refusalOf(line)).toMatch(/is not allowed: runs a .* test/);
    },
  );
});
