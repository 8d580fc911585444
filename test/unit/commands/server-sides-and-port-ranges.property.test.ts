import fc from 'fast-check';
import { argvOf, planText, refusalOf } from './plan-text.js';

/**
 * Issue 12, class 8: nc's port ranges are capped as nmap's are (every port a range names counts), and
 * the server side of a two-party tool never binds a port below 1024 in the first target.
 */
const portRange = fc
  .tuple(fc.integer({ min: 1, max: 65535 }), fc.integer({ min: 0, max: 300 }))
  .map(([low, width]) => [low, Math.min(65535, low + width)] as const)
  .map(([low, high]) => ({ text: low === high ? String(low) : `${low}-${high}`, ports: high - low + 1 }));

const portList = fc.array(portRange, { minLength: 1, maxLength: 6 }).map((ranges) => ({
  text: ranges.map((range) => range.text).join(','),
  ports: ranges.reduce((sum, range) => sum + range.ports, 0),
}));

describe('port ranges and server ports', () => {
  it.each([
    ['nc pod/a -vz 198.18.0.1', '', 100],
    ['nmap host -p', ' 198.18.0.1', 1024],
  ] as const)(
    '%s PORTS runs a list within %s and refuses one above it',
    async (before, after, cap) => {
      await fc.assert(
        fc.asyncProperty(portList, async ({ text, ports }) => {
          const line = `${before} ${text}${after}`;
          if (ports <= cap) expect((await argvOf(line)).join(' ')).toContain(text.split(',')[0]!);
          else expect(await refusalOf(line)).toContain(`names ${ports} ports; at most ${cap} ports a run`);
        }),
        { numRuns: 300 },
      );
    },
    120_000,
  );

  it.each([
    ['iperf pod/a pod/b -p', ''],
    ['iperf3 pod/a pod/b -p', ''],
    ['netgen pod/a pod/b', ''],
  ])(
    '%s PORT binds 1024 to 65535 only',
    async (before) => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: 65535 }), async (port) => {
          const line = `${before} ${port}`;
          if (port >= 1024) {
            const plan = await planText(line);
            expect(plan.kind === 'two-party' && plan.listen.port).toBe(port);
          } else {
            expect(await refusalOf(line)).toContain(
              `binds port ${port} in the first target; ports below 1024`,
            );
          }
        }),
        { numRuns: 200 },
      );
    },
    120_000,
  );

  it('iftop is privileged, as tcpdump is', async () => {
    const { findCommand } = await import('../../../commands/index.js');
    expect(findCommand('iftop')?.privilege).toBe('privileged');
  });
});
