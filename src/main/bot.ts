import { pino, type Logger } from 'pino';
import { Registry, collectDefaultMetrics } from 'prom-client';
import type { AuditTrail } from '../audit/audit-record.js';
import type { CommandDefinition } from '../catalogue/define-command.js';
import { slackConnection, type Config } from '../config/env.js';
import { isUserError, TransientError } from '../errors.js';
import { parseRequest } from '../grammar/parse-request.js';
import { createAdmissionLimits } from '../limits/create-admission-limits.js';
import { createGate } from '../policy/create-gate.js';
import { PolicyFileError } from '../policy/load-policy.js';
import { startPolicyHolder } from '../policy/policy-holder.js';
import { createArtifactStore } from '../queue/artifact-store.js';
import { createClusterRegistry } from '../queue/clusters.js';
import { createJobQueue, readCanceledBy, type JobQueue } from '../queue/job-queue.js';
import type { JobData } from '../queue/job.js';
import { queueNameFor } from '../queue/queue-names.js';
import { createRedisClient, type RedisClient } from '../queue/redis-client.js';
import { describePlace, parseRedisUrl } from '../queue/redis-options.js';
import { createSlackApp } from '../slack/create-slack-app.js';
import { createChannelWriter } from '../slack/channel-writer.js';
import { createStartCheckClient, createWebClient, createWriterClient } from '../slack/create-web-client.js';
import { explainSlackStartError } from '../slack/explain-start-error.js';
import type { JobMessageState } from '../slack/blocks/job-message.js';
import { createLastResults } from '../slack/last-results.js';
import { createMessageStore } from '../slack/message-store.js';
import { createSlackBudget } from '../slack/slack-budget.js';
import { createSlackReporter } from '../slack/slack-reporter.js';
import { createApprovalStore } from '../slack/approvals/approval-store.js';
import { createGroupMembership } from '../slack/usergroups.js';
import { defaultOverheadMs } from '../worker/create-worker.js';
import type { Reporter } from '../worker/reporter.js';
import { exitCodes, type CliContext } from './cli-context.js';
import { createConfiguredAuditTrail } from './configured-audit-trail.js';
import { listenForStopSignal } from './until-stop-signal.js';

export interface RunningBot {
  readonly port: number;
  stop(): Promise<void>;
}

export interface BotOptions {
  readonly logger: Logger;
  readonly commands: readonly CommandDefinition[];
  /** The audit trail on the bot's Redis by default; tests pass one they can read. */
  readonly audit?: AuditTrail;
}

/**
 * `netshoot-bot bot`: the Slack app (SPEC 2). HTTP mode on PORT, or Socket Mode when
 * SLACK_APP_TOKEN is set; SLACK_API_URL for the Web API either way. Jobs go to the queue of the
 * cluster a command names (NETSHOOT_CLUSTER by default); the worker side does the rest. Every door
 * goes through one gate: the policy (NETSHOOT_POLICY, or the built-in one), the limits and the audit
 * trail on Redis; the jobs it admits are signed with NETSHOOT_JOB_SECRET.
 */
export async function startBot(config: Config, options: BotOptions): Promise<RunningBot> {
  const connection = slackConnection(config);
  const { logger, commands } = options;
  // First: a policy file that does not load stops start-up with its message (PolicyFileError).
  const policy = await startPolicyHolder(config.NETSHOOT_POLICY, logger);
  let redis: RedisClient;
  let workspaceUrl: string | undefined;
  try {
    // Checked before listening, so a wrong token stops start-up with the fix instead of failing every command.
    const identity = await createStartCheckClient(connection.botToken, config.SLACK_API_URL, logger)
      .auth.test()
      .catch((error: unknown) => {
        throw explainSlackStartError(error, 'SLACK_BOT_TOKEN', config.SLACK_API_URL);
      });
    // The workspace's own URL: `jobs` links each job's message without a call to Slack per link.
    workspaceUrl = identity.url;
    redis = await connectRedis(config.REDIS_URL, logger);
  } catch (error) {
    policy.close();
    throw error;
  }
  const clusterName = (requested: string) => (requested === 'default' ? config.NETSHOOT_CLUSTER : requested);
  const jobSecret = config.NETSHOOT_JOB_SECRET;
  const queues = new Map<string, JobQueue>();
  // A command without --cluster is for this bot's own cluster (NETSHOOT_CLUSTER).
  const queueFor = (requested: string) => {
    const cluster = clusterName(requested);
    let queue = queues.get(cluster);
    if (!queue) {
      queue = createJobQueue({
        redisUrl: config.REDIS_URL,
        cluster,
        logger,
        ...(jobSecret === undefined ? {} : { jobSecret }),
      });
      queues.set(cluster, queue);
    }
    return queue;
  };
  const configuredAudit = options.audit ? undefined : createConfiguredAuditTrail(config, redis, logger);
  const audit = options.audit ?? configuredAudit!.trail;
  const groups = createGroupMembership(createWebClient(connection.botToken, config.SLACK_API_URL, logger), {
    logger,
  });
  // The first decision should not wait on Slack for the groups the policy names.
  void groups.warm(Object.values(policy.current().groups ?? {}));
  const gate = createGate({
    policy,
    groups,
    limits: createAdmissionLimits(redis, () => policy.current().limits),
    audit,
    commands,
    clusterName,
    overheadMs: defaultOverheadMs,
    logger,
  });
  // Only an explicit --cluster other than ours is checked: our own queue takes jobs even while our
  // worker restarts.
  const clusters = createClusterRegistry(redis);
  const checkCluster = async (requested: string) => {
    if (requested === 'default' || requested === config.NETSHOOT_CLUSTER) return;
    await clusters.assertKnownCluster(requested).catch((error: unknown) => {
      if (isUserError(error)) throw error;
      throw new TransientError(
        `could not check cluster '${requested}': Redis did not answer; try again in a moment`,
      );
    });
  };
  const byName = new Map(commands.map((command) => [command.name, command]));
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const slack = createSlackApp({
    connection,
    apiUrl: config.SLACK_API_URL,
    port: config.PORT,
    catalogue: {
      parseRequest: (text) => parseRequest(text, commands),
      commands,
      findCommand: (name) => byName.get(name),
    },
    queueFor,
    defaultCluster: config.NETSHOOT_CLUSTER,
    checkCluster,
    gate,
    audit,
    approvals: { approvals: createApprovalStore(redis), groups },
    messages: createMessageStore(redis),
    ...(workspaceUrl === undefined ? {} : { workspaceUrl }),
    readiness: async () => {
      await redis.ping();
    },
    policyStatus: () => policy.status(),
    registry,
    // One Slack budget for every bot replica and worker of the workspace (docs/slack.md).
    budget: createSlackBudget({ redis }),
    logger,
  });
  const closeQueues = async () => {
    await Promise.all([...queues.values()].map((queue) => queue.close()));
    await configuredAudit?.close();
    redis.disconnect();
    policy.close();
  };
  const { port } = await slack.start().catch(async (error: unknown) => {
    await closeQueues();
    throw explainSlackStartError(error, 'SLACK_APP_TOKEN', config.SLACK_API_URL);
  });
  logger.info(
    {
      port,
      mode: connection.mode,
      cluster: config.NETSHOOT_CLUSTER,
      policy: policy.status().source,
      signed: jobSecret !== undefined,
    },
    'Slack app ready',
  );
  return {
    port,
    async stop() {
      await slack.stop();
      await closeQueues();
    },
  };
}

