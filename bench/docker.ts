/**
 * SPEC 8 on Docker, in one run: the first command and a warm follow-up on a container target, each
 * against the seed's way, `docker run --rm --net container:X <image> dig ...`.
 * `npm run bench:docker [-- ROUNDS]` (needs dockerd and the toolbox image: NETSHOOT_IMAGE or the
 * project's tag).
 *
 * - seed: the docker CLI starts a fresh toolbox in the target's namespace, runs dig, removes it.
 * - first: a new Docker executor opens a session on the target (resolve, create, start the toolbox)
 *   and runs the same dig through docker exec.
 * - warm: the same executor runs it again: the session is reused.
 * - the same two through the whole pipeline, as `/netshoot dig container/X NAME` runs: the grammar,
 *   a BullMQ job on Redis (BENCH_REDIS_URL, TEST_REDIS_URL or redis://127.0.0.1:6390), the worker with
 *   the Docker executor, and the outcome back.
 * Medians of ROUNDS (default 5). Bars (SPEC 8): first <= 1.0x seed, warm <= 0.35x seed.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import { pino } from 'pino';
import digCommand from '../commands/dig.js';
import { createDockerExecutor } from '../src/executors/docker/docker-executor.js';
import { parseRequest } from '../src/grammar/parse-request.js';
import { createJobQueue } from '../src/queue/job-queue.js';
import { createWorker } from '../src/worker/create-worker.js';

const rounds = Number(process.argv[2] ?? 5);
const version = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
const image = process.env.NETSHOOT_IMAGE ?? `netshoot-bot/netshoot:${version}`;
const run = promisify(execFile);
const docker = new Docker();

const suffix = randomBytes(3).toString('hex');
const labels = { 'netshoot-bot.test': 'bench-docker' };
const network = await docker.createNetwork({ Name: `nbt-bench-${suffix}`, Labels: labels });
const start = async (name: string) => {
  const container = await docker.createContainer({
    name,
    Image: image,
    Entrypoint: ['sleep'],
    Cmd: ['600'],
    Labels: labels,
    HostConfig: { NetworkMode: `nbt-bench-${suffix}` },
  });
  await container.start();
  return container;
};
const target = await start(`nbt-bench-target-${suffix}`);
const peer = await start(`nbt-bench-peer-${suffix}`);
const dig = ['dig', '+short', peer.id.slice(0, 12)];
const timeoutMs = 15_000;

const redisUrl = process.env.BENCH_REDIS_URL ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6390';
const cluster = `bench-docker-${suffix}`;
const queue = createJobQueue({ redisUrl, cluster });
const silent = { progress: async () => undefined, result: async () => undefined };
/** One job through the queue and a worker; resolves when its outcome is back. */
const throughPipeline = async (line: string): Promise<string> => {
  const request = { ...parseRequest(line, [digCommand]), cluster };
  const { jobId } = await queue.enqueue({
    request,
    origin: { via: 'cli', user: 'bench' },
    dedupeKey: randomBytes(8).toString('hex'),
  });
  const outcome = await queue.waitForOutcome(jobId, 60_000);
  return outcome.runs[0]?.result.stdout ?? '';
};

const seed: number[] = [];
const first: number[] = [];
const warm: number[] = [];
const pipelineFirst: number[] = [];
const pipelineWarm: number[] = [];
try {
  for (let round = 0; round < rounds; round += 1) {
    let began = performance.now();
    const seedRun = await run('docker', ['run', '--rm', '--net', `container:${target.id}`, image, ...dig]);
    seed.push(performance.now() - began);
    if (!seedRun.stdout.trim()) throw new Error('the seed-way dig answered nothing');

    const executor = createDockerExecutor({ image, workerId: `bench-${suffix}`, reapIntervalMs: 0 });
    try {
      began = performance.now();
      const session = await executor.open({ kind: 'container', name: target.id }, { namespace: 'default' });
      const cold = await session.run(dig, { timeoutMs });
      first.push(performance.now() - began);

      began = performance.now();
      const again = await executor.open({ kind: 'container', name: target.id }, { namespace: 'default' });
      const hot = await again.run(dig, { timeoutMs });
      warm.push(performance.now() - began);
      if (cold.stdout !== seedRun.stdout || hot.stdout !== seedRun.stdout) {
        throw new Error(`answers differ: seed ${seedRun.stdout} first ${cold.stdout} warm ${hot.stdout}`);
      }
    } finally {
      await executor.close();
    }

    const pipelineExecutor = createDockerExecutor({ image, workerId: `bench-${suffix}`, reapIntervalMs: 0 });
    const worker = createWorker({
      redisUrl,
      cluster,
      concurrency: 1,
      executors: [pipelineExecutor],
      reporter: silent,
      logger: pino({ level: 'silent' }),
      commands: [digCommand],
    });
    await worker.start();
    try {
      const line = `dig container/${target.id.slice(0, 12)} ${dig.slice(1).join(' ')}`;
      began = performance.now();
      const cold = await throughPipeline(line);
      pipelineFirst.push(performance.now() - began);
      began = performance.now();
      const hot = await throughPipeline(line);
      pipelineWarm.push(performance.now() - began);
      if (cold !== seedRun.stdout || hot !== seedRun.stdout) {
        throw new Error(`pipeline answers differ: seed ${seedRun.stdout} first ${cold} warm ${hot}`);
      }
    } finally {
      await worker.stop(1000);
      await pipelineExecutor.close();
    }
  }
} finally {
  await queue.obliterate().catch(() => undefined);
  await queue.close();
  await Promise.all([target.remove({ force: true }), peer.remove({ force: true })]);
  await network.remove();
}

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ms = (value: number): string => `${value.toFixed(0)} ms`;
const ratio = (value: number): string => `${(value / median(seed)).toFixed(2)}x`;
console.log(`docker bench: dig on a container target, median of ${rounds} rounds, image ${image}`);
console.log(`  seed (docker run --rm --net container:X):  ${ms(median(seed))}`);
console.log(
  `  first command (new session):              ${ms(median(first))}  ratio ${ratio(median(first))}  (bar <= 1.0x)`,
);
console.log(
  `  warm follow-up (session reused):          ${ms(median(warm))}  ratio ${ratio(median(warm))}  (bar <= 0.35x)`,
);
console.log(
  `  through queue and worker, first:          ${ms(median(pipelineFirst))}  ratio ${ratio(median(pipelineFirst))}  (bar <= 1.0x)`,
);
console.log(
  `  through queue and worker, warm:           ${ms(median(pipelineWarm))}  ratio ${ratio(median(pipelineWarm))}  (bar <= 0.35x)`,
);
