import { jest } from '@jest/globals';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { ConfigError, loadConfig } from '../../../src/config/env.js';
import { startBot, startSlackReporter } from '../../../src/main/bot.js';
import { startWorker } from '../../../src/main/worker.js';
import { commands } from '../../../commands/index.js';
import { describeWith, testRedisUrl } from '../../harness/infrastructure.js';
import { FakeSlack } from '../../harness/slack/fake-slack.js';
import { sendSlashCommand } from '../../harness/slack/signed-requests.js';
import { waitFor } from '../../harness/wait-for.js';
import { freePort } from '../../harness/free-port.js';

jest.setTimeout(60_000);

/** `netshoot-bot all` as its composition root wires it, from the environment alone. */
describeWith(['redis'], 'the bot and worker started from configuration', () => {
  let fake: FakeSlack;
  const cluster = `slack-all-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    fake = await FakeSlack.start();
  });

  afterAll(async () => {
    await fake.close();
    const redis = new Redis(testRedisUrl);
    const keys = await redis.keys(`netshoot:${cluster}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  function configFor(overrides: Record<string, string>) {
    return loadConfig({
      REDIS_URL: testRedisUrl,
      SLACK_SIGNING_SECRET: 'composition-secret',
      SLACK_BOT_TOKEN: fake.botToken,
      SLACK_API_URL: fake.apiUrl,
      NETSHOOT_EXECUTOR: 'local',
      NETSHOOT_CLUSTER: cluster,
      LOG_LEVEL: 'silent',
      ...overrides,
    });
  }

  it('answers a slash command end to end: Slack app, queue, worker, Slack reporter', async () => {
    const config = configFor({ PORT: String(await freePort()) });
    const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
    const slackReporter = await startSlackReporter(config, logger);
    if (!slackReporter) throw new Error('SLACK_BOT_TOKEN is set, so there is a Slack reporter');
    const worker = await startWorker(config, { logger, reporter: slackReporter.reporter });
    const bot = await startBot(config, { logger, commands });
    try {
      const answer = await sendSlashCommand(
        `http://127.0.0.1:${bot.port}/slack/events`,
        { text: 'ping host 127.0.0.1 -c 1' },
        { signingSecret: 'composition-secret' },
      );
      expect(answer.status).toBe(200);
      const parent = await fake.waitFor('the queued message', () =>
        fake.messages.find((message) => message.threadTs === undefined),
      );
      const reply = await fake.waitFor('the result', () => fake.thread(parent.channel, parent.ts)[0]);
      expect(JSON.stringify(reply.blocks)).toContain('1 packets transmitted, 1 received');
      expect(fake.callsOf('auth.test').length).toBeGreaterThanOrEqual(1);
    } finally {
      await bot.stop();
      await worker.stop();
      await slackReporter.close();
    }
  });

  it('posts results from a worker run as its own process (`netshoot-bot worker`) when SLACK_BOT_TOKEN is set', async () => {
    const config = configFor({ PORT: String(await freePort()) });
    const bot = await startBot(config, { logger: pino({ level: 'silent' }), commands });
    const worker = spawn(
      process.execPath,
      ['--import', 'tsx', join(process.cwd(), 'src/main/cli.ts'), 'worker'],
      {
        env: {
          ...process.env,
          REDIS_URL: testRedisUrl,
          SLACK_BOT_TOKEN: fake.botToken,
          SLACK_API_URL: fake.apiUrl,
          NETSHOOT_EXECUTOR: 'local',
          NETSHOOT_CLUSTER: cluster,
          LOG_LEVEL: 'info',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let logs = '';
    worker.stdout.on('data', (chunk: Buffer) => void (logs += chunk.toString()));
    worker.stderr.on('data', (chunk: Buffer) => void (logs += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => worker.once('exit', (code) => resolve(code)));
    try {
      // Its SIGTERM handler is in place from then on, so the stop below is a clean one.
      await waitFor(() => logs.includes('worker taking jobs'), {
        what: () => `the worker logging 'worker taking jobs'; it said: ${logs}`,
        timeoutMs: 30_000,
      });
      const earlier = fake.messages.length;
      const answer = await sendSlashCommand(
        `http://127.0.0.1:${bot.port}/slack/events`,
        { text: 'ping host 127.0.0.1 -c 1' },
        { signingSecret: 'composition-secret' },
      );
      expect(answer.status).toBe(200);
      const reply = await fake.waitFor('the result from the separate worker', () =>
        fake.messages
          .slice(earlier)
          .find(
            (message) =>
              message.threadTs !== undefined &&
              JSON.stringify(message.blocks).includes('1 packets transmitted'),
          ),
      );
      expect(reply.channel).toBeDefined();
      worker.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (worker.exitCode === null && worker.signalCode === null) worker.kill('SIGKILL');
      await bot.stop();
    }
  });

  it('refuses a --cluster that no worker serves, privately, and queues nothing for it', async () => {
    const config = configFor({ PORT: String(await freePort()) });
    const bot = await startBot(config, { logger: pino({ level: 'silent' }), commands });
    const unknown = `nosuch-${randomUUID().slice(0, 8)}`;
    const redis = new Redis(testRedisUrl);
    try {
      const postsBefore = fake.messages.length;
      const answer = await sendSlashCommand(
        `http://127.0.0.1:${bot.port}/slack/events`,
        { text: `ping host 127.0.0.1 -c 1 --cluster ${unknown}`, responseUrl: fake.responseUrl('cluster') },
        { signingSecret: 'composition-secret' },
      );
      expect(answer.status).toBe(200);
      const refusal = await fake.waitFor('the private refusal', () =>
        fake.responseUrlPosts.find((post) => post.id === 'cluster'),
      );
      expect(JSON.stringify(refusal.body)).toContain(`no worker serves cluster '${unknown}'`);
      expect(fake.messages.length).toBe(postsBefore);
      expect(await redis.keys(`netshoot:${unknown}:*`)).toEqual([]);
    } finally {
      redis.disconnect();
      await bot.stop();
    }
  });

  it('refuses to start with a bot token Slack does not accept, naming the variable and the fix', async () => {
    const config = configFor({ PORT: String(await freePort()), SLACK_BOT_TOKEN: 'xoxb-revoked' });
    const started = startBot(config, { logger: pino({ level: 'silent' }), commands: [] });
    await expect(started).rejects.toBeInstanceOf(ConfigError);
    await expect(started).rejects.toThrow(
      /^SLACK_BOT_TOKEN: Slack refused it \(invalid_auth\): copy the Bot User OAuth Token/,
    );
  });

  it('refuses to start Socket Mode with an app token Slack does not accept', async () => {
    const config = configFor({ PORT: String(await freePort()), SLACK_APP_TOKEN: 'xapp-revoked' });
    const started = startBot(config, { logger: pino({ level: 'silent' }), commands: [] });
    await expect(started).rejects.toThrow(/^SLACK_APP_TOKEN: Slack refused it \(invalid_auth\)/);
  });
});
