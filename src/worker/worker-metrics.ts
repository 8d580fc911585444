import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { ErrorFate } from '../errors.js';
import type { Executor } from '../executors/executor.js';
import type { Reporter } from './reporter.js';

/**
 * The worker's metric names, in one place: deploy/monitoring (the dashboard, the alerts, the HPA) query
 * them, and test/integration/kubernetes/deploy-manifests.test.ts checks they query nothing else.
 */
export const workerMetricNames = {
  jobs: 'netshoot_worker_jobs_total',
  runSeconds: 'netshoot_worker_job_run_seconds',
  queueWaitSeconds: 'netshoot_worker_job_queue_wait_seconds',
  toolboxes: 'netshoot_worker_toolboxes_total',
  executorErrors: 'netshoot_worker_executor_errors_total',
  queueJobs: 'netshoot_worker_queue_jobs',
  up: 'netshoot_worker_up',
} as const;

/** The BullMQ states the queue-depth gauge reports (Queue.getJobCounts). */
export const queueStates = ['waiting', 'prioritized', 'active', 'delayed', 'failed'] as const;
export type QueueState = (typeof queueStates)[number];

export interface WorkerMetrics {
  /** Jobs by tool and outcome, run time and queue wait: heard from the results the worker reports. */
  readonly reporter: Reporter;
  countToolbox(executor: Executor['name'], event: 'opened' | 'reused'): void;
  countExecutorError(executor: Executor['name'], kind: ErrorFate): void;
}

export interface WorkerMetricsOptions {
  readonly cluster: string;
  /** Read on every scrape: a gauge set when a job moves would drift when another worker moves it. */
  readonly queueCounts: () => Promise<Partial<Record<QueueState, number>>>;
  /** A scrape while Redis is away: the gauge is left out (absent, not a stale number), said here. */
  readonly onCountsError?: (error: unknown) => void;
}

/** Run times from a quick dig to a 10-minute capture; queue waits from instant to a backed-up queue. */
const runBuckets = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];
const waitBuckets = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

export function createWorkerMetrics(registry: Registry, options: WorkerMetricsOptions): WorkerMetrics {
  const { cluster } = options;
  const jobs = new Counter({
    name: workerMetricNames.jobs,
    help: 'Jobs this worker ended, by tool and outcome (completed, failed, canceled, timed-out)',
    labelNames: ['cluster', 'tool', 'outcome'],
    registers: [registry],
  });
  const run = new Histogram({
    name: workerMetricNames.runSeconds,
    help: "Time from a job's first start to its result, by tool",
    labelNames: ['cluster', 'tool'],
    buckets: runBuckets,
    registers: [registry],
  });
  const wait = new Histogram({
    name: workerMetricNames.queueWaitSeconds,
    help: "Time from a job's request to its first start on a worker",
    labelNames: ['cluster'],
    buckets: waitBuckets,
    registers: [registry],
  });
  const toolboxes = new Counter({
    name: workerMetricNames.toolboxes,
    help: 'Toolbox sessions an executor handed this worker: opened anew or reused from its cache',
    labelNames: ['cluster', 'executor', 'event'],
    registers: [registry],
  });
  const executorErrors = new Counter({
    name: workerMetricNames.executorErrors,
    help: 'Errors thrown by an executor, by kind: user, operator (configuration, RBAC), transient, bug',
    labelNames: ['cluster', 'executor', 'kind'],
    registers: [registry],
  });
  new Gauge({
    name: workerMetricNames.up,
    help: 'A worker of this cluster is taking jobs (1): the alerts tell a cluster without workers by its absence',
    labelNames: ['cluster'],
    registers: [registry],
  }).set({ cluster }, 1);
  new Gauge({
    name: workerMetricNames.queueJobs,
    help: "Jobs in this cluster's queue by state, read from Redis on every scrape",
    labelNames: ['cluster', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      try {
        const counts = await options.queueCounts();
        for (const state of queueStates) this.set({ cluster, state }, counts[state] ?? 0);
      } catch (error) {
        options.onCountsError?.(error);
      }
    },
  });

  return {
    reporter: {
      progress: async () => undefined,
      async result(job, outcome) {
        const tool = job.request.tool;
        jobs.inc({ cluster, tool, outcome: outcome.status });
        run.observe({ cluster, tool }, outcome.durationMs / 1000);
        // durationMs counts from the first start (create-worker.ts): what came before it was waiting.
        const requested = Date.parse(job.requestedAt);
        const started = Date.now() - outcome.durationMs;
        if (Number.isFinite(requested) && started >= requested)
          wait.observe({ cluster }, (started - requested) / 1000);
      },
    },
    countToolbox: (executor, event) => toolboxes.inc({ cluster, executor, event }),
    countExecutorError: (executor, kind) => executorErrors.inc({ cluster, executor, kind }),
  };
}
