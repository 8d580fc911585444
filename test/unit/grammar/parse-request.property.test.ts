import fc from 'fast-check';
import { judge, mutatedLine, numRuns } from '../catalogue/fuzz-catalogue.js';
import { sampleCommands } from './sample-commands.js';

/** The grammar alone, over its own sample commands, so it is fuzzed even while the catalogue changes. */
describe('parseRequest under arbitrary and mutated input', () => {
  it('throws nothing but user errors for arbitrary text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 120 }), async (line) => {
        expect(await judge(line, sampleCommands)).toBeUndefined();
      }),
      { numRuns },
    );
  }, 600_000);

  it('keeps mutated sample commands within their allowlists', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedLine(sampleCommands), async (line) => {
        expect(await judge(line, sampleCommands)).toBeUndefined();
      }),
      { numRuns },
    );
  }, 600_000);
});
