import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as pause } from 'node:timers/promises';
import { describeWith, testRedisUrl } from '../../harness/infrastructure.js';
import type { PostedMessage, RecordedCall } from '../../harness/slack/fake-slack.js';
import { signBody, slashCommandPayload } from '../../harness/slack/signed-requests.js';
import { startSlackStack, type SlackStack } from '../../harness/slack/slack-stack.js';
import { createSlackBudget, slackRates } from '../../../src/slack/slack-budget.js';
import {
  expectEverythingWithinLimits,
  firstLine,
  parentsSince,
  slash,
  waitForResult,
} from './slack-test-helpers.js';

import { jest } from '@jest/globals';
import { Redis } from 'ioredis';

jest.setTimeout(120_000);

/** The calls that write into Slack (what the budget spends), not auth.test or usergroups. */
const writes = (calls: readonly RecordedCall[]) =>
  calls.filter((call) => /^(chat\.|files\.)/.test(call.method) && call.method !== 'chat.postEphemeral');

/** `netshoot_slack_ack_seconds` sum and count, from the bot's /metrics. */
async function ackMetric(stack: SlackStack): Promise<{ sum: number; count: number }> {
  const text = await (await fetch(`${stack.baseUrl}/metrics`)).text();
  const sum = /^netshoot_slack_ack_seconds_sum (\S+)$/m.exec(text)?.[1];
  const count = /^netshoot_slack_ack_seconds_count (\S+)$/m.exec(text)?.[1];
  return { sum: Number(sum ?? 0), count: Number(count ?? 0) };
}

/** One command, and its queued message once posted; `before` counts the calls made until then. */
async function sendOne(stack: SlackStack, text: string): Promise<{ before: number; parent: PostedMessage }> {
  const before = stack.fake.calls.length;
  const messagesBefore = stack.fake.messages.length;
  await slash(stack, text);
  const [parent] = await stack.fake.waitFor(
    'the queued message',
    () => parentsSince(stack, messagesBefore).length === 1 && parentsSince(stack, messagesBefore),
  );
  return { before, parent: parent! };
}

/** A listening port of the test's own on loopback: `nc -vz` to it is a quick command with no files. */
async function listenOnLoopback(): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => socket.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

/** Everyone may run read tools; a channel may have 25 jobs at once, so a burst of 20 is all admitted. */
const burstPolicy = [
  'version: 1',
  'limits:',
  '  perChannel: { runningJobs: 25, commandsPerMinute: 60 }',
  'rules:',
  '  - name: read-tools-for-everyone',
  '    effect: allow',
  '    who: { everyone: true }',
  '    tools: [read]',
  '',
].join('\n');

