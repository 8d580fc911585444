import { Queue, QueueEvents, type ConnectionOptions, type Job, type JobType } from 'bullmq';
import type { Logger } from 'pino';
import { TransientError } from '../errors.js';
import type { JobOutcome } from '../results/job-outcome.js';
import { createArtifactStore, type ArtifactStore } from './artifact-store.js';
import { signJob } from './job-signature.js';
import { jobDataSchema, type JobData } from './job.js';
import { decodeFailedJob, decodeOutcome, type StoredOutcome } from './outcome-codec.js';
import { cancelChannelFor, cancelFlagKeyFor, defaultQueuePrefix, queueNameFor } from './queue-names.js';
import {
  bullConnectionFor,
  isClusterConnection,
  keyPrefixOf,
  keysMatching,
  slotSafePrefix,
  type BullConnection,
  type RedisClient,
} from './redis-client.js';

export type NewJob = Omit<JobData, 'version' | 'requestedAt'>;

export type JobState = 'waiting' | 'active' | 'delayed' | 'completed' | 'failed' | 'unknown';

export interface JobSnapshot {
  readonly jobId: string;
  readonly state: JobState;
  readonly data: JobData;
  /** Present once the job has ended (completed or failed in BullMQ's terms). */
  readonly outcome?: JobOutcome;
  readonly cancelRequested: boolean;
  /** Milliseconds since the epoch when it was queued. */
  readonly queuedAt: number;
}

export interface JobQueueOptions {
  /** REDIS_URL (one server, Sentinel or Cluster: redis-options.ts); or `connection` for ioredis options. */
  readonly redisUrl?: string;
  readonly connection?: ConnectionOptions;
  /** NETSHOOT_CLUSTER: the queue this producer feeds (SPEC 2). */
  readonly cluster: string;
  readonly prefix?: string;
  /** The BullMQ queue name; the cluster's by default. `run` uses a private one for its in-process worker. */
  readonly queueName?: string;
  /** How long a dedupe key (Slack trigger id, CLI nonce) maps to its job: a retry within it is the same job. */
  readonly dedupeTtlMs?: number;
  /** How long enqueue waits for a connection before it says Redis is unreachable. */
  readonly connectTimeoutMs?: number;
  /** Attempts for transient failures (API 5xx, image pull); user errors and tool exits never retry. */
  readonly attempts?: number;
  /** Where connection errors that the calls report anyway go, at debug; silent by default. */
  readonly logger?: Logger;
  /** NETSHOOT_JOB_SECRET: jobs with an authorization are signed with it (src/policy/job-signature.ts). */
  readonly jobSecret?: string;
}

export interface JobQueue {
  readonly cluster: string;
  /** The BullMQ queue name and prefix, for a worker on the same queue. */
  readonly bullName: string;
  readonly prefix: string;
  /**
   * Queues a job. Its id is BullMQ's counter, short enough for "queued as #42"; the dedupe key maps to
   * it for `dedupeTtlMs`, so the same request (Slack's retry of a slow ack) gets the same id back with
   * `duplicate: true` and never runs twice. Throws TransientError when Redis cannot take it.
   */
  enqueue(job: NewJob): Promise<{ jobId: string; duplicate: boolean }>;
  /**
   * Asks for a job to stop: a waiting job will not run, a running one is killed. False if unknown or
   * ended. `by` (a Slack user ID, `operator:NAME`) is kept in the cancel flag for the audit trail
   * (readCanceledBy).
   */
  cancel(jobId: string, by?: string): Promise<boolean>;
  get(jobId: string): Promise<JobSnapshot | undefined>;
  /** Newest first, for the `jobs` meta command: the user's and the channel's recent jobs. */
  recent(filter: { userId?: string; channelId?: string; limit: number }): Promise<JobSnapshot[]>;
  /** Where the files of this queue's results wait (`run` saves them, then removes them). */
  artifacts(): Promise<ArtifactStore>;
  /** Resolves with the outcome once the job ends; rejects with TransientError after `timeoutMs`. */
  waitForOutcome(jobId: string, timeoutMs: number): Promise<JobOutcome>;
  /** Removes the queue and everything in it: tests, and `run`'s private queue. */
  obliterate(): Promise<void>;
  close(): Promise<void>;
}

