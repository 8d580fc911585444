import type { ChildProcess } from 'node:child_process';
import { describeWith } from '../../harness/infrastructure.js';
import { createPipeline, type Pipeline } from './pipeline-fixture.js';
import { waitFor } from '../../harness/wait-for.js';
import { pidsRunning, uniqueSeconds } from '../../harness/process-probe.js';
import { startWorkerProcess } from './start-worker-process.js';
import { noopCommand, sleepCommand } from './test-commands.js';

describeWith(['redis'], 'a job whose worker stops under it', () => {
  let pipeline: Pipeline;
  const children: ChildProcess[] = [];

  beforeEach(() => {
    pipeline = createPipeline([sleepCommand, noopCommand]);
  });

  afterEach(async () => {
    for (const child of children.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    await pipeline.close();
  }, 20_000);

  /** A worker in its own process (lock 1.5 s), resolved once it takes jobs. */
  async function workerProcess(): Promise<ChildProcess> {
    const { child } = await startWorkerProcess(pipeline.cluster);
    children.push(child);
    return child;
  }

  /** Kills `child` once it runs the job's sleep, and waits until that sleep is gone; returns when it was seen. */
  async function killWhileRunning(child: ChildProcess, seconds: string): Promise<number> {
    await waitFor(() => pidsRunning(['sleep', seconds]).length === 1, {
      what: `the worker process running sleep ${seconds}`,
      timeoutMs: 15_000,
    });
    const seenRunningAt = Date.now();
    child.kill('SIGKILL');
    await waitFor(() => pidsRunning(['sleep', seconds]).length === 0, {
      what: `sleep ${seconds} ending with its killed worker`,
      timeoutMs: 5000,
    });
    return seenRunningAt;
  }

  it('says it was restarted, and counts its duration from the first start, when another worker takes it over', async () => {
    const child = await workerProcess();
    const seconds = uniqueSeconds(3);
    const jobId = await pipeline.submit(`sleep host ${seconds}`);
    // The first start was before the sleep was seen running; the second run starts after the kill.
    const seenRunningAt = await killWhileRunning(child, seconds);
    const killedAt = Date.now();

    await pipeline.startWorker({ lockDurationMs: 1500 });
    const outcome = await pipeline.queue.waitForOutcome(jobId, 20_000);

    expect(outcome).toMatchObject({ status: 'completed', restarted: true });
    const secondRun = outcome.runs[0]!.result.durationMs;
    expect(secondRun).toBeGreaterThanOrEqual(3000);
    expect(outcome.durationMs).toBeGreaterThanOrEqual(killedAt - seenRunningAt + secondRun);
    expect(pipeline.reporter.heard.results.map((heard) => heard.outcome.restarted)).toEqual([true]);
  }, 60_000);

  it('tells its requester in words when its worker stopped under it twice, and does not run it again', async () => {
    const seconds = uniqueSeconds(20);
    const first = await workerProcess();
    const jobId = await pipeline.submit(`sleep host ${seconds}`);
    await killWhileRunning(first, seconds);
    // The second worker takes the stalled job over (its first stall), and is killed as well.
    const second = await workerProcess();
    await killWhileRunning(second, seconds);

    await pipeline.startWorker({ lockDurationMs: 1500 });
    const outcome = await pipeline.queue.waitForOutcome(jobId, 30_000);

    expect(outcome.status).toBe('failed');
    expect(outcome.error).toBe(
      `the worker running it stopped twice in the middle of it (killed or restarted), so it was not tried again (ref #${jobId}); ` +
        'run it again, and if it stops again ask an admin to check the worker (its log, memory limit and restarts)',
    );
    expect(pidsRunning(['sleep', seconds])).toEqual([]);
    await waitFor(() => pipeline.reporter.heard.results.length === 1, {
      what: 'the stalled-twice failure reported',
      timeoutMs: 5000,
    });
    expect(pipeline.reporter.heard.results[0]?.outcome).toMatchObject({
      jobId,
      status: 'failed',
      error: outcome.error,
    });
  }, 90_000);

  it('tells its requester while it runs again that another worker took it over', async () => {
    const child = await workerProcess();
    const seconds = uniqueSeconds(2);
    const jobId = await pipeline.submit(`sleep host ${seconds}`);
    await killWhileRunning(child, seconds);

    await pipeline.startWorker({ lockDurationMs: 1500 });
    await pipeline.queue.waitForOutcome(jobId, 20_000);

    const running = pipeline.reporter.heard.progress.filter(
      (event) => event.jobId === jobId && event.stage === 'running',
    );
    expect(running.length).toBeGreaterThan(0);
    expect(running.every((event) => event.restarted === true)).toBe(true);
  }, 40_000);
});
