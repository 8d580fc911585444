/**
 * SPEC 8, slash command to result posted, in one run: `npm run build && npm run bench:e2e [-- COMMANDS]`
 * (COMMANDS per user per worker count, default 10). Needs root (each worker gets a UTS namespace of
 * its own), dockerd with the toolbox image (NETSHOOT_IMAGE or the project's tag) and Redis
 * (BENCH_REDIS_URL, TEST_REDIS_URL or redis://127.0.0.1:6390). BENCH_CPU_PROF=DIR writes a
 * `node --cpu-prof` profile of every bot and worker process there.
 *
 * - Slack: this process is the fake Slack Web API (test/harness/slack/fake-slack.ts) and 20 simulated
 *   users, each in a channel of their own, each typing one signed `/netshoot ping container/T PEER -c 1`
 *   and waiting for its result before the next. Commands alternate between two bot replicas.
 * - Two bot replicas and 1, 2, then 4 workers: real processes of the built CLI (`node
 *   bin/netshoot-bot.js bot|worker`), on Redis under a bench-only cluster name, the workers on the
 *   Docker executor with WORKER_CONCURRENCY's default. Each worker count gets fresh workers, warmed
 *   until each holds a toolbox session on every one of the 10 targets.
 * - The figure: result posted (the fake Slack's clock at the first call showing the result) minus
 *   command sent, minus the tool's own run time (the RunResult's durationMs in the job's outcome).
 *
 * Bars (SPEC 8): p99 of that <= 300 ms with 2 workers; jobs/s with 4 workers >= 3x with 1; a worker
 * with 10 warm sessions < 200 MiB peak RSS.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { JobData } from '../src/queue/job.js';
import type { StoredOutcome } from '../src/queue/outcome-codec.js';
import { redisOptionsFromUrl } from '../src/queue/redis-options.js';
import { toolboxImage } from '../test/integration/docker/docker-rig.js';
import { freePort } from '../test/harness/free-port.js';
import { FakeSlack } from '../test/harness/slack/fake-slack.js';
import { sendSlashCommand } from '../test/harness/slack/signed-requests.js';
import { startCliProcess, utsNamespace, type CliProcess } from './e2e/cli-process.js';
import { createDockerTargets } from './e2e/docker-targets.js';
import { createSlackResults } from './e2e/slack-results.js';
import { ratesByKey, summarise } from './e2e/statistics.js';

const commandsPerUser = Number(process.argv[2] ?? 10);
const users = 20;
const targetCount = 10;
const workerCounts = [1, 2, 4] as const;
const bars = { p99OverheadMs: 300, throughputGrowth: 3, workerRssBytes: 200 * 1024 * 1024 };
const redisUrl = process.env.BENCH_REDIS_URL ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6390';
const image = toolboxImage;
const profileDir = process.env.BENCH_CPU_PROF;
// Slack's Tier 3 update budget (about 0.8 verdicts a second for the workspace, docs/benchmarks.md)
// queues 20 users' verdicts behind each other: a user may wait minutes for an answer under it.
const answerTimeoutMs = 300_000;

if (!existsSync(fileURLToPath(new URL('../dist/cli/cli.js', import.meta.url)))) {
  throw new Error('the built CLI is missing: run `npm run build` first (the bench runs bin/netshoot-bot.js)');
}

const suffix = randomBytes(3).toString('hex');
/** In every user and channel ID, so the bench's keys in Redis are found and removed, and nobody else's. */
const tag = `E2E${suffix.toUpperCase()}`;
const cluster = `bench-e2e-${suffix}`;
const channels = Array.from({ length: users }, (_, user) => `C0${tag}${String(user).padStart(2, '0')}`);
const userIds = channels.map((channel) => `U${channel.slice(1)}`);
const signingSecret = randomBytes(16).toString('hex');
const jobSecret = randomBytes(32).toString('hex');

interface Sample {
  readonly dedupeKey: string;
  readonly sentAt: number;
  readonly resultAt: number;
  readonly finalAt: number;
}

interface PhaseFigures {
  readonly workers: number;
  readonly commands: number;
  readonly overhead: { p50: number; p99: number };
  readonly toolMs: { p50: number; p99: number };
  readonly finalOverheadP99: number;
  readonly jobsPerSecond: number;
  readonly callsPerCommand: Map<string, number>;
  readonly botPeakRss: number;
  readonly workerPeakRss: number;
  readonly sessionsPerWorker: readonly number[];
  readonly warmupRounds: number;
  /** CPU per measured command: both bot replicas, all workers, this process (fake Slack and users). */
  readonly cpuPerCommand: { readonly bots: number; readonly workers: number; readonly bench: number };
  readonly load: string;
}

const loadNow = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

