import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { auditStreamKey } from '../../../src/audit/audit-stream.js';
import { loadConfig } from '../../../src/config/env.js';
import { createConfiguredAuditTrail } from '../../../src/main/configured-audit-trail.js';
import { describeWith, testRedisUrl } from '../../harness/infrastructure.js';
import { FakeSlack } from '../../harness/slack/fake-slack.js';

function recordingLogger() {
  const lines: { level: number; msg: string }[] = [];
  const logger = pino({ level: 'info' }, { write: (text: string) => void lines.push(JSON.parse(text)) });
  return { logger, lines };
}

describeWith(['redis'], 'the audit trail as the configuration makes it', () => {
  let redis: Redis;
  let fake: FakeSlack;
  let subject: string;

  beforeEach(async () => {
    redis = new Redis(testRedisUrl, { maxRetriesPerRequest: 1 });
    fake = await FakeSlack.start({ channels: ['C0AUDIT'] });
    subject = `U${randomUUID().slice(0, 8).toUpperCase()}`;
  });

  afterEach(async () => {
    // This writes to the real stream (netshoot:audit): only this test's records are removed.
    const ours = (await redis.xrange(auditStreamKey(), '-', '+')).filter(([, fields]) =>
      fields.some((field) => field.includes(subject)),
    );
    if (ours.length > 0) await redis.xdel(auditStreamKey(), ...ours.map(([id]) => id));
    redis.disconnect();
    await fake.close();
  });

  it('posts each record to NETSHOOT_AUDIT_CHANNEL with the bot token, and close() waits for the posts', async () => {
    const { logger } = recordingLogger();
    const config = loadConfig({
      REDIS_URL: testRedisUrl,
      SLACK_BOT_TOKEN: fake.botToken,
      SLACK_API_URL: fake.apiUrl,
      NETSHOOT_AUDIT_CHANNEL: 'C0AUDIT',
    });
    const audit = createConfiguredAuditTrail(config, redis, logger);
    await audit.trail.record({
      event: 'refused',
      subject,
      tool: 'tcpdump',
      where: 'pod/web',
      reason: 'no rule allows it',
    });
    await audit.close();
    expect(fake.messages.map((message) => [message.channel, message.text])).toEqual([
      ['C0AUDIT', `⛔ <@${subject}> was refused tcpdump on pod/web: no rule allows it`],
    ]);
  });

  it('says at start that the channel needs a bot token, and still keeps the log and the stream', async () => {
    const { logger, lines } = recordingLogger();
    const config = loadConfig({ REDIS_URL: testRedisUrl, NETSHOOT_AUDIT_CHANNEL: 'C0AUDIT' });
    const audit = createConfiguredAuditTrail(config, redis, logger);
    expect(lines.map((line) => line.msg)).toEqual([
      'NETSHOOT_AUDIT_CHANNEL is set but SLACK_BOT_TOKEN is not: audit records go to the log and the Redis stream only; set SLACK_BOT_TOKEN to post them',
    ]);
    await audit.trail.record({ event: 'started', subject, tool: 'dig', jobId: '1' });
    await audit.close();
    const stored = await redis.xrevrange(auditStreamKey(), '+', '-', 'COUNT', 50);
    expect(stored.some(([, fields]) => fields.some((field) => field.includes(subject)))).toBe(true);
    expect(fake.messages).toEqual([]);
  });
});