const dayMs = 24 * 60 * 60 * 1000;

export function createJobQueue(options: JobQueueOptions): JobQueue {
  const name = options.queueName ?? queueNameFor(options.cluster);
  const producer = connectionFrom(options, { failFast: true });
  // On a Cluster BullMQ's keys must share a slot (redis-client.ts): the prefix carries a hash tag.
  const prefix = slotSafePrefix(options.prefix ?? defaultQueuePrefix, producer.clustered);
  const queue = new Queue<JobData, StoredOutcome>(name, {
    connection: producer.connection,
    prefix,
    defaultJobOptions: {
      attempts: options.attempts ?? 3,
      backoff: { type: 'exponential', delay: 2000 },
      // Results stay a day for `status ID` and `jobs`; the count bounds memory under load.
      removeOnComplete: { age: dayMs / 1000, count: 5000 },
      removeOnFail: { age: (7 * dayMs) / 1000, count: 5000 },
    },
  });
  const logger = options.logger;
  queue.on('error', (error) => {
    // Connection errors surface on the calls that hit them (enqueue says "could not queue");
    // without a listener an EventEmitter 'error' would crash the process.
    logger?.debug({ err: error, queue: name }, 'queue connection error');
  });
  let events: QueueEvents | undefined;
  let eventsConnection: BullConnection | undefined;
  let eventsStarting: Promise<QueueEvents> | undefined;
  /** Per job id, the waiters to wake: with the outcome when the event carries it, without to make them look. */
  const waiters = new Map<string, Set<(outcome?: JobOutcome) => void>>();

  /**
   * Listens from the stream's newest event as it is now, not from whenever the blocking read gets
   * going ('$'): a job that ends in between would otherwise be heard only by the slow poll.
   */
  function queueEvents(): Promise<QueueEvents> {
    eventsStarting ??= (async () => {
      const client = await redisOf(queue);
      const [newest] = await client.xrevrange(`${prefix}:${name}:events`, '+', '-', 'COUNT', 1);
      return startEvents(newest?.[0] ?? '0-0');
    })();
    // A failed start (Redis away) is tried again by the next waiter.
    // dropped: the waiter gets this failure (Redis away) from the returned promise itself.
    eventsStarting.catch(() => {
      eventsStarting = undefined;
    });
    return eventsStarting;
  }

  function startEvents(lastEventId: string): QueueEvents {
    eventsConnection = connectionFrom(options, { failFast: false });
    events = new QueueEvents(name, {
      connection: eventsConnection.connection,
      prefix,
      lastEventId,
    });
    events.on('error', (error) => {
      // QueueEvents reconnects by itself; waiters re-check state on their own timer.
      logger?.debug({ err: error, queue: name }, 'queue events connection error');
    });
    const wake = (jobId: string, outcome?: JobOutcome) => {
      const wakers = waiters.get(jobId);
      if (wakers) for (const waker of [...wakers]) waker(outcome);
    };
    // The completed event carries the return value: no round trip to Redis per finished job.
    events.on('completed', ({ jobId, returnvalue }) =>
      wake(jobId, isStoredOutcome(returnvalue) ? decodeOutcome(returnvalue) : undefined),
    );
    events.on('failed', ({ jobId }) => wake(jobId));
    return events;
  }

  async function snapshot(job: Job<JobData, StoredOutcome>): Promise<JobSnapshot> {
    const [state, cancelRequested] = await Promise.all([job.getState(), isCancelRequested(String(job.id))]);
    const jobId = String(job.id);
    const known: JobState =
      (['waiting', 'active', 'delayed', 'completed', 'failed'] as const).find(
        (candidate) => candidate === state,
      ) ?? (state === 'prioritized' || state === 'waiting-children' ? 'waiting' : 'unknown');
    // The job was read before its state: one that ended in between is read again, with its reason.
    const stale = (known === 'completed' || known === 'failed') && job.finishedOn === undefined;
    const outcome = outcomeOf(known, stale ? ((await queue.getJob(jobId)) ?? job) : job);
    return {
      jobId,
      state: known,
      data: job.data,
      cancelRequested,
      queuedAt: job.timestamp,
      ...(outcome ? { outcome } : {}),
    };
  }

  async function isCancelRequested(jobId: string): Promise<boolean> {
    const client = await redisOf(queue);
    return (await client.exists(cancelFlagKeyFor(prefix, name, jobId))) === 1;
  }

  const api: JobQueue = {
    cluster: options.cluster,
    bullName: name,
    prefix,

    async enqueue(newJob) {
      const parsed = jobDataSchema.parse({ ...newJob, version: 1, requestedAt: new Date().toISOString() });
      const data =
        options.jobSecret !== undefined && parsed.authorization ? signJob(parsed, options.jobSecret) : parsed;
      try {
        // Bounded: BullMQ waits for a connection forever, and a user is waiting for an answer. Only
        // once connected is the job sent, so a late connection never queues a job we said was refused.
        await withTimeout(queue.waitUntilReady(), options.connectTimeoutMs ?? 5000, 'no connection');
        const job = await queue.add(data.request.tool, data, {
          deduplication: { id: newJob.dedupeKey, ttl: options.dedupeTtlMs ?? dayMs },
        });
        const jobId = String(job.id);
        // BullMQ hands back the existing job's id for a known dedupe key; its stored timestamp tells
        // whether this call created the job or found it.
        const client = await redisOf(queue);
        const storedTimestamp = await client.hget(`${prefix}:${name}:${jobId}`, 'timestamp');
        return { jobId, duplicate: storedTimestamp !== null && Number(storedTimestamp) !== job.timestamp };
      } catch (error) {
        throw new TransientError(
          `could not queue the job: Redis for cluster '${options.cluster}' did not take it (${(error as Error).message}); try again in a moment`,
          { cause: error },
        );
      }
    },

    async cancel(jobId, by) {
      const job = await queue.getJob(jobId);
      if (!job) return false;
      const state = await job.getState();
      if (state === 'completed' || state === 'failed') return false;
      const client = await redisOf(queue);
      await client.set(cancelFlagKeyFor(prefix, name, jobId), by ?? unknownCanceler, 'PX', dayMs);
      await client.publish(cancelChannelFor(prefix, name), jobId);
      return true;
    },

    async get(jobId) {
      const job = await queue.getJob(jobId);
      return job ? snapshot(job) : undefined;
    },

    async recent({ userId, channelId, limit }) {
      const types: JobType[] = ['active', 'waiting', 'prioritized', 'delayed', 'completed', 'failed'];
      // Looks at the newest few hundred jobs: enough for "what did I just run" without a scan.
      const jobs = await queue.getJobs(types, 0, 300, false);
      const matching = jobs
        .filter((job): job is Job<JobData, StoredOutcome> => Boolean(job))
        .filter((job) => {
          if (userId === undefined && channelId === undefined) return true;
          const origin = job.data.origin;
          if (origin.via !== 'slack') return false;
          return origin.userId === userId || origin.channelId === channelId;
        })
        .sort((a, b) => b.timestamp - a.timestamp)
        .slice(0, limit);
      return Promise.all(matching.map(snapshot));
    },

    async artifacts() {
      return createArtifactStore(await redisOf(queue), { prefix });
    },

    async waitForOutcome(jobId, timeoutMs) {
      const listening = await queueEvents();
      await listening.waitUntilReady();
      return new Promise<JobOutcome>((resolve, reject) => {
        let settled = false;
        const wakers = waiters.get(jobId) ?? new Set<(outcome?: JobOutcome) => void>();
        waiters.set(jobId, wakers);
        const finish = (result: { outcome?: JobOutcome; error?: Error }) => {
          if (settled) return;
          settled = true;
          clearTimeout(deadline);
          clearInterval(poll);
          wakers.delete(onEvent);
          if (wakers.size === 0) waiters.delete(jobId);
          if (result.outcome) resolve(result.outcome);
          else reject(result.error);
        };
        const check = () => {
          void api.get(jobId).then(
            (found) => {
              if (!found) finish({ error: new TransientError(`job #${jobId} is not in the queue any more`) });
              else if (found.outcome) finish({ outcome: found.outcome });
            },
            (error: unknown) => {
              // Redis away for a moment: the poll tries again, and the deadline still bounds the wait.
              logger?.debug({ err: error, jobId }, 'could not look at the job; polling again');
            },
          );
        };
        const onEvent = (outcome?: JobOutcome) => (outcome ? finish({ outcome }) : check());
        wakers.add(onEvent);
        const deadline = setTimeout(
          () => finish({ error: new TransientError(`job #${jobId} did not finish within ${timeoutMs} ms`) }),
          timeoutMs,
        );
        // Events can be missed across a reconnect; a slow poll makes sure the waiter still wakes.
        const poll = setInterval(check, 5000);
        check();
      });
    },

    async obliterate() {
      await queue.obliterate({ force: true });
      const client = await redisOf(queue);
      // Keys beside the queue's own: cancel flags and the replay guard's claims of signed jobs.
      const leftovers = [
        ...(await keysMatching(client, `${prefix}:${name}:canceled:*`)),
        ...(await keysMatching(client, `${prefix}:${name}:signed:*`)),
      ];
      if (leftovers.length > 0) await client.del(...leftovers);
    },

    async close() {
      await Promise.all([queue.close(), events?.close()]);
      producer.close();
      eventsConnection?.close();
    },
  };
  return api;
}

