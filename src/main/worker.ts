import { Redis } from 'ioredis';
import { pino, type Logger } from 'pino';
import { createAuditTrail } from '../audit/audit-trail.js';
import type { Config } from '../config/env.js';
import { createConfiguredExecutors } from '../executors/configured-executors.js';
import type { Executor } from '../executors/executor.js';
import { createClusterRegistry } from '../queue/clusters.js';
import { redisOptionsFromUrl } from '../queue/redis-options.js';
import { createWorker, type JobWorker } from '../worker/create-worker.js';
import { combineReporters } from '../worker/combine-reporters.js';
import { createLogReporter } from '../worker/log-reporter.js';
import type { Reporter } from '../worker/reporter.js';
import { reportUnreachable, startSlackReporter } from './bot.js';
import type { CliContext } from './cli-context.js';
import { listenForStopSignal } from './until-stop-signal.js';

export interface RunningWorker {
  readonly worker: JobWorker;
  readonly executors: readonly Executor[];
  /** Graceful: no new jobs, running ones get `graceMs`, then executors close. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts a worker for NETSHOOT_CLUSTER's queue with the configured executors (SPEC 2). `reporter`
 * adds to the log reporter: `all` and `worker` pass the Slack reporter there. Leftovers of crashed
 * workers are reaped before the first job.
 */
export async function startWorker(
  config: Config,
  options: {
    logger: Logger;
    reporter?: Reporter;
    commands?: Parameters<typeof createWorker>[0]['commands'];
    /** Built by the caller when it checks the configuration first (`all`); else from the config. */
    executors?: Executor[];
  },
): Promise<RunningWorker> {
  const executors = options.executors ?? createConfiguredExecutors(config, options.logger);
  for (const executor of executors) {
    const reaped = await executor.reap();
    if (reaped > 0)
      options.logger.info({ executor: executor.name, reaped }, 'removed leftovers of earlier workers');
  }
  const logReporter = createLogReporter(options.logger);
  // One client for the audit trail and the cluster announcements: both write a little, now and then.
  const redis = new Redis({ ...redisOptionsFromUrl(config.REDIS_URL), lazyConnect: true });
  redis.on('error', (error) => {
    // ioredis reconnects by itself; a missed announcement is repeated a third of the TTL later, and
    // the audit trail logs a record it could not append.
    options.logger.debug({ err: error }, 'worker redis connection error');
  });
  if (config.NETSHOOT_JOB_SECRET === undefined) {
    options.logger.warn(
      "NETSHOOT_JOB_SECRET is not set: this worker runs read tools only; set the bot's secret here too to run privileged tools (docs/policy.md)",
    );
  }
  const worker = createWorker({
    redisUrl: config.REDIS_URL,
    cluster: config.NETSHOOT_CLUSTER,
    concurrency: config.WORKER_CONCURRENCY,
    executors,
    reporter: options.reporter ? combineReporters([logReporter, options.reporter]) : logReporter,
    logger: options.logger,
    ...(options.commands ? { commands: options.commands } : {}),
    ...(config.NETSHOOT_JOB_SECRET !== undefined ? { jobSecret: config.NETSHOOT_JOB_SECRET } : {}),
    audit: createAuditTrail(redis, { logger: options.logger }),
  });
  try {
    await worker.start();
  } catch (error) {
    redis.disconnect();
    throw error;
  }
  // The bot refuses `--cluster X` when no worker has announced X lately (src/queue/clusters.ts).
  const stopAnnouncing = createClusterRegistry(redis).keepAnnouncing(config.NETSHOOT_CLUSTER, (error) =>
    options.logger.warn({ err: error }, 'could not announce this cluster; trying again shortly'),
  );
  return {
    worker,
    executors,
    async stop(graceMs) {
      stopAnnouncing();
      await worker.stop(graceMs);
      // After the worker: a job refused while it stops still gets its audit record.
      redis.disconnect();
      await Promise.all(executors.map((executor) => executor.close()));
    },
  };
}

/**
 * The worker of `worker` and `all`: it reports to Slack when SLACK_BOT_TOKEN is set, so a worker
 * deployed apart from the bot still posts results. Undefined, with one line told, when Redis is away.
 */
export async function startReportingWorker(
  config: Config,
  logger: Logger,
  context: CliContext,
  executors?: Executor[],
): Promise<{ stop(graceMs?: number): Promise<void> } | undefined> {
  const unreachable = reportUnreachable(context);
  const slackReporter = await startSlackReporter(config, logger).catch(unreachable);
  if (context.exitCode !== 0) return undefined;
  const running = await startWorker(config, {
    logger,
    commands: context.commands,
    ...(slackReporter ? { reporter: slackReporter.reporter } : {}),
    ...(executors ? { executors } : {}),
  }).catch(unreachable);
  if (!running) {
    await slackReporter?.close();
    return undefined;
  }
  return {
    async stop(graceMs) {
      await running.stop(graceMs);
      await slackReporter?.close();
    },
  };
}

/** `netshoot-bot worker` (worker-command.ts declares it): runs until SIGTERM or SIGINT, then stops gracefully. */
export async function runWorker(context: CliContext, config: Config): Promise<void> {
  const logger = pino({ level: config.LOG_LEVEL });
  const stopSignal = listenForStopSignal();
  let running: Awaited<ReturnType<typeof startReportingWorker>>;
  try {
    running = await startReportingWorker(config, logger, context);
  } finally {
    if (!running) stopSignal.dispose();
  }
  if (!running) return;
  const signal = await stopSignal.received;
  logger.info({ signal }, 'stopping: no new jobs, waiting for running ones');
  await running.stop();
}