const fake = await FakeSlack.start({ channels });
const results = createSlackResults(fake);
const redis = new Redis(redisOptionsFromUrl(redisUrl));
const auditStart = (await redis.xrevrange('netshoot:audit', '+', '-', 'COUNT', 1))[0]?.[0] ?? '0-0';
const policyDir = mkdtempSync(join(tmpdir(), 'nsb-e2e-'));
const policyPath = join(policyDir, 'policy.yaml');
// The built-in policy with limits no simulated user reaches: the bench measures the doors' cost, not refusals.
writeFileSync(
  policyPath,
  [
    'version: 1',
    'limits:',
    '  perUser: { commandsPerMinute: 10000, runningJobs: 1000 }',
    '  perChannel: { commandsPerMinute: 10000, runningJobs: 1000 }',
    'rules:',
    '  - name: bench-read-tools',
    '    effect: allow',
    '    who: { everyone: true }',
    '    tools: [read]',
    '',
  ].join('\n'),
);
const rig = await createDockerTargets(targetCount);
const env = (extra: Record<string, string>): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  ...(process.env.DOCKER_HOST ? { DOCKER_HOST: process.env.DOCKER_HOST } : {}),
  REDIS_URL: redisUrl,
  NETSHOOT_CLUSTER: cluster,
  NETSHOOT_JOB_SECRET: jobSecret,
  SLACK_BOT_TOKEN: fake.botToken,
  SLACK_API_URL: fake.apiUrl,
  LOG_LEVEL: 'info',
  ...extra,
});
const bots: { process: CliProcess; url: string }[] = [];
const allWorkerIds: string[] = [];
const figures: PhaseFigures[] = [];

/** One command of one user: sent to a bot replica, answered in the user's channel. */
async function command(user: number, round: number): Promise<Sample> {
  const bot = bots[(user + round) % bots.length]!;
  const target = rig.targets[(user + round) % rig.targets.length]!;
  const triggerId = `${Date.now()}.${tag}.${user}.${round}`;
  const channel = channels[user]!;
  const sentAt = Date.now();
  const acked = await sendSlashCommand(
    bot.url,
    {
      text: `ping container/${target} ${rig.peerAddress} -c 1`,
      userId: userIds[user]!,
      channelId: channel,
      triggerId,
    },
    { signingSecret },
  );
  if (acked.status !== 200) throw new Error(`${bot.process.name} answered ${acked.status}: ${acked.body}`);
  const answer = await results.wait(channel, sentAt, answerTimeoutMs);
  return { dedupeKey: `slack:${triggerId}`, sentAt, resultAt: answer.resultAt, finalAt: answer.finalAt };
}

/** Every user's commands, the users at once. */
async function burst(rounds: number, firstRound: number): Promise<Sample[]> {
  const perUser = await Promise.all(
    Array.from({ length: users }, async (_, user) => {
      const samples: Sample[] = [];
      for (let round = firstRound; round < firstRound + rounds; round += 1)
        samples.push(await command(user, round));
      return samples;
    }),
  );
  return perUser.flat();
}

/** The tool's own run time of each job, by dedupe key, from the outcomes BullMQ kept. */
async function toolTimes(): Promise<Map<string, number>> {
  const queue = new Queue<JobData, StoredOutcome>(cluster, {
    connection: redisOptionsFromUrl(redisUrl),
    prefix: 'netshoot',
  });
  try {
    const jobs = await queue.getJobs(['completed', 'failed'], 0, -1);
    const times = new Map<string, number>();
    for (const job of jobs) {
      const run = job.returnvalue?.runs.at(-1)?.result;
      if (job.returnvalue?.status !== 'completed' || !run) {
        throw new Error(
          `job ${job.id} did not complete: ${job.returnvalue?.error ?? job.failedReason ?? 'no outcome'}`,
        );
      }
      if (run.exitCode !== 0)
        throw new Error(`job ${job.id}: ${run.argv.join(' ')} exited ${run.exitCode}: ${run.stderr}`);
      times.set(job.data.dedupeKey, run.durationMs);
    }
    return times;
  } finally {
    await queue.close();
  }
}

