import { deadlineGraceMs } from '../worker/create-worker.js';
import { executorCloseBoundMs } from './close-executors.js';

/**
 * How long a worker's stop may take after NETSHOOT_WORKER_GRACE runs out (docs/operations.md,
 * "Rolling upgrades"): its tools stopping and printing their summary (the worker's hard stop, deadlineGraceMs),
 * the cut-short jobs reported (15 s allowed: Slack's answers, a chart), then its toolboxes removed
 * (executorCloseBoundMs). deploy/base/worker.yaml and docker-compose.yml give the process the grace
 * plus this before SIGKILL; test/unit/main/stop-budget.test.ts keeps them so.
 */
export const workerStopAfterGraceMs = deadlineGraceMs + 15_000 + executorCloseBoundMs;

/** The bot's stop: acked commands reaching the queue (create-slack-app.ts waits this long at most). */
export const botDrainMs = 10_000;
