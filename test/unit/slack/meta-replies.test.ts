import { commands } from '../../../commands/index.js';
import type { CommandDefinition } from '../../../src/catalogue/define-command.js';
import { helpReply } from '../../../src/slack/blocks/replies.js';
import { permalinkOf } from '../../../src/slack/message-store.js';

function sectionTexts(blocks: unknown[] | undefined): string[] {
  return (blocks ?? []).map((block) => (block as { text?: { text?: string } }).text?.text ?? '');
}

describe('the help reply', () => {
  it('lists every tool of the catalogue in whole sections within Slack’s limit, with nothing cut', () => {
    const texts = sectionTexts(helpReply(commands).blocks);
    for (const command of commands) expect(texts.join('\n')).toContain(`\`${command.name}\` `);
    expect(texts.every((text) => text.length <= 3000)).toBe(true);
    expect(texts.join('\n')).not.toMatch(/left out|attached/);
  });

  it('starts a further section when the tools do not fit in one', () => {
    const first = commands[0] as CommandDefinition;
    const many: CommandDefinition[] = Array.from({ length: 60 }, (_, index) => ({
      ...first,
      name: `tool${index}`,
      summary: 'x'.repeat(80),
    }));
    const texts = sectionTexts(helpReply(many).blocks);
    expect(texts.length).toBeGreaterThan(2);
    expect(texts.slice(1).join('\n').split('\n')).toHaveLength(60);
  });
});

describe('a job message’s link', () => {
  it('has the form chat.getPermalink answers for a channel message', () => {
    expect(permalinkOf('https://acme.slack.com/', { channel: 'C0123', ts: '1700000000.123456' })).toBe(
      'https://acme.slack.com/archives/C0123/p1700000000123456',
    );
    expect(permalinkOf('https://acme.slack.com', { channel: 'C0123', ts: '1700000000.000001' })).toBe(
      'https://acme.slack.com/archives/C0123/p1700000000000001',
    );
  });
});