describeWith(['redis'], "Slack's limits as a budget", () => {
  let listening: { server: Server; port: number };

  beforeAll(async () => {
    listening = await listenOnLoopback();
  });

  afterAll(async () => {
    await new Promise((resolve) => listening?.server.close(resolve));
  });

  describe('at Slack’s published rates', () => {
    let stack: SlackStack;

    beforeAll(async () => {
      stack = await startSlackStack({ mode: 'http' });
    });

    afterAll(async () => {
      await stack?.stop();
    });

    it('costs a quick command three calls: the queued message, the result in its thread, the verdict', async () => {
      const { before, parent } = await sendOne(stack, `nc host -vz 127.0.0.1 ${listening.port}`);
      await waitForResult(stack, parent);
      const made = writes(stack.fake.calls.slice(before)).map((call) => call.method);
      expect(made).toEqual(['chat.postMessage', 'chat.postMessage', 'chat.update']);
      // Straight from queued to the answer: no stage of a job that ended within a second was sent.
      expect(parent.history.map((version) => firstLine({ ...parent, blocks: version.blocks }))).toEqual([
        expect.stringMatching(/queued as/),
        expect.stringMatching(/^:white_check_mark: /),
      ]);
      expectEverythingWithinLimits(stack);
    });

    it('costs a ping -c 1 three calls too: one probe draws no chart', async () => {
      const { before, parent } = await sendOne(stack, 'ping host 127.0.0.1 -c 1');
      await waitForResult(stack, parent);
      await stack.fake.waitFor('the verdict', () => /^:white_check_mark: /.test(firstLine(parent)));
      const made = writes(stack.fake.calls.slice(before)).map((call) => call.method);
      expect(made).toEqual(['chat.postMessage', 'chat.postMessage', 'chat.update']);
    });

    it('adds the two calls of an upload when the answer has a file: a ping of 5 and its chart cost five', async () => {
      const { before, parent } = await sendOne(stack, 'ping host 127.0.0.1 -c 5 -i 0.2');
      await waitForResult(stack, parent);
      await stack.fake.waitFor('the verdict', () => /^:white_check_mark: /.test(firstLine(parent)));
      const made = writes(stack.fake.calls.slice(before)).map((call) => call.method);
      expect(made).toEqual([
        'chat.postMessage',
        'chat.postMessage',
        'files.getUploadURLExternal',
        'files.completeUploadExternal',
        'chat.update',
      ]);
    });

    it("updates a long job's message within the channel's progress rate, never before its quiet time", async () => {
      const { before, parent } = await sendOne(stack, 'ping host 127.0.0.1 -c 16 -i 0.5');
      await waitForResult(stack, parent, 40_000);
      const calls = writes(stack.fake.calls.slice(before));
      const queuedAt = calls[0]!.at;
      const progress = calls
        .filter((call) => call.method === 'chat.update' && String(call.args.text).includes('running'))
        .map((call) => call.at);
      // ping runs about 7.5 s: the running line is shown, from 2 s on, at most once per 2 s window.
      expect(progress.length).toBeGreaterThanOrEqual(2);
      expect(progress[0]! - queuedAt).toBeGreaterThanOrEqual(1900);
      const gaps = progress.slice(1).map((at, index) => at - progress[index]!);
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(slackRates.progressPerChannel.seconds * 1000 - 50);
      expect(Math.max(...gaps)).toBeLessThanOrEqual(3500);
      const seconds = (calls.at(-1)!.at - queuedAt) / 1000;
      const progressPerMinute = ((progress.length - 1) / (progress.at(-1)! - progress[0]!)) * 60_000;
      process.stdout.write(
        `long job: ${calls.length} Slack calls in ${seconds.toFixed(1)} s; progress ${progressPerMinute.toFixed(0)} updates a minute while it ran\n`,
      );
      expectEverythingWithinLimits(stack);
    });

    it('times the ack from the request’s arrival: a body that takes 400 ms to arrive counts in it', async () => {
      const before = await ackMetric(stack);
      const body = new URLSearchParams(slashCommandPayload({ text: 'help' })).toString();
      const timestamp = Math.floor(Date.now() / 1000);
      const url = new URL(stack.eventsUrl);
      const status = await new Promise<number>((resolve, reject) => {
        const sending = request(
          url,
          {
            method: 'POST',
            headers: {
              'content-type': 'application/x-www-form-urlencoded',
              'content-length': Buffer.byteLength(body),
              'x-slack-request-timestamp': String(timestamp),
              'x-slack-signature': signBody(body, stack.signingSecret, timestamp),
            },
          },
          (response) => {
            response.resume();
            resolve(response.statusCode ?? 0);
          },
        );
        sending.on('error', reject);
        sending.flushHeaders();
        const half = Math.floor(body.length / 2);
        sending.write(body.slice(0, half));
        // A slow client is the condition under test, not a wait for one: the rest comes 400 ms later.
        void pause(400).then(() => sending.end(body.slice(half)));
      });
      expect(status).toBe(200);
      const after = await ackMetric(stack);
      expect(after.count).toBe(before.count + 1);
      // The listener itself answers `help` in about a millisecond: the rest is the body's arrival
      // (less whatever of the 400 ms passed before the server took the request's headers).
      expect(after.sum - before.sum).toBeGreaterThanOrEqual(0.3);
    });
  });

  describe('one budget for every replica, on Redis', () => {
    const prefix = `nsbtest-budget-${randomUUID().slice(0, 8)}`;
    let redis: Redis;

    beforeAll(() => {
      redis = new Redis(testRedisUrl, { maxRetriesPerRequest: 1 });
    });

    afterAll(async () => {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    });

    it("spends one channel's posts across two replicas, and shares a 429's Retry-After", async () => {
      const rates = { postPerChannel: { points: 2, seconds: 60 } };
      const bot = createSlackBudget({ redis, prefix, rates });
      const worker = createSlackBudget({ redis, prefix, rates });
      const post = { kind: 'post', urgency: 'final', team: 'T1', channel: 'C1' } as const;
      expect(await bot.take(post)).toBe(0);
      expect(await worker.take(post)).toBe(0);
      // The channel's two posts are spent, whoever spent them.
      expect(await bot.take(post)).toBeGreaterThan(0);
      expect(await worker.take({ ...post, channel: 'C2' })).toBe(0);
      // Slack answers the worker's next post in C2 with 429, Retry-After 30: the bot waits too.
      await worker.block({ ...post, channel: 'C2' }, 30_000);
      const wait = await bot.take({ ...post, channel: 'C2' });
      expect(wait).toBeGreaterThan(25_000);
      expect(wait).toBeLessThanOrEqual(30_000);
    });
  });

  describe('a burst in one channel', () => {
    let stack: SlackStack;
    let dir: string;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'nsb-slack-budget-'));
      const policyPath = join(dir, 'policy.yaml');
      writeFileSync(policyPath, burstPolicy);
      // Slack's contract scaled up fourfold so the test takes seconds, and the fake Slack stricter
      // than the budget (3 a second against 4): 429s are sure to come and must be honoured.
      stack = await startSlackStack({
        mode: 'http',
        policyPath,
        slackLimits: { postsPerSecond: 3, postBurst: 3, updatesPerMinute: 200 },
        budget: {
          postPerChannel: { points: 4, seconds: 1 },
          updatePerWorkspace: { points: 40, seconds: 12 },
        },
      });
    });

    afterAll(async () => {
      await stack?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('gets every one of 20 commands its queued message, result and verdict, honouring every 429', async () => {
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          slash(stack, `nc host -vz 127.0.0.1 ${listening.port}`, { userId: `U0USER${index}` }),
        ),
      );
      expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
      const parents = await stack.fake.waitFor(
        'twenty queued messages',
        () => parentsSince(stack, 0).length >= 20 && parentsSince(stack, 0),
        60_000,
      );
      for (const parent of parents) await waitForResult(stack, parent, 60_000);
      expect(parents).toHaveLength(20);
      expect(stack.fake.rateLimitedCalls().length).toBeGreaterThan(0);
      // Each parent: one result in its thread, its last version the verdict.
      for (const parent of parents) {
        expect(stack.fake.thread(parent.channel, parent.ts)).toHaveLength(1);
        expect(firstLine(parent)).toMatch(/^:white_check_mark: /);
      }
      const made = writes(stack.fake.calls.filter((call) => call.status === 200));
      expect(made).toHaveLength(60);
      const limited = stack.fake.rateLimitedCalls().length;
      process.stdout.write(`burst: 20 commands, 60 calls, ${limited} answered 429 and retried\n`);
      expectEverythingWithinLimits(stack);
    });
  });
});
