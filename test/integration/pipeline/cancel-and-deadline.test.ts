import type { Executor } from '../../../src/executors/executor.js';
import { createLocalExecutor } from '../../../src/executors/local/local-executor.js';
import { describeWith } from '../../harness/infrastructure.js';
import { createPipeline, type Pipeline } from './pipeline-fixture.js';
import { waitFor } from '../../harness/wait-for.js';
import { pidsRunning, uniqueSeconds } from '../../harness/process-probe.js';
import { noopCommand, sleepCommand } from './test-commands.js';

describeWith(['redis'], 'cancelling jobs and enforcing deadlines', () => {
  let pipeline: Pipeline;

  beforeEach(async () => {
    pipeline = createPipeline([sleepCommand, noopCommand]);
  });

  afterEach(async () => {
    await pipeline.close();
  }, 20_000);

  it('kills the running process of a cancelled job and reports it cancelled', async () => {
    await pipeline.startWorker();
    const seconds = uniqueSeconds();
    const jobId = await pipeline.submit(`sleep host ${seconds}`);
    await waitFor(() => pidsRunning(['sleep', seconds]).length === 1, { what: `sleep ${seconds} running` });

    expect(await pipeline.queue.cancel(jobId)).toBe(true);
    const outcome = await pipeline.queue.waitForOutcome(jobId, 10_000);

    expect(outcome.status).toBe('canceled');
    expect(outcome.runs[0]?.result.canceled).toBe(true);
    expect(outcome.durationMs).toBeLessThan(10_000);
    expect(pidsRunning(['sleep', seconds])).toEqual([]);
    expect(pipeline.reporter.heard.results.map((heard) => heard.outcome.status)).toEqual(['canceled']);
  }, 30_000);

  it('never runs a job cancelled while it waits in the queue', async () => {
    const seconds = uniqueSeconds(5);
    const jobId = await pipeline.submit(`sleep host ${seconds}`);
    expect(await pipeline.queue.cancel(jobId)).toBe(true);
    expect((await pipeline.queue.get(jobId))?.cancelRequested).toBe(true);

    await pipeline.startWorker();
    const outcome = await pipeline.queue.waitForOutcome(jobId, 10_000);

    expect(outcome).toMatchObject({ status: 'canceled', runs: [] });
    expect(pidsRunning(['sleep', seconds])).toEqual([]);
  }, 30_000);

  it('kills a job past its deadline and reports it timed out, with what it printed', async () => {
    await pipeline.startWorker();
    const seconds = uniqueSeconds();
    const jobId = await pipeline.submit(`sleep host ${seconds} --timeout 1s`);
    const outcome = await pipeline.queue.waitForOutcome(jobId, 15_000);

    expect(outcome.status).toBe('timed-out');
    expect(outcome.runs[0]?.result).toMatchObject({ timedOut: true, exitCode: null, signal: 'SIGTERM' });
    expect(outcome.durationMs).toBeGreaterThanOrEqual(1000);
    expect(outcome.durationMs).toBeLessThan(5000);
    expect(pidsRunning(['sleep', seconds])).toEqual([]);
  }, 30_000);

  it('says cancel is not possible for a finished or unknown job', async () => {
    await pipeline.startWorker();
    const jobId = await pipeline.submit('noop host');
    await pipeline.queue.waitForOutcome(jobId, 10_000);
    expect(await pipeline.queue.cancel(jobId)).toBe(false);
    expect(await pipeline.queue.cancel('999999')).toBe(false);
  }, 30_000);
});

describeWith(['redis'], 'a run that ignores its deadline', () => {
  let pipeline: Pipeline;

  afterEach(async () => {
    await pipeline.close();
  }, 20_000);

  it('still ends the job as timed out once the hard-stop grace has passed', async () => {
    pipeline = createPipeline([sleepCommand]);
    // The real local executor, with sessions whose run does not listen to the job's signal or timeout,
    // the way a stuck remote exec stream would behave.
    const local = createLocalExecutor();
    const deaf: Executor = {
      ...local,
      async open(target, options) {
        const session = await local.open(target, options);
        return { ...session, run: (argv) => session.run(argv, { timeoutMs: 60_000 }) };
      },
      close: () => local.close(),
    };
    await pipeline.startWorker({ executors: [deaf], overheadMs: 200, hardStopGraceMs: 500 });
    const seconds = uniqueSeconds(20);
    const jobId = await pipeline.submit(`sleep host ${seconds} --timeout 1s`);
    const outcome = await pipeline.queue.waitForOutcome(jobId, 15_000);

    expect(outcome).toMatchObject({ status: 'timed-out', runs: [] });
    expect(outcome.durationMs).toBeLessThan(5000);
    // The deaf run's own process is this test's to end.
    for (const pid of pidsRunning(['sleep', seconds])) process.kill(pid, 'SIGKILL');
    await local.close();
  }, 30_000);
});
