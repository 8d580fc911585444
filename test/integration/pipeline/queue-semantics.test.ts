import { randomUUID } from 'node:crypto';
import { parseRequest } from '../../../src/grammar/parse-request.js';
import { describeWith } from '../../harness/infrastructure.js';
import { createPipeline, type Pipeline } from './pipeline-fixture.js';
import { noopCommand } from './test-commands.js';

describeWith(['redis'], 'the job queue', () => {
  let pipeline: Pipeline;

  beforeEach(() => {
    pipeline = createPipeline([noopCommand]);
  });

  afterEach(async () => {
    await pipeline.close();
  }, 20_000);

  const slackJob = (dedupeKey: string, userId: string, channelId: string) => ({
    request: { ...parseRequest('noop host', [noopCommand]), cluster: pipeline.cluster },
    origin: { via: 'slack' as const, teamId: 'T1', channelId, userId },
    dedupeKey,
  });

  it('gives the same request (same dedupe key) the same short job id and runs it once', async () => {
    const key = randomUUID();
    const first = await pipeline.queue.enqueue(slackJob(key, 'U1', 'C1'));
    const again = await pipeline.queue.enqueue(slackJob(key, 'U1', 'C1'));
    expect(first).toEqual({ jobId: '1', duplicate: false });
    expect(again).toEqual({ jobId: '1', duplicate: true });

    await pipeline.startWorker();
    await pipeline.queue.waitForOutcome(first.jobId, 10_000);
    const late = await pipeline.queue.enqueue(slackJob(key, 'U1', 'C1'));
    expect(late).toEqual({ jobId: '1', duplicate: true });
    expect(pipeline.reporter.heard.results).toHaveLength(1);
  }, 30_000);

  it('shows a job with its state, data and outcome', async () => {
    const { jobId } = await pipeline.queue.enqueue(slackJob(randomUUID(), 'U1', 'C1'));
    const waiting = await pipeline.queue.get(jobId);
    expect(waiting).toMatchObject({ jobId, state: 'waiting', cancelRequested: false });
    expect(waiting?.data.request.tool).toBe('noop');
    expect(waiting?.outcome).toBeUndefined();

    await pipeline.startWorker();
    await pipeline.queue.waitForOutcome(jobId, 10_000);
    const done = await pipeline.queue.get(jobId);
    expect(done?.state).toBe('completed');
    expect(done?.outcome).toMatchObject({
      status: 'completed',
      where: 'host',
      runs: [{ side: 'main', result: { exitCode: 0 } }],
    });
    expect(await pipeline.queue.get('424242')).toBeUndefined();
  }, 30_000);

  it('lists recent jobs of a user or a channel, newest first', async () => {
    const a = await pipeline.queue.enqueue(slackJob(randomUUID(), 'U1', 'C1'));
    const b = await pipeline.queue.enqueue(slackJob(randomUUID(), 'U2', 'C1'));
    const c = await pipeline.queue.enqueue(slackJob(randomUUID(), 'U2', 'C2'));

    const mine = await pipeline.queue.recent({ userId: 'U1', limit: 10 });
    expect(mine.map((job) => job.jobId)).toEqual([a.jobId]);
    const channel = await pipeline.queue.recent({ channelId: 'C1', limit: 10 });
    expect(channel.map((job) => job.jobId).sort()).toEqual([a.jobId, b.jobId].sort());
    const both = await pipeline.queue.recent({ userId: 'U2', channelId: 'C1', limit: 2 });
    expect(both).toHaveLength(2);
    expect(both.map((job) => job.jobId)).toContain(c.jobId);
  }, 30_000);

  it('reports a target that does not exist as a failed job with the user-facing reason, without retrying', async () => {
    await pipeline.startWorker();
    const jobId = await pipeline.submit('noop netns/nsb-does-not-exist');
    const outcome = await pipeline.queue.waitForOutcome(jobId, 10_000);
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toContain("there is no network namespace 'nsb-does-not-exist' on this worker");
    expect(pipeline.reporter.heard.results).toHaveLength(1);
    expect(pipeline.reporter.heard.progress.filter((event) => event.stage === 'queued')).toEqual([]);
  }, 30_000);

  it('times out waiting for a job that no worker takes, with a clear error', async () => {
    const { jobId } = await pipeline.queue.enqueue(slackJob(randomUUID(), 'U1', 'C1'));
    await expect(pipeline.queue.waitForOutcome(jobId, 300)).rejects.toThrow(
      `job #${jobId} did not finish within 300 ms`,
    );
  }, 30_000);
});