/**
 * The worker's Slack voice: a reporter that updates the job's message and threads its result, for
 * `all` and `worker` when SLACK_BOT_TOKEN is set; undefined without a token (CLI-only setups).
 */
export async function startSlackReporter(
  config: Config,
  logger: Logger,
  options: {
    /** Which of this worker's executors runs a job (worker.ts knows them); the message words its start. */
    executorOf?: (job: JobData) => JobMessageState['executor'];
  } = {},
): Promise<{ reporter: Reporter; close(): Promise<void> } | undefined> {
  if (config.SLACK_BOT_TOKEN === undefined) return undefined;
  const redis = await connectRedis(config.REDIS_URL, logger);
  const client = createWriterClient(config.SLACK_BOT_TOKEN, config.SLACK_API_URL, logger);
  const reporter = createSlackReporter({
    client,
    writer: createChannelWriter({ client, budget: createSlackBudget({ redis }), logger }),
    messages: createMessageStore(redis),
    artifacts: createArtifactStore(redis),
    lastResults: createLastResults(redis),
    canceledBy: (jobId) => readCanceledBy(redis, { queueName: queueNameFor(config.NETSHOOT_CLUSTER) }, jobId),
    ...(options.executorOf ? { executorOf: options.executorOf } : {}),
    cluster: config.NETSHOOT_CLUSTER,
    logger,
  });
  return {
    reporter,
    close: async () => {
      redis.disconnect();
    },
  };
}

/** Fails fast while Redis is away (readiness says so at once), once connected at start-up. */
async function connectRedis(url: string, logger: Logger): Promise<RedisClient> {
  const place = parseRedisUrl(url);
  const redis = createRedisClient(place, { failFast: true, lazyConnect: true });
  // connect() rejects with "Connection is closed."; the reason (ECONNREFUSED, ENOTFOUND) came as an event.
  let reason: Error | undefined;
  redis.on('error', (error: Error) => {
    // ioredis reconnects by itself; the calls that hit the outage report it (readyz, enqueue).
    logger.debug({ err: error }, 'Redis connection error');
    reason ??= error;
  });
  await redis.connect().catch((error: unknown) => {
    redis.disconnect();
    throw new TransientError(
      `could not reach Redis at REDIS_URL (${describePlace(place)}: ${(reason ?? (error as Error)).message}): start it, or set REDIS_URL to where it runs`,
      { cause: error },
    );
  });
  return redis;
}

/** `netshoot-bot bot` (bot-command.ts declares it): runs until SIGTERM or SIGINT. */
export async function runBot(context: CliContext, config: Config): Promise<void> {
  const logger = pino({ level: config.LOG_LEVEL });
  const stopSignal = listenForStopSignal();
  let bot: RunningBot | undefined;
  try {
    bot = await startBot(config, { logger, commands: context.commands }).catch(reportUnreachable(context));
  } finally {
    if (!bot) stopSignal.dispose();
  }
  if (!bot) return;
  const signal = await stopSignal.received;
  logger.info({ signal }, 'stopping the Slack app');
  await bot.stop();
}

/**
 * Redis or Slack's API away at start, or a policy file that does not load: one line saying so and
 * exit status 1, instead of a stack trace.
 */
export function reportUnreachable(context: CliContext): (error: unknown) => undefined {
  return (error) => {
    if (!(error instanceof TransientError) && !(error instanceof PolicyFileError)) throw error;
    context.fail(error.message, exitCodes.failure);
    return undefined;
  };
}
