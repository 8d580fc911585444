/**
 * SPEC 8: no-op jobs from the bot to the worker and back, against raw BullMQ for the same count, in
 * one run. `npm run bench:pipeline [-- COUNT]` (needs Redis: BENCH_REDIS_URL, TEST_REDIS_URL or
 * redis://127.0.0.1:6390).
 *
 * - netshoot-bot: enqueue (zod-checked JobData, dedupe id), the worker (plan, local executor running
 *   argv `true` in its own process group, reporter calls), and waitForOutcome for every job.
 * - raw BullMQ: queue.add, a Worker whose processor runs the same `true`, and QueueEvents 'completed'.
 *   The same process spawn on both sides, so the ratio measures the pipeline, not fork+exec.
 * - raw BullMQ with an empty processor is printed too, for reference: the floor of Redis round trips.
 *
 * Bar: netshoot-bot throughput >= 0.7x raw BullMQ (the first ratio).
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { Queue, QueueEvents, Worker } from 'bullmq';
import { pino } from 'pino';
import { z } from 'zod';
import { defineCommand } from '../src/catalogue/define-command.js';
import { createLocalExecutor } from '../src/executors/local/local-executor.js';
import { createJobQueue } from '../src/queue/job-queue.js';
import { redisOptionsFromUrl } from '../src/queue/redis-options.js';
import { createWorker } from '../src/worker/create-worker.js';

const count = Number(process.argv[2] ?? 1000);
const concurrency = 8;
const redisUrl = process.env.BENCH_REDIS_URL ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6390';
const runTrue = promisify(execFile);

const noop = defineCommand({
  name: 'noop',
  summary: 'runs `true`',
  usage: 'noop <target>',
  examples: ['noop host'],
  targets: 1,
  privilege: 'read',
  timeout: { default: '10s', max: '10s' },
  syntax: { flags: {}, positionals: [] },
  args: z.strictObject({}),
  argv: () => ['true'],
});

async function benchPipeline(): Promise<number> {
  const cluster = `bench-${randomUUID().slice(0, 8)}`;
  const queue = createJobQueue({ redisUrl, cluster });
  const executor = createLocalExecutor();
  const worker = createWorker({
    redisUrl,
    cluster,
    concurrency,
    executors: [executor],
    reporter: { progress: async () => undefined, result: async () => undefined },
    logger: pino({ level: 'silent' }),
    commands: [noop],
  });
  await worker.start();
  const request = {
    tool: 'noop',
    targets: [{ kind: 'host' as const, name: '' }],
    args: {},
    namespace: 'default',
    cluster,
    options: { timeoutMs: 10_000, raw: false, file: false, pcap: false },
    text: 'noop host',
  };
  const started = performance.now();
  const ids = await Promise.all(
    Array.from({ length: count }, () =>
      queue
        .enqueue({ request, origin: { via: 'cli', user: 'bench' }, dedupeKey: randomUUID() })
        .then((queued) => queued.jobId),
    ),
  );
  const outcomes = await Promise.all(ids.map((id) => queue.waitForOutcome(id, 300_000)));
  const elapsed = performance.now() - started;
  const failed = outcomes.filter((outcome) => outcome.status !== 'completed').length;
  if (failed > 0) throw new Error(`${failed} netshoot-bot jobs did not complete`);
  await worker.stop();
  await queue.obliterate();
  await queue.close();
  await executor.close();
  return elapsed;
}

async function benchRaw(processor: () => Promise<unknown>): Promise<number> {
  const name = `bench-raw-${randomUUID().slice(0, 8)}`;
  const connection = redisOptionsFromUrl(redisUrl);
  const queue = new Queue(name, { connection, prefix: 'netshoot' });
  const events = new QueueEvents(name, { connection, prefix: 'netshoot' });
  const worker = new Worker(name, processor, { connection, prefix: 'netshoot', concurrency });
  await Promise.all([events.waitUntilReady(), worker.waitUntilReady()]);
  let completed = 0;
  const allDone = new Promise<void>((resolve) => {
    events.on('completed', () => {
      completed += 1;
      if (completed === count) resolve();
    });
  });
  const started = performance.now();
  await Promise.all(Array.from({ length: count }, (_, index) => queue.add('noop', { index })));
  await allDone;
  const elapsed = performance.now() - started;
  await worker.close();
  await events.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return elapsed;
}

const perSecond = (ms: number) => (count / ms) * 1000;
const rawWithTrue = await benchRaw(() => runTrue('true'));
const pipeline = await benchPipeline();
const rawEmpty = await benchRaw(async () => ({ ok: true }));

console.log(`no-op jobs: ${count}, worker concurrency ${concurrency}, Redis ${new URL(redisUrl).host}`);
console.log(
  `raw BullMQ add -> process (execFile true) -> completed: ${rawWithTrue.toFixed(0)} ms, ${perSecond(rawWithTrue).toFixed(0)} jobs/s`,
);
console.log(
  `netshoot-bot enqueue -> worker (local executor, true) -> outcome: ${pipeline.toFixed(0)} ms, ${perSecond(pipeline).toFixed(0)} jobs/s`,
);
console.log(
  `raw BullMQ with an empty processor (reference): ${rawEmpty.toFixed(0)} ms, ${perSecond(rawEmpty).toFixed(0)} jobs/s`,
);
const ratio = rawWithTrue / pipeline;
console.log(
  `ratio netshoot-bot / raw BullMQ: ${ratio.toFixed(2)}x (SPEC 8 bar >= 0.7x): ${ratio >= 0.7 ? 'PASS' : 'FAIL'}`,
);
console.log(`ratio netshoot-bot / raw BullMQ with empty processor: ${(rawEmpty / pipeline).toFixed(2)}x`);
process.exitCode = ratio >= 0.7 ? 0 : 1;
