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

  it('puts a job still running after the grace period back in the queue, its process killed, for another worker', async () => {
    const worker = await pipeline.startWorker({ concurrency: 1 });
    const seconds = uniqueSeconds(2);
    const jobId = await pipeline.submit(`sleep host ${seconds}`);
    await waitFor(() => pidsRunning(['sleep', seconds]).length === 1, { what: `sleep ${seconds} running` });

    await worker.stop(200);

    expect(pidsRunning(['sleep', seconds])).toEqual([]);
    const snapshot = await pipeline.queue.get(jobId);
    expect(['waiting', 'delayed']).toContain(snapshot?.state);
    expect(snapshot?.outcome).toBeUndefined();
    expect(pipeline.reporter.heard.results).toEqual([]);

    await pipeline.startWorker();
    const outcome = await pipeline.queue.waitForOutcome(jobId, 20_000);
    expect(outcome.status).toBe('completed');
    expect(outcome.runs[0]?.result.durationMs).toBeGreaterThanOrEqual(2000);
  }, 40_000);
});
