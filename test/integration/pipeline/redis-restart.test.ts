import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TransientError } from '../../../src/errors.js';
import { describeWith } from '../../harness/infrastructure.js';
import { createPipeline, type Pipeline } from './pipeline-fixture.js';
import { waitFor } from '../../harness/wait-for.js';
import { noopCommand } from './test-commands.js';
import { Redis } from 'ioredis';

/**
 * Its own redis-server (the shared test Redis must not be restarted under other suites), with an
 * append-only file synced on every write, as a production Redis for a queue should be configured.
 */
async function startRedis(port: number, dir: string): Promise<ChildProcess> {
  const server = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--appendfsync',
      'always',
      '--save',
      '',
    ],
    {
      stdio: 'ignore',
    },
  );
  const probe = new Redis({ port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await waitFor(
      async () => {
        try {
          await probe.connect();
          return (await probe.ping()) === 'PONG';
        } catch (error) {
          // An ended probe connects again as it is; ioredis's disconnect() on it would only arm a
          // 2 s timer for a close already past.
          if (probe.status !== 'end') probe.disconnect();
          throw error;
        }
      },
      { what: `redis-server answering on port ${port}` },
    );
  } catch (error) {
    server.kill('SIGKILL');
    throw error;
  } finally {
    if (probe.status !== 'end') probe.disconnect();
  }
  return server;
}

async function stopRedis(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGTERM');
  await exited;
}

describeWith(['redis'], 'Redis restarting while requests come in', () => {
  const port = 16_400 + Math.floor(Math.random() * 500);
  let dir: string;
  let redis: ChildProcess;
  let pipeline: Pipeline;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nsb-redis-'));
    redis = await startRedis(port, dir);
    pipeline = createPipeline([noopCommand], `redis://127.0.0.1:${port}`);
  }, 20_000);

  afterAll(async () => {
    await pipeline.close().catch(() => undefined);
    await stopRedis(redis);
    await rm(dir, { recursive: true, force: true });
  }, 30_000);

  it('refuses what it cannot queue with a clear error and loses no accepted job', async () => {
    await pipeline.startWorker({ concurrency: 4 });
    const accepted: string[] = [];
    const refused: unknown[] = [];
    const submitOne = () =>
      pipeline.submit('noop host').then(
        (id) => void accepted.push(id),
        (error: unknown) => void refused.push(error),
      );

    // Requests keep coming, one every poll: 15 taken, then Redis goes down until 5 are refused, then
    // it restarts while they still come, until 15 more are taken.
    const keepSubmitting = (enough: () => boolean, what: string) =>
      waitFor(() => submitOne().then(enough), { what, timeoutMs: 30_000, everyMs: 25 });
    await keepSubmitting(() => accepted.length >= 15, 'Redis taking the first 15 jobs');
    await stopRedis(redis);
    await keepSubmitting(() => refused.length >= 5, '5 requests refused while Redis is down');
    const restarted = startRedis(port, dir).then((server) => {
      redis = server;
    });
    const takenBefore = accepted.length;
    await keepSubmitting(
      () => accepted.length >= takenBefore + 15,
      '15 more jobs taken after Redis restarted',
    );
    await restarted;

    expect(refused.length).toBeGreaterThan(0);
    expect(accepted.length).toBeGreaterThanOrEqual(15);
    for (const error of refused) {
      expect(error).toBeInstanceOf(TransientError);
      expect((error as Error).message).toMatch(
        /^could not queue the job: Redis for cluster '.+' did not take it \(.+\); try again in a moment$/,
      );
    }
    const outcomes = await Promise.all(accepted.map((id) => pipeline.queue.waitForOutcome(id, 60_000)));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(accepted.map(() => 'completed'));
    const reported = pipeline.reporter.heard.results.map((heard) => heard.outcome.jobId).sort();
    expect(reported).toEqual([...accepted].sort());
  }, 90_000);
});