async function phase(workers: number): Promise<PhaseFigures> {
  const ids = Array.from({ length: workers }, (_, index) => `nbt-e2e-${suffix}-${workers}w${index}`);
  allWorkerIds.push(...ids);
  const holders = await Promise.all(ids.map((id) => utsNamespace(id)));
  const started = ids.map((id, index) =>
    startCliProcess({
      name: `worker-${workers}w${index}`,
      subcommand: 'worker',
      utsHolderPid: holders[index]!.pid,
      env: env({ NETSHOOT_EXECUTOR: 'docker', NETSHOOT_IMAGE: image, NETSHOOT_WORKER_METRICS_PORT: '0' }),
      ...(profileDir ? { cpuProfileDir: profileDir } : {}),
    }),
  );
  try {
    await Promise.all(started.map((worker) => worker.logged('worker taking jobs', 60_000)));
    // Warm: rounds of one command per user until every worker holds a session on every target.
    let round = 0;
    for (; ; round += 1) {
      const sessions = await rig.toolboxesByWorker(ids);
      if ([...sessions.values()].every((count) => count >= targetCount)) break;
      if (round >= 40)
        throw new Error(
          `after ${round} warm-up rounds, sessions per worker: ${[...sessions.values()].join(', ')}`,
        );
      await burst(1, round);
    }
    const callsFrom = fake.calls.length;
    const loadBefore = loadNow();
    const cpuOf = (processes: readonly CliProcess[]) =>
      processes.reduce((sum, each) => sum + each.cpuMs(), 0);
    const cpuBefore = {
      bots: cpuOf(bots.map((bot) => bot.process)),
      workers: cpuOf(started),
      bench: process.cpuUsage(),
    };
    const samples = await burst(commandsPerUser, round + 1);
    const cpu = {
      bots: (cpuOf(bots.map((bot) => bot.process)) - cpuBefore.bots) / samples.length,
      workers: (cpuOf(started) - cpuBefore.workers) / samples.length,
      bench: (() => {
        const used = process.cpuUsage(cpuBefore.bench);
        return (used.user + used.system) / 1000 / samples.length;
      })(),
    };
    const loadAfter = loadNow();
    // Every call of the phase: the fake Slack serves nobody else, and the upload's first step names no channel.
    const calls = results.callsSince(callsFrom);
    const times = await toolTimes();
    const overheads = samples.map((sample) => {
      const toolMs = times.get(sample.dedupeKey);
      if (toolMs === undefined) throw new Error(`no outcome in Redis for ${sample.dedupeKey}`);
      return {
        toolMs,
        result: sample.resultAt - sample.sentAt - toolMs,
        final: sample.finalAt - sample.sentAt - toolMs,
      };
    });
    const firstSent = Math.min(...samples.map((sample) => sample.sentAt));
    const lastResult = Math.max(...samples.map((sample) => sample.resultAt));
    const sessions = await rig.toolboxesByWorker(ids);
    return {
      workers,
      commands: samples.length,
      overhead: summarise(overheads.map((sample) => sample.result)),
      toolMs: summarise(overheads.map((sample) => sample.toolMs)),
      finalOverheadP99: summarise(overheads.map((sample) => sample.final)).p99,
      jobsPerSecond: (samples.length / (lastResult - firstSent)) * 1000,
      callsPerCommand: ratesByKey(
        calls.map((call) => call.method),
        samples.length,
      ),
      botPeakRss: Math.max(...bots.map((bot) => bot.process.peakRss())),
      workerPeakRss: Math.max(...started.map((worker) => worker.peakRss())),
      sessionsPerWorker: ids.map((id) => sessions.get(id) ?? 0),
      warmupRounds: round,
      cpuPerCommand: cpu,
      load: `${loadBefore} -> ${loadAfter}`,
    };
  } finally {
    await Promise.all(started.map((worker) => worker.stop()));
    await Promise.all(holders.map((holder) => holder.close()));
    await rig.removeToolboxes(ids);
    // Each count starts from an empty queue: the next phase's outcomes are its own.
    await obliterateQueue();
  }
}

/** The bench cluster's queue and every job in it (the bots keep their own handles on it). */
async function obliterateQueue(): Promise<void> {
  const queue = new Queue(cluster, { connection: redisOptionsFromUrl(redisUrl), prefix: 'netshoot' });
  try {
    await queue.obliterate({ force: true });
  } finally {
    await queue.close();
  }
}

/** Everything the bench put in Redis: its cluster's keys, its users' and channels' limits, its audit records. */
async function cleanRedis(): Promise<void> {
  await obliterateQueue();
  for (const pattern of [`netshoot:${cluster}:*`, `netshoot:limits:*${tag}*`]) {
    const keys: string[] = [];
    for await (const batch of redis.scanStream({ match: pattern, count: 1000 }) as AsyncIterable<string[]>)
      keys.push(...batch);
    if (keys.length > 0) await redis.del(...keys);
  }
  await redis.zrem('netshoot:clusters', cluster);
  const entries = await redis.xrange('netshoot:audit', `(${auditStart}`, '+');
  const ours = entries.filter(([, fields]) =>
    fields.some((field) => field.includes(tag) || field.includes(cluster)),
  );
  if (ours.length > 0) await redis.xdel('netshoot:audit', ...ours.map(([id]) => id));
}

