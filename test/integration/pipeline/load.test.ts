import { describeWith } from '../../harness/infrastructure.js';
import { createPipeline, type Pipeline } from './pipeline-fixture.js';
import { noopCommand } from './test-commands.js';

describeWith(['redis'], 'many jobs at once', () => {
  let pipeline: Pipeline;

  beforeAll(() => {
    pipeline = createPipeline([noopCommand]);
  });

  afterAll(async () => {
    await pipeline.close();
  }, 30_000);

  it('completes each of 500 jobs enqueued at once exactly once, with 500 distinct ids', async () => {
    await pipeline.startWorker({ concurrency: 16 });
    const ids = await Promise.all(Array.from({ length: 500 }, () => pipeline.submit('noop host')));
    expect(new Set(ids).size).toBe(500);

    const outcomes = await Promise.all(ids.map((id) => pipeline.queue.waitForOutcome(id, 90_000)));

    expect(
      outcomes.every((outcome) => outcome.status === 'completed' && outcome.runs[0]?.result.exitCode === 0),
    ).toBe(true);
    const reported = pipeline.reporter.heard.results.map((heard) => heard.outcome.jobId);
    expect(reported).toHaveLength(500);
    expect(new Set(reported)).toEqual(new Set(ids));
    const running = pipeline.reporter.heard.progress
      .filter((event) => event.stage === 'running')
      .map((event) => event.jobId);
    expect(running).toHaveLength(500);
  }, 120_000);
});
