import type { Cluster, Redis, RedisOptions } from 'ioredis';
import { Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { Logger } from 'pino';
import { commands as catalogue } from '../../commands/index.js';
import type { AuditTrail } from '../audit/audit-record.js';
import type { CommandDefinition } from '../catalogue/define-command.js';
import { ForbiddenError, TransientError } from '../errors.js';
import type { Executor } from '../executors/executor.js';
import { createExecutorSelector } from '../executors/select-executor.js';
import { describeWhere } from '../format/describe-where.js';
import { jobDataSchema, type JobData } from '../queue/job.js';
import { createArtifactStore } from '../queue/artifact-store.js';
import { readJobProgress, type JobProgress } from '../queue/job-progress.js';
import {
  decodeFailedJob,
  encodeOutcome,
  stalledTooOftenReason,
  workerStoppingReason,
  type StoredOutcome,
} from '../queue/outcome-codec.js';
import {
  cancelChannelFor,
  cancelFlagKeyFor,
  signedKeyFor,
  defaultQueuePrefix,
  queueNameFor,
} from '../queue/queue-names.js';
import { checkRedisReachable } from '../queue/check-redis.js';
import {
  bullConnectionFor,
  createRedisClient,
  isClusterConnection,
  slotSafePrefix,
  type BullConnection,
  type RedisClient,
} from '../queue/redis-client.js';
import { checkJob, type JobRefusal } from './check-job.js';
import { refusalRecordOf } from './refusal-record.js';
import { claimDedupeKey } from './replay-guard.js';
import type { Reporter } from './reporter.js';
import type { JobOutcome, JobStage } from '../results/job-outcome.js';
import { deadlineGuard } from './deadline-guard.js';
import { failForGood, logFailure, userMessageFor } from './job-failure.js';
import { runJob, type RanJob } from './run-job.js';

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
  /** How long a job's files wait in Redis for the reporter or `run` to take them (one hour by default). */
  readonly artifactTtlMs?: number;
  /** The most bytes of files one job may keep (64 MiB by default); files past it are named, not kept. */
  readonly maxArtifactBytesPerJob?: number;
  /**
   * NETSHOOT_JOB_SECRET: every job must carry a door's valid signature, once (src/worker/check-job.ts).
   * Without it the worker runs jobs of read tools only.
   */
  readonly jobSecret?: string;
  /** Where the jobs this worker refuses are recorded; the log line only without it. */
  readonly audit?: AuditTrail;
}

export interface JobWorker {
  /** Resolves when the worker is connected and taking jobs. */
  start(): Promise<void>;
  /**
   * Graceful stop (SIGTERM): takes no new jobs at once; running ones get `graceMs` to finish, then
   * their tools are stopped and each is reported once, cut short by a worker restart, with what the
   * tool printed (docs/operations.md, "Rolling upgrades"). Resolves when every job has been reported.
   */
  stop(graceMs?: number): Promise<void>;
}

/** NETSHOOT_WORKER_GRACE's default: how long running jobs may go on after SIGTERM. */
export const defaultWorkerGraceMs = 25_000;

/** Time a job may take beyond its tool timeout by default: its limits' slots are held as long. */
export const defaultOverheadMs = 60_000;

/**
 * Longer than the executors' graces from the stop signal to SIGKILL (5 s after a SIGINT: 2 s to SIGTERM,
 * 3 s to SIGKILL), so a normal kill always wins the race and the job keeps what the tool printed.
 */
export const deadlineGraceMs = 10_000;

