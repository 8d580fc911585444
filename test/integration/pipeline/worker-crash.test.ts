import type { ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describeWith } from '../../harness/infrastructure.js';
import { createPipeline, type Pipeline } from './pipeline-fixture.js';
import { waitFor } from '../../harness/wait-for.js';
import { pidsRunning, uniqueSeconds } from '../../harness/process-probe.js';
import { startWorkerProcess } from './start-worker-process.js';
import { noopCommand, sleepCommand } from './test-commands.js';

describeWith(['redis'], 'a worker killed with SIGKILL in the middle of a job', () => {
  let pipeline: Pipeline;
  let child: ChildProcess | undefined;

  beforeEach(() => {
    pipeline = createPipeline([sleepCommand, noopCommand]);
  });

  afterEach(async () => {
    if (child?.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await pipeline.close();
  }, 20_000);

  it('leaves nothing running, and another worker takes the job over and finishes it once', async () => {
    ({ child } = await startWorkerProcess(pipeline.cluster));

    const seconds = uniqueSeconds(4);
    const jobId = await pipeline.submit(`sleep host ${seconds}`);
    await waitFor(() => pidsRunning(['sleep', seconds]).length === 1, { what: `sleep ${seconds} running` });
    const firstRun = pidsRunning(['sleep', seconds]);

    const killedAt = Date.now();
    child.kill('SIGKILL');
    // The kernel kills the tool with its worker (setpriv --pdeathsig): no orphan keeps running.
    await waitFor(() => firstRun.every((pid) => !pidsRunning(['sleep', seconds]).includes(pid)), {
      what: `sleep ${seconds} ending with its killed worker`,
      timeoutMs: 5000,
    });

    // A second worker finds the job's lock expired (1.5 s here), takes it back and runs it to the end.
    expect(Date.now() - killedAt).toBeLessThan(4000);
    await pipeline.startWorker({ lockDurationMs: 1500 });
    const outcome = await pipeline.queue.waitForOutcome(jobId, 20_000);

    expect(outcome.status).toBe('completed');
    expect(outcome.runs[0]?.result.exitCode).toBe(0);
    // The full sleep ran again in the second worker: the first run did not finish.
    expect(outcome.runs[0]?.result.durationMs).toBeGreaterThanOrEqual(4000);
    expect(pipeline.reporter.heard.results.map((heard) => heard.outcome.jobId)).toEqual([jobId]);
    expect(pidsRunning(['sleep', seconds])).toEqual([]);
    // What the dead worker left on disk (its artifact directory) goes with the next reap.
    expect(await pipeline.executor.reap()).toBeGreaterThanOrEqual(1);
    expect(readdirSync(tmpdir()).filter((entry) => entry.startsWith(`netshoot-bot-${child?.pid}-`))).toEqual(
      [],
    );
  }, 60_000);
});
