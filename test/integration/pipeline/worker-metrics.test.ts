import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { commands } from '../../../commands/index.js';
import { parseRequest } from '../../../src/grammar/parse-request.js';
import { Redis } from 'ioredis';
import { createJobQueue, type JobQueue } from '../../../src/queue/job-queue.js';
import { defaultQueuePrefix, queueNameFor } from '../../../src/queue/queue-names.js';
import { workerMetricNames } from '../../../src/worker/worker-metrics.js';
import { describeWith, testRedisUrl } from '../../harness/infrastructure.js';
import { createNetnsRig, type NetnsRig } from '../../harness/rig/netns-rig.js';
import { waitFor } from '../../harness/wait-for.js';
import { freePort } from '../../harness/free-port.js';

/** The sum of a metric's samples whose labels include `labels`, from Prometheus' text format. */
function sampleOf(text: string, name: string, labels: Record<string, string>): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map(([, key, value]) => [key, value]),
    );
    if (Object.entries(labels).every(([key, value]) => have[key] === value)) sum += Number(match[3]);
  }
  return sum;
}

describeWith(['redis', 'netns'], "the worker's /metrics and /healthz", () => {
  let rig: NetnsRig;
  let queue: JobQueue;
  let worker: ChildProcess | undefined;
  const cluster = `t-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    rig = await createNetnsRig();
    queue = createJobQueue({ redisUrl: testRedisUrl, cluster });
  }, 30_000);

  afterAll(async () => {
    if (worker?.exitCode === null && worker.signalCode === null) worker.kill('SIGKILL');
    await queue.obliterate();
    await queue.close();
    await rig?.teardown();
  }, 30_000);

  const submit = async (line: string) =>
    (
      await queue.enqueue({
        request: { ...parseRequest(line, commands), cluster },
        origin: { via: 'cli', user: 'test' },
        dedupeKey: randomUUID(),
      })
    ).jobId;

  it('counts jobs, toolboxes and executor errors, and reads the queue depth from Redis on a scrape', async () => {
    const port = await freePort();
    let logs = '';
    worker = spawn(process.execPath, ['--import', 'tsx', join(process.cwd(), 'src/main/cli.ts'), 'worker'], {
      env: {
        ...process.env,
        REDIS_URL: testRedisUrl,
        NETSHOOT_CLUSTER: cluster,
        NETSHOOT_EXECUTOR: 'local',
        NETSHOOT_WORKER_METRICS_PORT: String(port),
        NETSHOOT_CLUSTER_KNOWN_FOR: '168h',
        WORKER_CONCURRENCY: '1',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    worker.stdout?.on('data', (chunk: Buffer) => void (logs += chunk.toString()));
    worker.stderr?.on('data', (chunk: Buffer) => void (logs += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => worker?.once('exit', (code) => resolve(code)));
    await waitFor(() => logs.includes('worker taking jobs'), {
      what: "the worker logging 'worker taking jobs'",
      timeoutMs: 20_000,
    });
    const base = `http://127.0.0.1:${port}`;
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    const scrape = async () => {
      const response = await fetch(`${base}/metrics`);
      expect(response.status).toBe(200);
      return response.text();
    };

    // One job at a time: while the ping runs, the two digs wait in Redis, and a scrape says so.
    const ping = await submit(`ping netns/${rig.client.name} netns/${rig.server.name} -c 6 -i 0.5`);
    const dig = `dig netns/${rig.client.name} db.test.internal +short`;
    const digs = [await submit(dig), await submit(dig)];
    await waitFor(
      async () => {
        const now = await scrape();
        const state = (name: string) => sampleOf(now, workerMetricNames.queueJobs, { cluster, state: name });
        return state('active') === 1 && state('waiting') === 2;
      },
      { what: 'the queue gauge showing the ping active and the two digs waiting', timeoutMs: 10_000 },
    );
    // KEDA's trigger (deploy/components/keda) reads the same jobs as the lengths of BullMQ's lists.
    const redis = new Redis(testRedisUrl);
    try {
      // And as deploy/components/keda sets it, the worker keeps its cluster known for a week: the bot
      // still queues `--cluster` jobs for it while KEDA has scaled it to zero.
      const expiresAt = Number(await redis.zscore(`${defaultQueuePrefix}:clusters`, cluster));
      expect(expiresAt).toBeGreaterThan(Date.now() + 167 * 3600_000);
      const lists = `${defaultQueuePrefix}:${queueNameFor(cluster)}`;
      expect([await redis.llen(`${lists}:wait`), await redis.llen(`${lists}:active`)]).toEqual([2, 1]);
    } finally {
      redis.disconnect();
    }
    // The digs go into the ping's namespace: its toolbox is reused, never opened again.
    for (const id of [ping, ...digs]) {
      expect((await queue.waitForOutcome(id, 20_000)).status).toBe('completed');
    }
    const missing = await submit(`dig netns/no-such-ns-${randomUUID().slice(0, 6)} db.test.internal`);
    expect((await queue.waitForOutcome(missing, 20_000)).status).toBe('failed');

    // The worker counts a job after it reported the result the queue waited for: wait for the count.
    let text = '';
    await waitFor(
      async () => {
        text = await scrape();
        return sampleOf(text, workerMetricNames.jobs, { cluster, tool: 'dig' }) === 3;
      },
      { what: 'the worker counting three dig jobs on /metrics', timeoutMs: 5_000 },
    );
    const of = (name: string, labels: Record<string, string> = {}) =>
      sampleOf(text, name, { cluster, ...labels });
    expect(of(workerMetricNames.jobs, { tool: 'dig', outcome: 'completed' })).toBe(2);
    expect(of(workerMetricNames.jobs, { tool: 'dig', outcome: 'failed' })).toBe(1);
    expect(of(`${workerMetricNames.runSeconds}_count`, { tool: 'dig' })).toBe(3);
    expect(of(`${workerMetricNames.queueWaitSeconds}_count`)).toBe(4);
    // The digs waited behind the 2.5-second ping: the wait histogram has them above a second.
    expect(of(`${workerMetricNames.queueWaitSeconds}_bucket`, { le: '1' })).toBeLessThanOrEqual(2);
    expect(of(workerMetricNames.jobs, { tool: 'ping', outcome: 'completed' })).toBe(1);
    // The ping opens the client's (the server is only an address to it); each dig reuses that one.
    expect(of(workerMetricNames.toolboxes, { executor: 'local', event: 'opened' })).toBe(1);
    expect(of(workerMetricNames.toolboxes, { executor: 'local', event: 'reused' })).toBe(2);
    // The namespace that does not exist is the user's to fix: counted as such, not as the operator's.
    expect(of(workerMetricNames.executorErrors, { executor: 'local', kind: 'user' })).toBe(1);
    expect(of(workerMetricNames.executorErrors, { executor: 'local', kind: 'operator' })).toBe(0);
    expect(of(workerMetricNames.up)).toBe(1);

    // And after: nothing waits, the failed dig stays in the queue's failed set.
    expect(of(workerMetricNames.queueJobs, { state: 'waiting' })).toBe(0);
    expect(of(workerMetricNames.queueJobs, { state: 'failed' })).toBe(1);
    worker.kill('SIGTERM');
    expect(await exited).toBe(0);
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  }, 60_000);
});