export function createWorker(options: WorkerOptions): JobWorker {
  const name = options.queueName ?? queueNameFor(options.cluster);
  const redisUrl = options.redisUrl ?? 'redis://127.0.0.1:6379';
  const bull: BullConnection = options.connection
    ? { connection: options.connection, clustered: isClusterConnection(options.connection), close() {} }
    : bullConnectionFor(redisUrl, { failFast: false });
  const connection = bull.connection;
  // The producer's prefix (job-queue.ts): on a Cluster it carries the hash tag.
  const prefix = slotSafePrefix(options.prefix ?? defaultQueuePrefix, bull.clustered);
  const selectExecutor = createExecutorSelector(options.executors);
  const lockDuration = options.lockDurationMs ?? 30_000;
  const overheadMs = options.overheadMs ?? defaultOverheadMs;
  const { logger, reporter } = options;
  const commands = options.commands ?? catalogue;

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
    made.on('failed', reportStalledTooOften);
    return made;
  };

  // Cancel requests come from whichever process took the click (the bot); the worker that runs the
  // job hears them here and aborts it through BullMQ's per-job AbortSignal.
  const subscriber = subscriberFor(options.connection, redisUrl);
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
    const attempt = await beginAttempt(job, log);
    const parsed = jobDataSchema.safeParse(job.data);
    if (!parsed.success) {
      // A job from a newer or older producer: refuse it instead of guessing what it means.
      const error = new Error("job data does not match this worker's schema");
      log.error({ issues: parsed.error.issues }, error.message);
      await audit(log, {
        event: 'refused',
        door: 'worker',
        subject: 'unknown',
        jobId,
        cluster: options.cluster,
        reason: error.message,
      });
      throw await endForGood(jobId, job.data, attempt, error, log);
    }
    const data = parsed.data;

    // Before anything runs, not even a session: a job the doors did not decide never reaches a target.
    let refused: JobRefusal | undefined;
    try {
      refused = await refusalOf(jobId, data);
    } catch (error) {
      const failure = new TransientError(`could not check the job (${(error as Error).message})`, {
        cause: error,
      });
      if (!hasAttemptsLeft(job)) throw await endForGood(jobId, data, attempt, failure, log);
      log.warn({ err: error }, 'could not check the job, will retry');
      throw failure;
    }
    if (refused) throw await refuse(jobId, data, attempt, refused, log);

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
    let said = '';
    const onProgress = (stage: JobStage, detail?: string, found?: string) => {
      // A running tool reports every few seconds (run-progress.ts): the log says each change once.
      const saying = `${stage}\n${detail ?? ''}`;
      if (saying !== said) log.info({ stage, detail }, 'progress');
      else log.debug({ stage, detail, found }, 'progress');
      said = saying;
      void report(
        () =>
          reporter.progress(data, {
            jobId,
            stage,
            elapsedMs: Date.now() - attempt.firstStartedAt,
            ...(attempt.restarted ? { restarted: true } : {}),
            ...(detail ? { detail } : {}),
            ...(found ? { found } : {}),
          }),
        log,
      );
    };
    const stopping = () => bullSignal?.aborted === true && bullSignal.reason === workerStoppingReason;

    let ran: RanJob;
    let cutShort = false;
    const guard = deadlineGuard(signal, options.hardStopGraceMs ?? deadlineGraceMs);
    try {
      ran = await Promise.race([
        runJob(data, {
          jobId,
          selectExecutor,
          commands,
          signal,
          deadlineSignal: deadline,
          onProgress,
          log,
        }),
        // The hard stop: an executor that does not honour the signal still cannot hold the job.
        guard.expired,
      ]);
    } catch (error) {
      if (error instanceof TransientError && !stopping() && hasAttemptsLeft(job)) {
        log.warn({ err: error, attemptsMade: job.attemptsMade }, 'transient failure, will retry');
        onProgress('queued', `retrying: ${error.message}`);
        throw error;
      }
      if (!deadline.aborted && !bullSignal?.aborted) throw await endForGood(jobId, data, attempt, error, log);
      // Stopped before the tool ran (a session that would not open in time, a cancel during it, the
      // worker stopping), or a run that did not stop within the hard stop's grace.
      ran = {
        jobId,
        status: deadline.aborted ? 'timed-out' : 'canceled',
        runs: [],
        where: describeWhere(data.request),
        durationMs: 0,
      };
      log.info({ err: error, status: ran.status }, 'stopped before the tool ran');
    } finally {
      guard.dispose();
    }
    if (stopping()) {
      // The grace after SIGTERM ran out (stop() below): the tool got its stop signal and printed what it
      // had, which is the result. Cut short rather than handed back, so it never runs twice.
      log.warn({ status: ran.status }, 'worker stopping: the job is cut short and reported as it is');
      cutShort = true;
    }

    let runs: JobOutcome['runs'];
    try {
      runs = await keepArtifacts(`${name}:${jobId}`, ran.runs, log);
    } catch (error) {
      const failure = new TransientError(
        `the job ran but its files could not be kept in Redis (${(error as Error).message})`,
        { cause: error },
      );
      // A stopping worker's job ran already: it ends here rather than run again elsewhere.
      if (!hasAttemptsLeft(job) || cutShort) throw await endForGood(jobId, data, attempt, failure, log);
      log.warn({ err: error }, 'could not keep the artifacts, will retry');
      throw failure;
    }
    const outcome: JobOutcome = {
      ...ran,
      runs,
      durationMs: Date.now() - attempt.firstStartedAt,
      ...(attempt.restarted ? { restarted: true } : {}),
      ...(cutShort ? { status: 'canceled', cutShortBy: 'worker-restart' } : {}),
    };
    onProgress('done', outcome.status);
    await report(() => reporter.result(data, outcome), log);
    return encodeOutcome(outcome);
  }

  /**
   * Notes the first start in the job's progress, so a later attempt (a retry, or another worker taking
   * over a stalled job) counts from it and knows a worker stopped under it.
   */
  async function beginAttempt(job: Job<JobData, StoredOutcome>, log: Logger): Promise<Attempt> {
    const before = readJobProgress(job.progress);
    const firstStartedAt = before.firstStartedAt ?? job.processedOn ?? Date.now();
    // stalledCounter counts the times a worker died holding the job and it went back to the queue.
    const restarted = before.restarted === true || job.stalledCounter > 0;
    if (restarted) log.warn({ firstStartedAt }, 'restarted after the worker stopped: running it again');
    const progress: JobProgress = { firstStartedAt, ...(restarted ? { restarted } : {}) };
    await job.updateProgress(progress).catch((error: unknown) => {
      // Only the restart note and the duration of a later attempt depend on it: the job runs anyway.
      log.warn({ err: error }, 'could not note the first start in the job progress');
    });
    return { firstStartedAt, restarted };
  }

  /** The worker's own check (check-job.ts), then for a signed job the replay guard on its dedupe key. */
  async function refusalOf(jobId: string, data: JobData): Promise<JobRefusal | undefined> {
    const refused = checkJob(data, {
      commands,
      ...(options.jobSecret ? { jobSecret: options.jobSecret } : {}),
    });
    if (refused || options.jobSecret === undefined) return refused;
    const key = signedKeyFor(prefix, name, data.dedupeKey);
    const owner = await claimDedupeKey(await redisOf(worker as Worker), key, jobId);
    if (owner === undefined) return undefined;
    return {
      reason: `it is a copy of job #${owner}, which was signed for the same request: a signed job runs once`,
      hints: ['to run the command again, type it again or use Rerun'],
    };
  }

  /** Nothing ran: the refusal is audited, told to the requester as a forbidden job, and never retried. */
  async function refuse(
    jobId: string,
    data: JobData,
    attempt: Attempt,
    refused: JobRefusal,
    log: Logger,
  ): Promise<Error> {
    log.warn({ reason: refused.reason, tool: data.request.tool }, 'the worker refused a job: nothing ran');
    await audit(log, refusalRecordOf(data, { jobId, cluster: options.cluster, reason: refused.reason }));
    const error = new ForbiddenError(`the worker refused this job: ${refused.reason}`, refused.hints);
    return endForGood(jobId, data, attempt, error, log);
  }

  async function audit(log: Logger, entry: Parameters<AuditTrail['record']>[0]): Promise<void> {
    try {
      await options.audit?.record(entry);
    } catch (error) {
      // The trail promises not to throw; if it does, the refusal still stands and is in this log.
      log.error({ err: error, audit: entry }, 'could not write the audit record');
    }
  }

  /** A job that cannot succeed by running again: said to its requester, logged by fate, failed in BullMQ. */
  async function endForGood(
    jobId: string,
    data: JobData,
    attempt: Attempt,
    error: unknown,
    log: Logger,
  ): Promise<Error> {
    const message = userMessageFor(error, jobId);
    logFailure(log, error);
    await report(() => reporter.result(data, failed(jobId, data, attempt, message)), log);
    return failForGood(message, error);
  }

  /** Files move out of the result into the artifact store: the result keeps references only. */
  async function keepArtifacts(
    scope: string,
    runs: RanJob['runs'],
    log: Logger,
  ): Promise<JobOutcome['runs']> {
    const store = createArtifactStore(await redisOf(worker as Worker), {
      prefix,
      ...(options.artifactTtlMs === undefined ? {} : { ttlMs: options.artifactTtlMs }),
      ...(options.maxArtifactBytesPerJob === undefined
        ? {}
        : { maxBytesPerJob: options.maxArtifactBytesPerJob }),
    });
    const kept: JobOutcome['runs'][number][] = [];
    for (const { side, result } of runs) {
      const artifacts = await store.keep(scope, result.artifacts);
      for (const ref of artifacts.filter((each) => each.omitted)) {
        log.warn({ artifact: ref.name, size: ref.size }, `artifact not kept: ${ref.omitted}`);
      }
      kept.push({ side, result: { ...result, artifacts } });
    }
    return kept;
  }

  /**
   * BullMQ fails a job whose worker stopped under it more than maxStalledCount times without calling
   * the processor: its requester hears it here, from the worker that found it.
   */
  function reportStalledTooOften(job: Job<JobData, StoredOutcome> | undefined, error: Error): void {
    if (!job || error.message !== stalledTooOftenReason) return;
    const log = logger.child({ jobId: String(job.id) });
    log.error({ attemptsMade: job.attemptsMade }, 'job failed: its worker stopped under it too many times');
    const parsed = jobDataSchema.safeParse(job.data);
    if (!parsed.success) return;
    void report(() => reporter.result(parsed.data, decodeFailedJob(job)), log);
  }

  async function cancelRequested(jobId: string): Promise<boolean> {
    const client = await redisOf(worker as Worker);
    return (await client.exists(cancelFlagKeyFor(prefix, name, jobId))) === 1;
  }

  return {
    async start() {
      if (!options.connection) await checkRedisReachable(redisUrl);
      else if (isOptions(connection)) await checkRedisReachable(connection);
      await subscriber.connect();
      await subscriber.subscribe(cancelChannelFor(prefix, name));
      worker = createBullWorker();
      void worker
        .run()
        .catch((error: unknown) => logger.error({ err: error }, 'worker stopped with an error'));
      await worker.waitUntilReady();
      logger.info({ queue: `${prefix}:${name}`, concurrency: options.concurrency }, 'worker taking jobs');
    },

    async stop(graceMs = defaultWorkerGraceMs) {
      const running = worker;
      if (!running) {
        subscriber.disconnect();
        bull.close();
        return;
      }
      const closing = running.close();
      const timer = setTimeout(() => {
        logger.warn({ graceMs }, 'jobs still running after the grace period: cutting them short');
        running.cancelAllJobs(workerStoppingReason);
      }, graceMs);
      try {
        await closing;
      } finally {
        clearTimeout(timer);
        subscriber.disconnect();
        bull.close();
      }
    },
  };
}

