import { TransientError } from '../../../src/errors.js';
import type { Executor } from '../../../src/executors/executor.js';
import { createLocalExecutor } from '../../../src/executors/local/local-executor.js';
import { describeWith, testRedisUrl } from '../../harness/infrastructure.js';
import { createPipeline, type Pipeline } from './pipeline-fixture.js';
import { noopCommand } from './test-commands.js';

/**
 * The real local executor, whose first `failures` session openings fail the way an image pull or an
 * API 5xx does: the worker must retry those with backoff, and only those.
 */
function flakyLocalExecutor(failures: number): Executor & { opens: number } {
  const local = createLocalExecutor();
  const flaky = {
    ...local,
    opens: 0,
    async open(...args: Parameters<Executor['open']>) {
      flaky.opens += 1;
      if (flaky.opens <= failures)
        throw new TransientError('pulling the toolbox image failed: registry answered 503');
      return local.open(...args);
    },
  };
  return flaky;
}

describeWith(['redis'], 'transient failures', () => {
  let pipeline: Pipeline;

  afterEach(async () => {
    await pipeline.close();
  }, 20_000);

  it('retries a transient failure with backoff, says so as progress, and reports one result', async () => {
    pipeline = createPipeline([noopCommand]);
    const executor = flakyLocalExecutor(1);
    await pipeline.startWorker({ executors: [executor] });
    const jobId = await pipeline.submit('noop host');
    const outcome = await pipeline.queue.waitForOutcome(jobId, 20_000);

    expect(outcome.status).toBe('completed');
    expect(executor.opens).toBe(2);
    expect(pipeline.reporter.heard.progress).toContainEqual(
      expect.objectContaining({
        stage: 'queued',
        detail: 'retrying: pulling the toolbox image failed: registry answered 503',
      }),
    );
    expect(pipeline.reporter.heard.results).toHaveLength(1);
  }, 30_000);

  it('gives up after the last attempt with a failed outcome that says what went wrong', async () => {
    pipeline = createPipeline([noopCommand], testRedisUrl, { attempts: 2 });
    const executor = flakyLocalExecutor(10);
    await pipeline.startWorker({ executors: [executor] });
    const jobId = await pipeline.submit('noop host');
    const outcome = await pipeline.queue.waitForOutcome(jobId, 20_000);

    expect(executor.opens).toBe(2);
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toBe(
      `pulling the toolbox image failed: registry answered 503 (gave up after retries, ref #${jobId})`,
    );
    expect(pipeline.reporter.heard.results.map((heard) => heard.outcome.status)).toEqual(['failed']);
  }, 30_000);
});
