import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import type { CommandDefinition } from '../../../src/catalogue/define-command.js';
import type { Executor } from '../../../src/executors/executor.js';
import {
  createLocalExecutor,
  type LocalExecutorOptions,
} from '../../../src/executors/local/local-executor.js';
import { parseRequest } from '../../../src/grammar/parse-request.js';
import { createJobQueue, type JobQueue } from '../../../src/queue/job-queue.js';
import type { JobData } from '../../../src/queue/job.js';
import { createWorker, type JobWorker, type WorkerOptions } from '../../../src/worker/create-worker.js';
import type { Reporter } from '../../../src/worker/reporter.js';
import type { JobOutcome, ProgressEvent } from '../../../src/results/job-outcome.js';
import { testRedisUrl } from '../../harness/infrastructure.js';
import { operatorAuthorization } from './signed-jobs.js';

/** What a reporter heard, per job id, in order. */
export interface Heard {
  readonly progress: ProgressEvent[];
  readonly results: { job: JobData; outcome: JobOutcome }[];
}

export function createRecordingReporter(): Reporter & { heard: Heard } {
  const heard: Heard = { progress: [], results: [] };
  return {
    heard,
    async progress(_job, event) {
      heard.progress.push(event);
    },
    async result(job, outcome) {
      heard.results.push({ job, outcome });
    },
  };
}

export interface Pipeline {
  readonly cluster: string;
  readonly queue: JobQueue;
  readonly reporter: ReturnType<typeof createRecordingReporter>;
  readonly executor: Executor;
  readonly commands: readonly CommandDefinition[];
  startWorker(overrides?: Partial<WorkerOptions>): Promise<JobWorker>;
  /** Parses `line` with the real grammar and queues it as a CLI job, signed when the pipeline has a secret. */
  submit(line: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * A fresh queue (its own cluster name) on the test Redis, obliterated by `close`. With a `jobSecret`
 * (testJobSecret, for privileged tools) the queue signs what `submit` queues and the workers check it.
 */
export function createPipeline(
  commands: readonly CommandDefinition[],
  redisUrl = testRedisUrl,
  queueOptions: { attempts?: number; jobSecret?: string } = {},
  executorOptions: LocalExecutorOptions = {},
): Pipeline {
  const cluster = `t-${randomUUID().slice(0, 8)}`;
  const queue = createJobQueue({ redisUrl, cluster, ...queueOptions });
  const reporter = createRecordingReporter();
  const executor = createLocalExecutor(executorOptions);
  const workers: JobWorker[] = [];
  return {
    cluster,
    queue,
    reporter,
    executor,
    commands,
    async startWorker(overrides = {}) {
      const worker = createWorker({
        redisUrl,
        cluster,
        concurrency: 4,
        executors: [executor],
        reporter,
        logger: pino({ level: 'silent' }),
        commands,
        ...(queueOptions.jobSecret !== undefined ? { jobSecret: queueOptions.jobSecret } : {}),
        ...overrides,
      });
      workers.push(worker);
      await worker.start();
      return worker;
    },
    async submit(line) {
      const request = { ...parseRequest(line, commands), cluster };
      const { jobId } = await queue.enqueue({
        request,
        origin: { via: 'cli', user: 'test' },
        dedupeKey: randomUUID(),
        ...(queueOptions.jobSecret !== undefined ? { authorization: operatorAuthorization('run') } : {}),
      });
      return jobId;
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.stop(1000)));
      await queue.obliterate();
      await queue.close();
      await executor.close();
    },
  };
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
