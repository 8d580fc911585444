import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TransientError } from '../../../src/errors.js';
import { describeWith } from '../../harness/infrastructure.js';
import { createPipeline, type Pipeline } from './pipeline-fixture.js';
import { startRedisProcess, type RedisProcess } from '../../harness/redis-process.js';
import { waitFor } from '../../harness/wait-for.js';
import { noopCommand } from './test-commands.js';

/**
 * Its own redis-server (the shared test Redis must not be restarted under other suites), with an
 * append-only file synced on every write, as a production Redis for a queue should be configured.
 */
const durable = ['--appendonly', 'yes', '--appendfsync', 'always'];

describeWith(['redis'], 'Redis restarting while requests come in', () => {
  let dir: string;
  let redis: RedisProcess;
  let pipeline: Pipeline;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nsb-redis-'));
    redis = await startRedisProcess(dir, durable);
    pipeline = createPipeline([noopCommand], `redis://127.0.0.1:${redis.port}`);
  }, 20_000);

  afterAll(async () => {
    await pipeline.close().catch(() => undefined);
    await redis.stop();
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
    await redis.stop();
    await keepSubmitting(() => refused.length >= 5, '5 requests refused while Redis is down');
    const restarted = startRedisProcess(dir, durable, { port: redis.port }).then((server) => {
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
