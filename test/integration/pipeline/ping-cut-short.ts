import type { JobOutcome, ProgressEvent } from '../../../src/results/job-outcome.js';
import { waitFor } from '../../harness/wait-for.js';
import type { Pipeline } from './pipeline-fixture.js';

/** Where the pings go: the pipeline whose worker runs them, the target that pings, the address pinged. */
export interface PingSetup {
  readonly pipeline: Pipeline;
  /** `netns/client`, `container/a`: where ping runs. */
  readonly from: string;
  /** An address of another target of the same rig: the only traffic these tests send. */
  readonly to: string;
}

/** The longest the running line may go without an update (issue 13). */
const mostBetweenUpdatesMs = 3000;

/** ping's statistics, as iputils prints them on its own end or on SIGINT. */
const statistics = /(\d+) packets transmitted, (\d+) received/;

/**
 * Live progress and results cut short, through the real queue, worker and executor, with the real
 * ping: the running line is updated at least every 3 s and says how many replies came; a deadline or
 * a cancel ends ping with SIGINT, so its loss and round-trip statistics are in the result.
 */
export function pingCutShortCases(setup: () => PingSetup): void {
  const runningEvents = (jobId: string): ProgressEvent[] =>
    setup().pipeline.reporter.heard.progress.filter(
      (event) => event.jobId === jobId && event.stage === 'running',
    );
  const outcomeOf = (jobId: string): Promise<JobOutcome> =>
    setup().pipeline.queue.waitForOutcome(jobId, 60_000);
  const receivedIn = (outcome: JobOutcome): number => {
    const stdout = outcome.runs.at(-1)?.result.stdout ?? '';
    const counts = statistics.exec(stdout);
    if (!counts) throw new Error(`no ping statistics in the result's stdout:\n${stdout}`);
    return Number(counts[2]);
  };

  // One ping for the two progress cases, run when the first of them asks.
  let progressRun: Promise<{ running: ProgressEvent[]; outcome: JobOutcome }> | undefined;
  const pingWithProgress = () =>
    (progressRun ??= (async () => {
      const { pipeline, from, to } = setup();
      const jobId = await pipeline.submit(`ping ${from} -c 10 -i 0.5 ${to}`);
      const outcome = await outcomeOf(jobId);
      return { running: runningEvents(jobId), outcome };
    })());

  it('updates the running line at least every 3 s while ping runs', async () => {
    const { running, outcome } = await pingWithProgress();
    expect(outcome.status).toBe('completed');
    // ping -c 10 -i 0.5 runs about 4.5 s: the start and at least two updates.
    expect(running.length).toBeGreaterThanOrEqual(3);
    const times = [...running.map((event) => event.elapsedMs), outcome.durationMs];
    const gaps = times.slice(1).map((time, index) => time - times[index]!);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(mostBetweenUpdatesMs);
  }, 60_000);

  it("says on the running line how many replies came so far, from ping's reader", async () => {
    // The words are the reader's (src/format/summaries/reach: "12 replies, 0% loss"); the count grows.
    const { running } = await pingWithProgress();
    const replies = running
      .map((event) => /(\d+)(?:\/\d+)? repl/.exec(event.found ?? '')?.[1])
      .filter((count): count is string => count !== undefined)
      .map(Number);
    expect(replies.length).toBeGreaterThanOrEqual(2);
    expect(replies).toEqual([...replies].sort((a, b) => a - b));
    expect(replies.at(-1)).toBeGreaterThanOrEqual(4);
    expect(replies.at(-1)).toBeLessThanOrEqual(10);
  }, 60_000);

  it('ends ping at its deadline with SIGINT: the job timed out and its statistics are in the result', async () => {
    const { pipeline, from, to } = setup();
    const jobId = await pipeline.submit(`ping ${from} -c 60 ${to} --timeout 3s`);
    const outcome = await outcomeOf(jobId);

    expect(outcome.status).toBe('timed-out');
    const run = outcome.runs.at(-1)!.result;
    expect(run).toMatchObject({ timedOut: true, canceled: false, exitCode: 0, signal: null });
    expect(run.stdout).toContain('ping statistics ---');
    expect(run.stdout).toMatch(/rtt min\/avg\/max\/mdev = /);
    // Replies at 0, 1 and 2 s (3 s of 60): what came, not a minute's worth.
    expect(receivedIn(outcome)).toBeGreaterThanOrEqual(2);
    expect(receivedIn(outcome)).toBeLessThanOrEqual(5);
  }, 60_000);

  it('ends ping on a cancel with SIGINT: the job is canceled and its statistics are in the result', async () => {
    const { pipeline, from, to } = setup();
    const jobId = await pipeline.submit(`ping ${from} -c 60 ${to}`);
    // A few replies first: ping has run 2.5 s (replies at 0, 1 and 2 s) by the job's own progress.
    await waitFor(
      () => {
        const running = runningEvents(jobId);
        return running.length > 0 && running.at(-1)!.elapsedMs - running[0]!.elapsedMs >= 2500;
      },
      { what: `job ${jobId} reported running for 2.5 s`, timeoutMs: 30_000 },
    );
    expect(await pipeline.queue.cancel(jobId)).toBe(true);
    const outcome = await outcomeOf(jobId);

    expect(outcome.status).toBe('canceled');
    const run = outcome.runs.at(-1)!.result;
    expect(run).toMatchObject({ canceled: true, timedOut: false, exitCode: 0, signal: null });
    expect(run.stdout).toContain('ping statistics ---');
    expect(receivedIn(outcome)).toBeGreaterThanOrEqual(2);
    expect(receivedIn(outcome)).toBeLessThan(60);
    expect(pipeline.reporter.heard.results.find((heard) => heard.outcome.jobId === jobId)?.outcome).toEqual(
      outcome,
    );
  }, 60_000);
}
