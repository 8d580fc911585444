import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { commands } from '../../../commands/index.js';
import { parseRequest } from '../../../src/grammar/parse-request.js';
import { Redis } from 'ioredis';
import { createClusterRegistry } from '../../../src/queue/clusters.js';
import { createJobQueue, type JobQueue } from '../../../src/queue/job-queue.js';
import { describeWith, testRedisUrl } from '../../harness/infrastructure.js';
import { createNetnsRig, type NetnsRig } from '../../harness/rig/netns-rig.js';
import { waitFor } from '../../harness/wait-for.js';

describeWith(['redis', 'netns'], 'netshoot-bot worker as its own process', () => {
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

  it('runs jobs of its cluster and, on SIGTERM, finishes the running one before it exits 0', async () => {
    let logs = '';
    worker = spawn(process.execPath, ['--import', 'tsx', join(process.cwd(), 'src/main/cli.ts'), 'worker'], {
      env: {
        ...process.env,
        REDIS_URL: testRedisUrl,
        NETSHOOT_CLUSTER: cluster,
        NETSHOOT_EXECUTOR: 'local',
        WORKER_CONCURRENCY: '2',
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

    // The bot may now accept `--cluster <this cluster>`: the worker announced it.
    const redis = new Redis(testRedisUrl);
    try {
      const registry = createClusterRegistry(redis);
      await waitFor(async () => (await registry.knownClusters()).includes(cluster), {
        what: `the worker announcing cluster ${cluster}`,
        timeoutMs: 5_000,
      });
      await expect(registry.assertKnownCluster(cluster)).resolves.toBeUndefined();
    } finally {
      redis.disconnect();
    }

    const dig = await submit(`dig netns/${rig.client.name} db.test.internal +short`);
    const digOutcome = await queue.waitForOutcome(dig, 20_000);
    expect(digOutcome.runs[0]?.result.stdout.trim()).toBe(rig.server.address);

    const ping = await submit(`ping netns/${rig.client.name} netns/${rig.server.name} -c 4 -i 0.5`);
    await waitFor(async () => (await queue.get(ping))?.state === 'active', { what: `job ${ping} active` });
    worker.kill('SIGTERM');

    expect(await exited).toBe(0);
    const pingOutcome = await queue.get(ping);
    expect(pingOutcome?.outcome?.status).toBe('completed');
    expect(pingOutcome?.outcome?.runs[0]?.result.stdout).toContain('4 packets transmitted, 4 received');
    expect(logs).toContain('"msg":"job finished"');
  }, 60_000);
});
