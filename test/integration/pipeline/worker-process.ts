/**
 * A worker in its own process, for the crash test: `node --import tsx worker-process.ts REDIS_URL CLUSTER`.
 * Prints "ready" once it takes jobs. The test kills it with SIGKILL mid-job.
 */
import { pino } from 'pino';
import { createLocalExecutor } from '../../../src/executors/local/local-executor.js';
import { createWorker } from '../../../src/worker/create-worker.js';
import { noopCommand, sleepCommand } from './test-commands.js';

const [redisUrl, cluster] = process.argv.slice(2);
if (!redisUrl || !cluster) throw new Error('usage: worker-process.ts REDIS_URL CLUSTER');
const worker = createWorker({
  redisUrl,
  cluster,
  concurrency: 1,
  executors: [createLocalExecutor()],
  reporter: { progress: async () => undefined, result: async () => undefined },
  logger: pino({ level: 'silent' }),
  commands: [sleepCommand, noopCommand],
  lockDurationMs: 1500,
});
await worker.start();
process.stdout.write('ready\n');