/** The cancel flag's value when the caller did not say who canceled (and before it said so at all). */
const unknownCanceler = '1';

/**
 * Who canceled a job, as `cancel(jobId, by)` was told: for the worker's audit of a canceled job.
 * Undefined when the job was not canceled, the canceler was not said, or the flag expired (a day).
 */
export async function readCanceledBy(
  redis: RedisClient,
  where: { readonly prefix?: string; readonly queueName: string },
  jobId: string,
): Promise<string | undefined> {
  const value = await redis.get(cancelFlagKeyFor(keyPrefixOf(redis, where.prefix), where.queueName, jobId));
  return value === null || value === unknownCanceler || value === '' ? undefined : value;
}

function connectionFrom(options: JobQueueOptions, { failFast }: { failFast: boolean }): BullConnection {
  const given = options.connection;
  // A connection the caller gave stays the caller's to close.
  if (given) return { connection: given, clustered: isClusterConnection(given), close() {} };
  return bullConnectionFor(options.redisUrl ?? 'redis://127.0.0.1:6379', { failFast });
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}

function isStoredOutcome(value: unknown): value is StoredOutcome {
  return typeof value === 'object' && value !== null && 'status' in value && 'runs' in value;
}

/** A finished job's outcome: its result when completed, its reason in words when failed. */
function outcomeOf(state: JobState, job: Job<JobData, StoredOutcome>): JobOutcome | undefined {
  if (state === 'completed' && job.returnvalue) return decodeOutcome(job.returnvalue);
  if (state === 'failed') return decodeFailedJob(job);
  return undefined;
}

/** BullMQ types its client as a narrow interface; at runtime it is the ioredis client we configured. */
async function redisOf(queue: Queue<JobData, StoredOutcome>): Promise<RedisClient> {
  return (await queue.client) as unknown as RedisClient;
}
