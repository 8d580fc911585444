import { pino, type Logger } from 'pino';
import { commands as catalogue } from '../../commands/index.js';
import type { Config } from '../config/env.js';
import { createConfiguredExecutors } from '../executors/configured-executors.js';
import type { Executor } from '../executors/executor.js';
import { createExecutorSelector } from '../executors/select-executor.js';
import type { JobData } from '../queue/job.js';
import { createClusterRegistry } from '../queue/clusters.js';
import { readCanceledBy } from '../queue/job-queue.js';
import { queueNameFor } from '../queue/queue-names.js';
import { createRedisClient } from '../queue/redis-client.js';
import { createAdmissionLimits } from '../limits/create-admission-limits.js';
import { ticketOf } from '../limits/ticket.js';
import { createAuditReporter } from '../worker/audit-reporter.js';
import { createLimitsReporter } from '../worker/limits-reporter.js';
import { createWorker, defaultOverheadMs, type JobWorker } from '../worker/create-worker.js';
import { combineReporters } from '../worker/combine-reporters.js';
import { countedExecutor } from '../worker/counted-executors.js';
import { createLogReporter } from '../worker/log-reporter.js';
import type { Reporter } from '../worker/reporter.js';
import { reportUnreachable, startSlackReporter } from './bot.js';
import type { CliContext } from './cli-context.js';
import { createConfiguredAuditTrail } from './configured-audit-trail.js';
import { closeExecutors } from './close-executors.js';
import { listenForStopSignal } from './until-stop-signal.js';
import { startWorkerMetricsServer } from './worker-metrics-server.js';

export interface RunningWorker {
  readonly worker: JobWorker;
  readonly executors: readonly Executor[];
  /**
   * Graceful (docs/operations.md, "Rolling upgrades"): no new jobs at once; running ones get `graceMs`
   * (NETSHOOT_WORKER_GRACE), then are cut short and reported; then the toolboxes go, within a bound.
   */
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
  // One connection for the cluster announcements and the audit trail: both write a little, rarely.
  const announcer = createRedisClient(config.REDIS_URL, { lazyConnect: true });
  announcer.on('error', (error) => {
    // ioredis reconnects by itself; a missed announcement is repeated a third of the TTL later, and
    // an audit record that cannot be written is in the log with an error line (src/audit/audit-trail.ts).
    options.logger.debug({ err: error }, 'cluster announcer connection error');
  });
  const audit = createConfiguredAuditTrail(config, announcer, options.logger);
  const auditReporter = createAuditReporter({
    trail: audit.trail,
    canceledBy: (jobId) =>
      readCanceledBy(announcer, { queueName: queueNameFor(config.NETSHOOT_CLUSTER) }, jobId),
  });
  // The door reserved the job's slots (src/limits): they are freed when it ends, whatever the end.
  const commands = options.commands ?? catalogue;
  const limitsReporter = createLimitsReporter(
    createAdmissionLimits(announcer, () => undefined),
    (data) =>
      ticketOf(data, {
        privilege: commands.find((command) => command.name === data.request.tool)?.privilege ?? 'read',
        cluster: config.NETSHOOT_CLUSTER,
        overheadMs: defaultOverheadMs,
      }),
  );
  const logReporter = createLogReporter(options.logger);
  if (config.NETSHOOT_JOB_SECRET === undefined) {
    options.logger.warn(
      "NETSHOOT_JOB_SECRET is not set: this worker runs read tools only; set the bot's secret here too to run privileged tools (docs/policy.md)",
    );
  }
  // /metrics and /healthz (docs/pipeline.md): the jobs' numbers are heard as the results are reported.
  const served = await startWorkerMetricsServer(config, options.logger);
  const worker = createWorker({
    redisUrl: config.REDIS_URL,
    cluster: config.NETSHOOT_CLUSTER,
    concurrency: config.WORKER_CONCURRENCY,
    executors: executors.map((executor) => countedExecutor(executor, served.metrics)),
    reporter: combineReporters([
      logReporter,
      auditReporter,
      limitsReporter,
      served.metrics.reporter,
      ...(options.reporter ? [options.reporter] : []),
    ]),
    logger: options.logger,
    ...(options.commands ? { commands: options.commands } : {}),
    ...(config.NETSHOOT_JOB_SECRET !== undefined ? { jobSecret: config.NETSHOOT_JOB_SECRET } : {}),
    audit: audit.trail,
  });
  try {
    await worker.start();
  } catch (error) {
    await served.close();
    await audit.close();
    announcer.disconnect();
    throw error;
  }
  // The bot refuses `--cluster X` when no worker has announced X lately (src/queue/clusters.ts).
  // NETSHOOT_CLUSTER_KNOWN_FOR: a worker that scales to zero keeps its cluster known while none runs.
  const clusterTtl = config.NETSHOOT_CLUSTER_KNOWN_FOR;
  const stopAnnouncing = createClusterRegistry(
    announcer,
    clusterTtl === undefined ? {} : { ttlMs: clusterTtl },
  ).keepAnnouncing(config.NETSHOOT_CLUSTER, (error) =>
    options.logger.warn({ err: error }, 'could not announce this cluster; trying again shortly'),
  );
  return {
    worker,
    executors,
    async stop(graceMs = config.NETSHOOT_WORKER_GRACE) {
      const started = Date.now();
      stopAnnouncing();
      await worker.stop(graceMs);
      options.logger.info({ tookMs: Date.now() - started }, 'every running job reported');
      // After the jobs, not before: a job cut short still runs its tool's stop in its toolbox.
      const reaped = await closeExecutors(executors, options.logger);
      await served.close();
      await audit.close();
      announcer.disconnect();
      options.logger.info({ tookMs: Date.now() - started, reaped }, 'worker stopped');
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
  // Built here rather than in startWorker: the Slack reporter says which one runs a job.
  const built = executors ?? createConfiguredExecutors(config, logger);
  const slackReporter = await startSlackReporter(config, logger, {
    executorOf: executorNameOf(built),
  }).catch(unreachable);
  if (context.exitCode !== 0) return undefined;
  const running = await startWorker(config, {
    logger,
    commands: context.commands,
    ...(slackReporter ? { reporter: slackReporter.reporter } : {}),
    executors: built,
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

/**
 * The executor that runs a job's first target (the worker's own host when it names none, as
 * run-job.ts does), as the worker will choose it; undefined when no executor here serves it (the
 * job then fails and says so itself).
 */
function executorNameOf(executors: readonly Executor[]): (job: JobData) => Executor['name'] | undefined {
  const select = createExecutorSelector(executors);
  return (job) => {
    try {
      return select(job.request.targets[0] ?? { kind: 'host', name: '' }).name;
    } catch {
      // dropped: the worker reports the missing executor on the job itself; the message only waits.
      return undefined;
    }
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
  logger.info(
    { signal, graceMs: config.NETSHOOT_WORKER_GRACE },
    'stopping: no new jobs, running ones get the grace period to finish',
  );
  await running.stop(config.NETSHOOT_WORKER_GRACE);
}
