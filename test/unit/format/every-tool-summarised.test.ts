import { commands } from '../../../commands/index.js';
import { readerOf, summarize } from '../../../src/format/summaries/index.js';
import { recordedOutputs } from '../../harness/golden/render-golden.js';

// Issue 13: every tool the catalogue runs has a summary, and a golden file recorded from the real tool.

const recorded = recordedOutputs();

describe.each(commands.map((command) => [command.name] as const))('%s', (tool) => {
  it('has a reader', () => {
    expect(readerOf(tool)?.summarize).toEqual(expect.any(Function));
  });

  it('has a recorded real output whose summary its reader gives', () => {
    const mine = recorded.filter((output) => output.meta.tool === tool && !output.meta.noSummary);
    expect(mine.map((output) => output.name)).not.toEqual([]);
    for (const output of mine) expect(summarize(tool, output.result)?.headline).toEqual(expect.any(String));
  });
});