try {
  for (const replica of [0, 1]) {
    const port = await freePort();
    const botProcess = startCliProcess({
      name: `bot-${replica}`,
      subcommand: 'bot',
      env: env({ PORT: String(port), SLACK_SIGNING_SECRET: signingSecret, NETSHOOT_POLICY: policyPath }),
      ...(profileDir ? { cpuProfileDir: profileDir } : {}),
    });
    bots.push({ process: botProcess, url: `http://127.0.0.1:${port}/slack/events` });
  }
  await Promise.all(bots.map((bot) => bot.process.logged('Slack app ready', 60_000)));
  for (const workers of workerCounts) {
    figures.push(await phase(workers));
    console.error(`done: ${workers} worker(s)`);
  }
} finally {
  await Promise.all(bots.map((bot) => bot.process.stop()));
  await rig.removeToolboxes(allWorkerIds);
  await rig.remove();
  await cleanRedis();
  redis.disconnect();
  await fake.close();
  rmSync(policyDir, { recursive: true, force: true });
}

const ms = (value: number) => `${value.toFixed(0)} ms`;
console.log(
  `end to end: ${users} users at once, ${commandsPerUser} commands each per worker count, two bot replicas, ping -c 1 on ${targetCount} warm Docker targets, image ${image}`,
);
for (const figure of figures) {
  const calls = [...figure.callsPerCommand]
    .map(([method, rate]) => `${method} ${rate.toFixed(2)}`)
    .join(', ');
  const total = [...figure.callsPerCommand.values()].reduce((sum, rate) => sum + rate, 0);
  console.log(
    `${figure.workers} worker(s), ${figure.commands} commands after ${figure.warmupRounds} warm-up rounds, load average ${figure.load}`,
  );
  console.log(
    `  overhead (result posted - sent - tool): p50 ${ms(figure.overhead.p50)}  p99 ${ms(figure.overhead.p99)}  (to the final update: p99 ${ms(figure.finalOverheadP99)})`,
  );
  console.log(`  tool's own run time: p50 ${ms(figure.toolMs.p50)}  p99 ${ms(figure.toolMs.p99)}`);
  console.log(`  throughput: ${figure.jobsPerSecond.toFixed(1)} jobs/s`);
  const cpu = figure.cpuPerCommand;
  console.log(
    `  CPU per command: bots ${ms(cpu.bots)}, workers ${ms(cpu.workers)} (this process, the fake Slack and the users: ${ms(cpu.bench)})`,
  );
  console.log(`  Slack calls per command: ${total.toFixed(2)} (${calls})`);
  console.log(
    `  peak RSS: bot ${mib(figure.botPeakRss)}, worker ${mib(figure.workerPeakRss)} (sessions held per worker: ${figure.sessionsPerWorker.join(', ')})`,
  );
}
const byCount = (workers: number) => figures.find((figure) => figure.workers === workers)!;
const [one, two, four] = [byCount(1), byCount(2), byCount(4)];
const verdict = (met: boolean) => (met ? 'met' : 'NOT met');
console.log('against SPEC 8:');
console.log(
  `  p99 overhead with 2 workers: ${ms(two.overhead.p99)} = ${(two.overhead.p99 / bars.p99OverheadMs).toFixed(2)}x the 300 ms bar (<= 1): ${verdict(two.overhead.p99 <= bars.p99OverheadMs)}`,
);
const growth = four.jobsPerSecond / one.jobsPerSecond;
console.log(
  `  jobs/s 4 workers / 1 worker: ${growth.toFixed(2)}x (bar >= 3x): ${verdict(growth >= bars.throughputGrowth)}`,
);
const worstWorker = Math.max(...figures.map((figure) => figure.workerPeakRss));
console.log(
  `  worker peak RSS with ${targetCount} warm sessions: ${mib(worstWorker)} = ${(worstWorker / bars.workerRssBytes).toFixed(2)}x the 200 MiB bar (< 1): ${verdict(worstWorker < bars.workerRssBytes)}`,
);
console.log('growth from 1 to 4 workers (4 workers / 1 worker):');
console.log(
  `  p50 overhead ${(four.overhead.p50 / one.overhead.p50).toFixed(2)}x, p99 overhead ${(four.overhead.p99 / one.overhead.p99).toFixed(2)}x`,
);
console.log(
  `  jobs/s ${growth.toFixed(2)}x (2 workers: ${(two.jobsPerSecond / one.jobsPerSecond).toFixed(2)}x)`,
);
console.log(
  `  bot peak RSS ${(four.botPeakRss / one.botPeakRss).toFixed(2)}x, worker peak RSS ${(four.workerPeakRss / one.workerPeakRss).toFixed(2)}x`,
);
