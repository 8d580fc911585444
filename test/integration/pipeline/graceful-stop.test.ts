import { describeWith } from '../../harness/infrastructure.js';
import { createPipeline, type Pipeline } from './pipeline-fixture.js';
import { waitFor } from '../../harness/wait-for.js';
import { pidsRunning, uniqueSeconds } from '../../harness/process-probe.js';
import { noopCommand, sleepCommand } from './test-commands.js';

describeWith(['redis'], 'stopping a worker gracefully (SIGTERM)', () => {
  let pipeline: Pipeline;

  beforeEach(() => {
    pipeline = createPipeline([sleepCommand, noopCommand]);
  });

  afterEach(async () => {
    await pipeline.close();
  }, 20_000);

  it('lets a running job finish within the grace period and takes no new job', async () => {
    const worker = await pipeline.startWorker({ concurrency: 1 });
    const seconds = uniqueSeconds(1);
    const running = await pipeline.submit(`sleep host ${seconds}`);
    await waitFor(() => pidsRunning(['sleep', seconds]).length === 1, { what: `sleep ${seconds} running` });
    const waiting = await pipeline.submit('noop host');

    await worker.stop(10_000);

    expect((await pipeline.queue.get(running))?.outcome?.status).toBe('completed');
    expect((await pipeline.queue.get(waiting))?.state).toBe('waiting');
    expect(pipeline.reporter.heard.results.map((heard) => heard.outcome.jobId)).toEqual([running]);
  }, 30_000);

  it('cuts a job still running after the grace period short, its process stopped, and reports it once without running it again', async () => {
    const worker = await pipeline.startWorker({ concurrency: 1 });
    const seconds = uniqueSeconds(20);
    const jobId = await pipeline.submit(`sleep host ${seconds}`);
    await waitFor(() => pidsRunning(['sleep', seconds]).length === 1, { what: `sleep ${seconds} running` });

    await worker.stop(200);

    expect(pidsRunning(['sleep', seconds])).toEqual([]);
    const snapshot = await pipeline.queue.get(jobId);
    // Completed in BullMQ's terms: no worker can take it again.
    expect(snapshot?.state).toBe('completed');
    expect(snapshot?.outcome).toMatchObject({ status: 'canceled', cutShortBy: 'worker-restart' });
    expect(snapshot?.outcome?.runs).toHaveLength(1);
    expect(pipeline.reporter.heard.results.map((heard) => heard.outcome.jobId)).toEqual([jobId]);
  }, 40_000);
});
