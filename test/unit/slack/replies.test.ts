import { commands } from '../../../commands/index.js';
import { helpReply } from '../../../src/slack/blocks/replies.js';
import { checkMessage, slackLimits } from '../../harness/slack/block-limits.js';

describe('help', () => {
  it('lists every tool of the catalogue, over as many sections as it takes, and hides none behind a file', () => {
    const help = helpReply(commands);
    const text = JSON.stringify(help.blocks);
    for (const command of commands) expect(text).toContain(`\`${command.name}\` `);
    // An ephemeral reply cannot carry a file: nothing may promise one.
    expect(text).not.toContain('lines left out');
    expect(checkMessage(help.text, help.blocks)).toBeUndefined();
    for (const block of help.blocks ?? []) {
      const section = block as { text?: { text: string } };
      expect(section.text?.text.length ?? 0).toBeLessThanOrEqual(slackLimits.sectionTextChars);
    }
  });
});
