import { randomBytes, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { commands, findCommand } from '../../../commands/index.js';
import type { CommandDefinition } from '../../../src/catalogue/define-command.js';
import { createLocalExecutor } from '../../../src/executors/local/local-executor.js';
import { parseRequest } from '../../../src/grammar/parse-request.js';
import { createAdmissionLimits } from '../../../src/limits/create-admission-limits.js';
import { createGate } from '../../../src/policy/create-gate.js';
import { startPolicyHolder, type PolicyHolder } from '../../../src/policy/policy-holder.js';
import type { GroupMembership } from '../../../src/policy/ports.js';
import { createArtifactStore } from '../../../src/queue/artifact-store.js';
import { createJobQueue, readCanceledBy, type JobQueue } from '../../../src/queue/job-queue.js';
import { createSlackApp, type SlackApp } from '../../../src/slack/create-slack-app.js';
import { createChannelWriter } from '../../../src/slack/channel-writer.js';
import { createWebClient, createWriterClient } from '../../../src/slack/create-web-client.js';
import { createLastResults } from '../../../src/slack/last-results.js';
import { createMessageStore, type MessageStore } from '../../../src/slack/message-store.js';
import { createSlackBudget, type SlackRates } from '../../../src/slack/slack-budget.js';
import { createSlackReporter } from '../../../src/slack/slack-reporter.js';
import { ticketOf } from '../../../src/limits/ticket.js';
import { combineReporters } from '../../../src/worker/combine-reporters.js';
import { createLimitsReporter } from '../../../src/worker/limits-reporter.js';
import { createApprovalStore } from '../../../src/slack/approvals/approval-store.js';
import { createGroupMembership } from '../../../src/slack/usergroups.js';
import { createWorker, type JobWorker, type WorkerOptions } from '../../../src/worker/create-worker.js';
import { testRedisUrl } from '../infrastructure.js';
import { createMemoryAudit, type MemoryAudit } from '../memory-audit.js';
import { FakeSlack, type FakeSlackLimits } from './fake-slack.js';

export interface SlackStack {
  readonly fake: FakeSlack;
  readonly queue: JobQueue;
  readonly messages: MessageStore;
  readonly slack: SlackApp;
  readonly worker: JobWorker | undefined;
  /** POST /slack/events of the running bot (HTTP mode). */
  readonly eventsUrl: string;
  readonly baseUrl: string;
  readonly signingSecret: string;
  readonly cluster: string;
  /** What the doors wrote to the audit trail, in order. */
  readonly audit: MemoryAudit;
  /** The secret the bot signs jobs with (and the stack's worker checks them with). */
  readonly jobSecret: string;
  readonly policy: PolicyHolder;
  stop(): Promise<void>;
}

export interface SlackStackOptions {
  readonly mode: 'http' | 'socket';
  /** Start a worker on the local executor (host and netns targets); off for listener-only suites. */
  readonly worker?: boolean;
  /** NETSHOOT_POLICY: the policy file; the built-in policy (read tools only) without it. */
  readonly policyPath?: string;
  /** Which Slack user groups people are in; the fake Slack's usergroups by default. */
  readonly groups?: GroupMembership;
  /** Approvals as production wires them (src/slack/approvals/), on this stack's Redis prefix. */
  readonly approvals?: boolean;
  readonly commands?: readonly CommandDefinition[];
  /** Where the bot's queue lives; the test Redis by default (a dead port makes enqueue fail). */
  readonly queueRedisUrl?: string;
  /** What GET /readyz checks; the stack's Redis by default. */
  readonly readiness?: () => Promise<void>;
  /** Slack's rate limits, enforced by the fake Slack with 429 and Retry-After; none by default. */
  readonly slackLimits?: FakeSlackLimits;
  /** The bot's Slack budget (src/slack/slack-budget.ts), Slack's published rates by default. */
  readonly budget?: Partial<SlackRates>;
}

/**
 * The bot as production wires it, on real Redis with a fresh queue and key prefix, against the fake
 * Slack: Bolt listening on a free port (or connected over Socket Mode), and D's worker with the local
 * executor reporting through the Slack reporter.
 */
export async function startSlackStack(options: SlackStackOptions): Promise<SlackStack> {
  const fake = await FakeSlack.start(options.slackLimits ? { limits: options.slackLimits } : {});
  const cluster = `slack-${randomUUID().slice(0, 8)}`;
  const prefix = `nsbtest-${cluster}`;
  const signingSecret = `signing-${randomUUID()}`;
  const catalogueCommands = options.commands ?? commands;
  const lookup = options.commands
    ? (name: string) => options.commands?.find((command) => command.name === name)
    : findCommand;
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const policy = await startPolicyHolder(options.policyPath, logger);
  const redis = new Redis(testRedisUrl, { maxRetriesPerRequest: 1 });
  const jobSecret = randomBytes(32).toString('hex');
  const queue = createJobQueue({
    redisUrl: options.queueRedisUrl ?? testRedisUrl,
    cluster,
    prefix,
    jobSecret,
  });
  const messages = createMessageStore(redis, prefix);
  // One budget on Redis for the bot and the worker, as production shares it (src/main/bot.ts).
  const budget = createSlackBudget({ redis, prefix, ...(options.budget ? { rates: options.budget } : {}) });
  const audit = createMemoryAudit();
  const groups = createGroupMembership(createWebClient(fake.botToken, fake.apiUrl, logger));
  const limits = createAdmissionLimits(redis, () => policy.current().limits, { prefix });
  const gate = createGate({
    policy,
    groups: options.groups ?? groups,
    limits,
    audit,
    commands: catalogueCommands,
    clusterName: (requested) => (requested === 'default' ? cluster : requested),
    overheadMs: 10_000,
    logger,
  });

  // The workspace URL as production reads it at start (src/main/bot.ts): from auth.test.
  const identity = await createWebClient(fake.botToken, fake.apiUrl, logger).auth.test();
  const slack = createSlackApp({
    connection:
      options.mode === 'http'
        ? { mode: 'http', signingSecret, botToken: fake.botToken }
        : { mode: 'socket', appToken: fake.appToken, botToken: fake.botToken },
    apiUrl: fake.apiUrl,
    port: 0,
    catalogue: {
      parseRequest: (text) => parseRequest(text, catalogueCommands),
      commands: catalogueCommands,
      findCommand: lookup,
    },
    // Every cluster a command names lands on this test's queue: --cluster is the queue's business.
    queueFor: () => queue,
    defaultCluster: cluster,
    gate,
    audit,
    ...(options.approvals ? { approvals: { approvals: createApprovalStore(redis, prefix), groups } } : {}),
    messages,
    ...(identity.url === undefined ? {} : { workspaceUrl: identity.url }),
    readiness:
      options.readiness ??
      (async () => {
        await redis.ping();
      }),
    registry: new Registry(),
    logger,
    policyStatus: () => policy.status(),
    budget,
  });
  const { port } = await slack.start();

  let worker: JobWorker | undefined;
  if (options.worker ?? true) {
    // As production wires it (src/main/worker.ts): the worker checks the bot's signature and frees
    // the limits' slots of each job that ends.
    const limitsReporter = createLimitsReporter(limits, (data) =>
      ticketOf(data, {
        privilege: lookup(data.request.tool)?.privilege ?? 'read',
        cluster,
        overheadMs: 10_000,
      }),
    );
    const writerClient = createWriterClient(fake.botToken, fake.apiUrl, logger);
    const workerOptions: WorkerOptions = {
      jobSecret,
      redisUrl: testRedisUrl,
      cluster,
      prefix,
      concurrency: 2,
      executors: [createLocalExecutor()],
      reporter: combineReporters([
        limitsReporter,
        createSlackReporter({
          client: writerClient,
          writer: createChannelWriter({ client: writerClient, budget, logger }),
          messages,
          artifacts: createArtifactStore(redis, { prefix }),
          lastResults: createLastResults(redis, prefix),
          canceledBy: (jobId) => readCanceledBy(redis, { prefix, queueName: queue.bullName }, jobId),
          executorOf: () => 'local',
          cluster,
          logger,
        }),
      ]),
      logger,
      commands: catalogueCommands,
      overheadMs: 10_000,
      lockDurationMs: 5_000,
    };
    worker = createWorker(workerOptions);
    await worker.start();
  }

  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    fake,
    queue,
    messages,
    slack,
    worker,
    baseUrl,
    eventsUrl: `${baseUrl}/slack/events`,
    signingSecret,
    cluster,
    audit,
    jobSecret,
    policy,
    async stop() {
      await worker?.stop(2000);
      await slack.stop();
      await queue.close();
      policy.close();
      // A fresh prefix per stack: everything this test wrote goes, nothing else.
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
      await fake.close();
    },
  };
}
