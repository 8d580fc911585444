import { randomUUID } from 'node:crypto';
import { freePort } from '../../harness/free-port.js';
import { testRedisUrl } from '../../harness/infrastructure.js';
import type { FakeSlack } from '../../harness/slack/fake-slack.js';
import { sendSlashCommand, type SlackHttpAnswer } from '../../harness/slack/signed-requests.js';
import { startCli, type CliProcess } from './cli-process.js';

/** What a bot and the workers of one test share: the fake Slack, Redis and the cluster's queue. */
export interface RollingSetup {
  readonly fake: FakeSlack;
  readonly cluster: string;
  readonly signingSecret: string;
}

export function rollingSetup(fake: FakeSlack): RollingSetup {
  return { fake, cluster: `roll-${randomUUID().slice(0, 8)}`, signingSecret: `signing-${randomUUID()}` };
}

/** The environment every process of the setup gets: one Redis, one cluster, the fake Slack. */
function sharedEnv(setup: RollingSetup): Record<string, string> {
  return {
    REDIS_URL: testRedisUrl,
    NETSHOOT_CLUSTER: setup.cluster,
    SLACK_BOT_TOKEN: setup.fake.botToken,
    SLACK_API_URL: setup.fake.apiUrl,
  };
}

/** `netshoot-bot bot` in HTTP mode on a free port, resolved once it says it is ready. */
export async function startBotProcess(
  setup: RollingSetup,
  env: Record<string, string> = {},
): Promise<CliProcess & { eventsUrl: string }> {
  const port = await freePort();
  const bot = startCli('bot', {
    ...sharedEnv(setup),
    ...env,
    SLACK_SIGNING_SECRET: setup.signingSecret,
    PORT: String(port),
  });
  await bot.waitForLine('Slack app ready');
  return Object.assign(bot, { eventsUrl: `http://127.0.0.1:${port}/slack/events` });
}

/** `netshoot-bot worker` on the local executor, one job at a time, reporting to the fake Slack. */
export async function startWorkerProcess(setup: RollingSetup, graceMs: number): Promise<CliProcess> {
  const worker = startCli('worker', {
    ...sharedEnv(setup),
    NETSHOOT_EXECUTOR: 'local',
    WORKER_CONCURRENCY: '1',
    NETSHOOT_WORKER_GRACE: `${graceMs}ms`,
    // Several workers on one machine: none serves /metrics, so their ports never collide.
    NETSHOOT_WORKER_METRICS_PORT: '0',
  });
  await worker.waitForLine('worker taking jobs');
  return worker;
}

/**
 * A slash command as Slack sends it, signed; `triggerId` is the job's dedupe key (`slack:<id>`).
 * Alice in #incident unless `from` says who and where.
 */
export function slash(
  setup: RollingSetup,
  eventsUrl: string,
  text: string,
  triggerId: string = randomUUID(),
  from: { userId?: string; channelId?: string } = {},
): Promise<SlackHttpAnswer> {
  return sendSlashCommand(
    eventsUrl,
    { text, triggerId, responseUrl: setup.fake.responseUrl(triggerId), ...from },
    { signingSecret: setup.signingSecret },
  );
}
