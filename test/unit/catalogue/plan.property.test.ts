import fc from 'fast-check';
import { commands } from '../../../commands/index.js';
import { judge, mutatedLine, numRuns } from './fuzz-catalogue.js';

/**
 * SPEC 6 and issue 2 part 7, over the whole catalogue: whatever the text, parsing throws nothing but
 * user errors, and no planned argv carries a flag outside the tool's allowlist or a dash value.
 */
describe('the catalogue under arbitrary and mutated input', () => {
  it('has commands to fuzz', () => {
    expect(commands.length).toBeGreaterThan(0);
  });

  it('refuses arbitrary text with user errors only, and plans what it accepts safely', async () => {
    const names = commands.map((command) => command.name);
    const text = fc.oneof(
      fc.string({ maxLength: 80 }),
      fc.string({ unit: 'binary', maxLength: 80 }),
      fc
        .tuple(fc.constantFrom(...names), fc.string({ maxLength: 80 }))
        .map(([tool, rest]) => `${tool} ${rest}`),
      fc
        .tuple(
          fc.constantFrom(...names),
          fc.constantFrom('pod/a', 'host', 'container/b'),
          fc.string({ maxLength: 60 }),
        )
        .map(([tool, target, rest]) => `${tool} ${target} ${rest}`),
    );
    await fc.assert(
      fc.asyncProperty(text, async (line) => {
        expect(await judge(line, commands)).toBeUndefined();
      }),
      { numRuns },
    );
  }, 600_000);

  it('keeps every mutation of every example within the allowlist', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedLine(commands), async (line) => {
        expect(await judge(line, commands)).toBeUndefined();
      }),
      { numRuns },
    );
  }, 600_000);
});
