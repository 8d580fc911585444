import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWith } from '../../harness/infrastructure.js';
import { waitFor } from '../../harness/wait-for.js';
import { createPipeline, type Pipeline } from '../pipeline/pipeline-fixture.js';
import { markCommand } from './counted-runs.js';
import { countsOf, expectNoneLostOrRepeatedUnsaid, sendThroughDisruption } from './load-through-failover.js';
import { startSentinelSet, type SentinelSet } from './sentinel-set.js';

// 'redis': the suite needs redis-server and redis-cli, which scripts/test provisions with the test Redis.
describeWith(['redis'], 'Redis Sentinel failing over while jobs are in flight', () => {
  let dir: string;
  let set: SentinelSet | undefined;
  let pipeline: Pipeline | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nsb-sentinel-'));
    set = await startSentinelSet(dir);
  }, 90_000);

  afterAll(async () => {
    await pipeline?.close().catch(() => undefined);
    await set?.stop();
    await rm(dir, { recursive: true, force: true });
  }, 60_000);

  it('completes every accepted job, or fails it, and says so when one ran again, after the master is killed', async () => {
    const sentinels = set!;
    const runsDir = join(dir, 'runs');
    await mkdir(runsDir);
    pipeline = createPipeline([markCommand(runsDir)], sentinels.url);
    // A short lock, so that a job whose worker lost it in the failover is taken again in seconds.
    await pipeline.startWorker({ concurrency: 8, lockDurationMs: 3000 });

    const figures: Record<string, number> = {};
    const report = await sendThroughDisruption(pipeline, runsDir, {
      total: 300,
      batch: 10,
      disruptAfter: 100,
      disrupt: async (acceptedSoFar, noteKill) => {
        // Jobs queued or running when the master dies: the ones the failover is about.
        figures.unfinishedAtKill = acceptedSoFar - pipeline!.reporter.heard.results.length;
        const killedAt = Date.now();
        noteKill();
        await sentinels.master.kill();
        await waitFor(async () => (await sentinels.masterPort()) === sentinels.replica.port, {
          what: 'the Sentinels promoting the replica',
          timeoutMs: 30_000,
          everyMs: 20,
        });
        figures.promotedAfterMs = Date.now() - killedAt;
      },
    });

    expectNoneLostOrRepeatedUnsaid(
      report,
      pipeline.reporter.heard.results.map((heard) => heard.outcome.jobId),
    );
    const counts = countsOf(report);
    expect(counts.accepted).toBeGreaterThanOrEqual(300);
    // Figures for docs/operations.md.
    console.log(`Sentinel failover under load: ${JSON.stringify({ ...figures, ...counts })}`);
  }, 300_000);
});
