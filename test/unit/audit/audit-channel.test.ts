import { pino } from 'pino';
import { auditChannelPoster } from '../../../src/slack/audit-channel.js';
import { createWebClient } from '../../../src/slack/create-web-client.js';
import { FakeSlack } from '../../harness/slack/fake-slack.js';

/** A pino logger whose lines the test can read. */
function recordingLogger() {
  const lines: { level: number; msg: string; [key: string]: unknown }[] = [];
  const logger = pino({ level: 'info' }, { write: (text: string) => void lines.push(JSON.parse(text)) });
  return { logger, lines };
}

describe('the audit channel poster (NETSHOOT_AUDIT_CHANNEL)', () => {
  let fake: FakeSlack;

  beforeEach(async () => {
    fake = await FakeSlack.start({ channels: ['C0AUDIT'] });
  });

  afterEach(async () => {
    await fake.close();
  });

  it('posts each line in order as plain text, without holding the caller while Slack is slow', async () => {
    const { logger } = recordingLogger();
    const post = auditChannelPoster(createWebClient(fake.botToken, fake.apiUrl, logger), 'C0AUDIT', {
      logger,
    });
    // Slack rate-limits the first post for a second: the caller must not wait for that.
    fake.rateLimit('chat.postMessage', 1);
    await post('first');
    await post('second');
    expect(fake.messages).toEqual([]);

    await post.idle();
    expect(fake.messages.map((message) => [message.channel, message.text])).toEqual([
      ['C0AUDIT', 'first'],
      ['C0AUDIT', 'second'],
    ]);
    expect(fake.callsOf('chat.postMessage').at(-1)?.args).toMatchObject({ unfurl_links: 'false' });
  });

  it('logs a post Slack refuses, with how to fix it, and never throws', async () => {
    const { logger, lines } = recordingLogger();
    const post = auditChannelPoster(createWebClient(fake.botToken, fake.apiUrl, logger), 'C0ELSEWHERE', {
      logger,
    });
    await expect(post('a line')).resolves.toBeUndefined();
    await post.idle();
    expect(fake.messages).toEqual([]);
    const warning = lines.find((line) =>
      line.msg.startsWith('could not post to the audit channel C0ELSEWHERE'),
    );
    expect(warning?.msg).toContain('check that the bot is a member');
    expect(warning?.line).toBe('a line');
  });

  it('drops lines past its bound while Slack is behind, and says so once', async () => {
    const { logger, lines } = recordingLogger();
    const post = auditChannelPoster(createWebClient(fake.botToken, fake.apiUrl, logger), 'C0AUDIT', {
      logger,
      maxQueued: 2,
    });
    fake.rateLimit('chat.postMessage', 1);
    // The first line is taken by the poster at once; two more wait; the last two do not fit.
    for (const line of ['1', '2', '3', '4', '5']) await post(line);
    await post.idle();
    expect(fake.messages.map((message) => message.text)).toEqual(['1', '2', '3']);
    expect(lines.filter((line) => line.msg.startsWith('audit channel is behind'))).toHaveLength(1);
  });
});
