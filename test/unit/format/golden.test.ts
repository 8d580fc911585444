import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { summarize } from '../../../src/format/summaries/index.js';
import { goldenDir, recordedOutputs, renderGolden } from '../../harness/golden/render-golden.js';
import { checkMessage } from '../../harness/slack/block-limits.js';

// Each real recorded output, rendered for the terminal and for Slack, against its golden file.
// After a renderer or a summary changes on purpose: `UPDATE_GOLDEN=1 npx jest test/unit/format/golden.test.ts`,
// then read the diff of test/fixtures/golden as a user would read the messages.

const update = process.env.UPDATE_GOLDEN === '1';

function compare(file: string, actual: string): void {
  const path = join(goldenDir, file);
  if (update || !existsSync(path)) {
    if (!update) throw new Error(`no golden file ${file}: run with UPDATE_GOLDEN=1 and read what it wrote`);
    writeFileSync(path, actual);
    return;
  }
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

describe.each(recordedOutputs().map((recorded) => [recorded.name, recorded] as const))(
  'the golden rendering of %s',
  (name, recorded) => {
    const rendered = renderGolden(recorded);

    it('prints in the terminal as its golden file says', () => {
      compare(`${name}.terminal.txt`, rendered.terminal);
    });

    it('posts to Slack as its golden file says', () => {
      compare(`${name}.slack.json`, `${JSON.stringify(rendered.slack, null, 2)}\n`);
    });

    it("keeps within Slack's limits, in the channel and in the thread", () => {
      const { channel, thread } = rendered.slack;
      expect(checkMessage(channel.text, channel.blocks)).toBeUndefined();
      expect(checkMessage(thread.text, thread.blocks)).toBeUndefined();
    });

    it('shows no JSON in Slack unless --raw was asked', () => {
      if (/(^|\s)--raw(\s|$)/.test(recorded.meta.request)) return;
      const shown = [rendered.slack.channel, rendered.slack.thread]
        .flatMap((message) => message.blocks)
        .map((block) => JSON.stringify('text' in block ? block.text : ''))
        .join('\n');
      // JSON inside the blocks' text, which JSON.stringify escaped: `{\"` or `\"key\": `.
      expect(shown).not.toMatch(/(^|\\n)\s*[[{]\s*\\"|\\"[a-z_]+\\":\s/);
    });

    it(recorded.meta.noSummary ? 'has no summary, as recorded' : 'has a summary', () => {
      const summary = summarize(recorded.meta.tool, recorded.result);
      if (recorded.meta.noSummary) expect(summary).toBeUndefined();
      else expect(summary?.headline).toEqual(expect.any(String));
    });
  },
);