interface Attempt {
  /** job.processedOn of the first attempt: durations count from here. */
  readonly firstStartedAt: number;
  readonly restarted: boolean;
}

function hasAttemptsLeft(job: Job): boolean {
  return job.attemptsMade + 1 < (job.opts.attempts ?? 1);
}

function failed(jobId: string, data: JobData, attempt: Attempt, error: string): JobOutcome {
  return {
    jobId,
    status: 'failed',
    runs: [],
    error,
    where: data?.request ? describeWhere(data.request) : 'unknown',
    durationMs: Date.now() - attempt.firstStartedAt,
    ...(attempt.restarted ? { restarted: true } : {}),
  };
}

/** BullMQ types its client as a narrow interface; at runtime it is the ioredis client we configured. */
async function redisOf(worker: Worker): Promise<RedisClient> {
  return (await worker.client) as unknown as RedisClient;
}

/** Its own connection for the cancel channel: a subscribed connection can do nothing else. */
function subscriberFor(given: ConnectionOptions | undefined, redisUrl: string): RedisClient {
  if (!given) return createRedisClient(redisUrl, { waitsForever: true, lazyConnect: true });
  if (isOptions(given)) {
    return createRedisClient({ kind: 'server', options: given }, { waitsForever: true, lazyConnect: true });
  }
  return isClusterConnection(given)
    ? (given as Cluster).duplicate([], { lazyConnect: true })
    : (given as Redis).duplicate({ lazyConnect: true });
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
