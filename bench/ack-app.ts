/**
 * One app under test for bench/ack.ts, in a process of its own so its CPU is not shared with the load
 * generator or the fake Slack: `bare` (a Bolt app that only acks) or `bot` (netshoot-bot's Slack app
 * with a real queue on Redis, no worker). Prints `{"url": ...}` once listening; SIGTERM stops it and
 * removes what it wrote to Redis.
 *
 * Environment: ACK_BENCH_API_URL, ACK_BENCH_BOT_TOKEN, ACK_BENCH_SIGNING_SECRET, ACK_BENCH_REDIS_URL.
 */
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { commands, findCommand } from '../commands/index.js';
import { createAuditTrail } from '../src/audit/audit-trail.js';
import { parseRequest } from '../src/grammar/parse-request.js';
import { createAdmissionLimits } from '../src/limits/create-admission-limits.js';
import { createGate } from '../src/policy/create-gate.js';
import { builtInPolicy } from '../src/policy/default-policy.js';
import { createJobQueue } from '../src/queue/job-queue.js';
import { createSlackApp } from '../src/slack/create-slack-app.js';
import { createMessageStore } from '../src/slack/message-store.js';

const mode = process.argv[2];
const apiUrl = required('ACK_BENCH_API_URL');
const botToken = required('ACK_BENCH_BOT_TOKEN');
const signingSecret = required('ACK_BENCH_SIGNING_SECRET');
const redisUrl = required('ACK_BENCH_REDIS_URL');

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set; bench/ack.ts sets it`);
  return value;
}

async function startBare(): Promise<{ port: number; stop(): Promise<void> }> {
  const receiver = new HTTPReceiver({ signingSecret, logLevel: LogLevel.ERROR });
  const app = new App({
    receiver,
    token: botToken,
    clientOptions: { slackApiUrl: apiUrl },
    logLevel: LogLevel.ERROR,
  });
  app.command('/netshoot', async ({ ack }) => {
    await ack();
  });
  const server = (await app.start(0)) as Server;
  return { port: (server.address() as AddressInfo).port, stop: async () => void (await app.stop()) };
}

async function startBot(): Promise<{ port: number; stop(): Promise<void> }> {
  const cluster = `bench-ack-${randomUUID().slice(0, 8)}`;
  const prefix = `nsbbench-${cluster}`;
  const redis = new Redis(redisUrl);
  const queue = createJobQueue({ redisUrl, cluster, prefix });
  const logger = pino({ level: 'silent' });
  const benchLimits = {
    perUser: { commandsPerMinute: 10_000, runningJobs: 1000 },
    perChannel: { commandsPerMinute: 10_000, runningJobs: 1000 },
  };
  // The doors as the bot wires them: the built-in policy, limits and audit on the same Redis.
  const audit = createAuditTrail(redis, { logger, prefix });
  const gate = createGate({
    policy: { current: () => builtInPolicy, status: () => ({ source: 'built-in', loadedAt: '' }) },
    groups: { groupIdsOf: async () => [] },
    // Limits high enough never to refuse: the load is one user's hundreds of commands, and what is
    // measured is the limits' cost on every command, not their refusals.
    limits: createAdmissionLimits(redis, () => benchLimits, { prefix }),
    audit,
    commands,
    clusterName: () => cluster,
    overheadMs: 60_000,
    logger,
  });
  const slack = createSlackApp({
    connection: { mode: 'http', signingSecret, botToken },
    apiUrl,
    port: 0,
    catalogue: { parseRequest: (text) => parseRequest(text, commands), commands, findCommand },
    queueFor: () => queue,
    defaultCluster: cluster,
    gate,
    audit,
    messages: createMessageStore(redis, prefix),
    readiness: async () => void (await redis.ping()),
    registry: new Registry(),
    logger,
  });
  const { port } = await slack.start();
  return {
    port,
    async stop() {
      await slack.stop();
      await queue.close();
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    },
  };
}

if (mode !== 'bare' && mode !== 'bot') throw new Error('usage: ack-app.ts bare|bot');
const app = mode === 'bare' ? await startBare() : await startBot();
process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${app.port}/slack/events` })}\n`);
process.once('SIGTERM', () => {
  void app.stop().finally(() => process.exit(0));
});
