import { Redis, type RedisOptions } from 'ioredis';
import { Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { Logger } from 'pino';
import { commands as catalogue } from '../../commands/index.js';
import type { CommandDefinition } from '../catalogue/define-command.js';
import { TransientError, isUserError } from '../errors.js';
import type { Executor } from '../executors/executor.js';
import { createExecutorSelector } from '../executors/select-executor.js';
import { describeWhere } from '../format/describe-where.js';
import { jobDataSchema, type JobData } from '../queue/job.js';
import { encodeOutcome, type StoredOutcome } from '../queue/outcome-codec.js';
import {
  cancelChannelFor,
  cancelFlagKeyFor,
  defaultQueuePrefix,
  queueNameFor,
} from '../queue/queue-names.js';
import { checkRedisReachable } from '../queue/check-redis.js';
import { redisOptionsFromUrl } from '../queue/redis-options.js';
import type { JobOutcome, JobStage, Reporter } from './reporter.js';
import { runJob } from './run-job.js';

export interface WorkerOptions {
  readonly redisUrl?: string;
  readonly connection?: ConnectionOptions;
  /** NETSHOOT_CLUSTER: the queue this worker consumes. */
  readonly cluster: string;
  readonly prefix?: string;
  /** The BullMQ queue name; the cluster's by default (see JobQueueOptions.queueName). */
  readonly queueName?: string;
  /** WORKER_CONCURRENCY. */
  readonly concurrency: number;
  /** In preference order: the configured executor (NETSHOOT_EXECUTOR) first. */
  readonly executors: readonly Executor[];
  readonly reporter: Reporter;
  readonly logger: Logger;
  /** The catalogue; commands/index.ts in production, the tests' own list in tests. */
  readonly commands?: readonly CommandDefinition[];
  /** Time a job may take beyond its tool timeout: opening sessions, resolving, a server coming up. */
  readonly overheadMs?: number;
  /**
   * How long a dead worker's job stays locked before another worker takes it (BullMQ lockDuration);
   * the stalled check runs at the same interval. Short in tests, 30 s by default.
   */
  readonly lockDurationMs?: number;
  /** After a job's deadline or cancel, how long its run may take to stop before the job ends without it. */
  readonly hardStopGraceMs?: number;
}

export interface JobWorker {
  /** Resolves when the worker is connected and taking jobs. */
  start(): Promise<void>;
  /**
   * Graceful stop (SIGTERM): takes no new jobs; running ones get `graceMs` to finish, then they are
   * aborted and go back to the queue for another worker (a retry, not a result).
   */
  stop(graceMs?: number): Promise<void>;
}

const shutdownReason = 'worker shutting down';
/** Longer than the executors' SIGTERM-to-SIGKILL grace, so a normal kill always wins the race. */
const deadlineGraceMs = 10_000;

export function createWorker(options: WorkerOptions): JobWorker {
  const prefix = options.prefix ?? defaultQueuePrefix;
  const name = options.queueName ?? queueNameFor(options.cluster);
  const connection = options.connection ?? redisOptionsFromUrl(options.redisUrl ?? 'redis://127.0.0.1:6379');
  const selectExecutor = createExecutorSelector(options.executors);
  const lockDuration = options.lockDurationMs ?? 30_000;
  const overheadMs = options.overheadMs ?? 60_000;
  const { logger, reporter } = options;

  // Made in start(), once Redis answered: BullMQ's blocking connection has no error listener of its
  // own, and an unreachable Redis at construction would crash the process instead of failing start().
  let worker: Worker<JobData, StoredOutcome> | undefined;
  const createBullWorker = () => {
    const made = new Worker<JobData, StoredOutcome>(name, (job, _token, signal) => processJob(job, signal), {
      connection,
      prefix,
      concurrency: options.concurrency,
      autorun: false,
      lockDuration,
      stalledInterval: lockDuration,
      maxStalledCount: 1,
    });
    made.on('error', (error) => logger.error({ err: error }, 'worker connection error'));
    return made;
  };

  // Cancel requests come from whichever process took the click (the bot); the worker that runs the
  // job hears them here and aborts it through BullMQ's per-job AbortSignal.
  const subscriber = isOptions(connection)
    ? new Redis({ ...connection, maxRetriesPerRequest: null, lazyConnect: true })
    : (connection as Redis).duplicate({ lazyConnect: true });
  subscriber.on('error', (error) => logger.warn({ err: error }, 'cancel channel connection error'));
  subscriber.on('message', (_channel: string, jobId: string) => {
    if (worker?.cancelJob(jobId, 'canceled')) logger.info({ jobId }, 'cancel requested, aborting');
  });

  async function processJob(
    job: Job<JobData, StoredOutcome>,
    bullSignal: AbortSignal | undefined,
  ): Promise<StoredOutcome> {
    const jobId = String(job.id);
    const log = logger.child({ jobId });
    const started = Date.now();
    const parsed = jobDataSchema.safeParse(job.data);
    if (!parsed.success) {
      // A job from a newer or older producer: refuse it instead of guessing what it means.
      log.error({ issues: parsed.error.issues }, "job data does not match this worker's schema");
      return encodeOutcome(failed(jobId, job.data as JobData, started, `internal error, ref #${jobId}`));
    }
    const data = parsed.data;

    if (await cancelRequested(jobId)) {
      const outcome: JobOutcome = {
        jobId,
        status: 'canceled',
        runs: [],
        where: describeWhere(data.request),
        durationMs: 0,
      };
      await report(() => reporter.result(data, outcome), log);
      return encodeOutcome(outcome);
    }

    const deadline = AbortSignal.timeout(data.request.options.timeoutMs + overheadMs);
    const signal = AbortSignal.any([deadline, ...(bullSignal ? [bullSignal] : [])]);
    const onProgress = (stage: JobStage, detail?: string) => {
      log.info({ stage, detail }, 'progress');
      void report(
        () =>
          reporter.progress(data, {
            jobId,
            stage,
            elapsedMs: Date.now() - started,
            ...(detail ? { detail } : {}),
          }),
        log,
      );
    };

    let outcome: JobOutcome;
    const guard = deadlineGuard(signal, options.hardStopGraceMs ?? deadlineGraceMs);
    try {
      outcome = await Promise.race([
        runJob(data, {
          jobId,
          selectExecutor,
          commands: options.commands ?? catalogue,
          signal,
          deadlineSignal: deadline,
          onProgress,
        }),
        // The hard stop: an executor that does not honour the signal still cannot hold the job.
        guard.expired,
      ]);
    } catch (error) {
      if (bullSignal?.aborted && bullSignal.reason === shutdownReason) {
        log.info('worker stopping: job goes back to the queue');
        throw new TransientError(shutdownReason, { cause: error });
      }
      if (error instanceof TransientError && job.attemptsMade + 1 < (job.opts.attempts ?? 1)) {
        log.warn({ err: error }, 'transient failure, will retry');
        onProgress('queued', `retrying: ${error.message}`);
        throw error;
      }
      if (deadline.aborted || bullSignal?.aborted) {
        // Stopped before the tool ran (a session that would not open in time, a cancel during it).
        outcome = {
          jobId,
          status: deadline.aborted ? 'timed-out' : 'canceled',
          runs: [],
          where: describeWhere(data.request),
          durationMs: Date.now() - started,
        };
        log.info({ err: error, status: outcome.status }, 'stopped before the tool ran');
      } else {
        outcome = failed(jobId, data, started, messageFor(error, jobId));
        if (isUserError(error)) log.info({ err: error }, 'user error');
        else log.error({ err: error }, 'job failed');
      }
    } finally {
      guard.dispose();
    }
    if (bullSignal?.aborted && bullSignal.reason === shutdownReason && outcome.status === 'canceled') {
      throw new TransientError(shutdownReason);
    }
    onProgress('done', outcome.status);
    await report(() => reporter.result(data, outcome), log);
    return encodeOutcome(outcome);
  }

  async function cancelRequested(jobId: string): Promise<boolean> {
    const client = (await (worker as Worker).client) as unknown as Redis;
    return (await client.exists(cancelFlagKeyFor(prefix, name, jobId))) === 1;
  }

  return {
    async start() {
      if (isOptions(connection)) await checkRedisReachable(connection);
      await subscriber.connect();
      await subscriber.subscribe(cancelChannelFor(prefix, name));
      worker = createBullWorker();
      void worker
        .run()
        .catch((error: unknown) => logger.error({ err: error }, 'worker stopped with an error'));
      await worker.waitUntilReady();
      logger.info({ queue: `${prefix}:${name}`, concurrency: options.concurrency }, 'worker taking jobs');
    },

    async stop(graceMs = 25_000) {
      const running = worker;
      if (!running) {
        subscriber.disconnect();
        return;
      }
      const closing = running.close();
      const timer = setTimeout(() => {
        logger.warn(
          { graceMs },
          'jobs still running after the grace period: aborting them back to the queue',
        );
        running.cancelAllJobs(shutdownReason);
      }, graceMs);
      try {
        await closing;
      } finally {
        clearTimeout(timer);
        subscriber.disconnect();
      }
    },
  };
}

/**
 * After the signal aborts, `graceMs` for the run to wind down on its own; then `expired` rejects and
 * the job ends regardless. `dispose` once the run is over, so a later abort does nothing.
 */
function deadlineGuard(
  signal: AbortSignal,
  graceMs: number,
): { expired: Promise<never>; dispose: () => void } {
  let timer: NodeJS.Timeout | undefined;
  let onAbort = () => {};
  const expired = new Promise<never>((_, reject) => {
    onAbort = () => {
      timer = setTimeout(() => reject(new Error('the run did not stop when its job was stopped')), graceMs);
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  return {
    expired,
    dispose: () => {
      signal.removeEventListener('abort', onAbort);
      clearTimeout(timer);
    },
  };
}

function failed(jobId: string, data: JobData, started: number, error: string): JobOutcome {
  return {
    jobId,
    status: 'failed',
    runs: [],
    error,
    where: data?.request ? describeWhere(data.request) : 'unknown',
    durationMs: Date.now() - started,
  };
}

/** User errors and transient ones (after the last retry) speak to the user; anything else is a bug. */
function messageFor(error: unknown, jobId: string): string {
  if (isUserError(error)) return error.describe();
  if (error instanceof TransientError) return `${error.message} (gave up after retries, ref #${jobId})`;
  return `internal error, ref #${jobId}`;
}

async function report(call: () => Promise<void>, log: Logger): Promise<void> {
  try {
    await call();
  } catch (error) {
    // A reporter failing (Slack down) must not fail or repeat the job; the result is stored anyway.
    log.warn({ err: error }, 'reporter failed');
  }
}

function isOptions(connection: ConnectionOptions): connection is RedisOptions {
  return typeof (connection as { duplicate?: unknown }).duplicate !== 'function';
}
