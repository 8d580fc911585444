import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { readAuditRecords } from '../../../src/audit/audit-reader.js';
import { createAuditTrail } from '../../../src/audit/audit-trail.js';
import { readCanceledBy } from '../../../src/queue/job-queue.js';
import { createAuditReporter } from '../../../src/worker/audit-reporter.js';
import { combineReporters } from '../../../src/worker/combine-reporters.js';
import { describeWith, testRedisUrl } from '../../harness/infrastructure.js';
import { pidsRunning, uniqueSeconds } from '../../harness/process-probe.js';
import { waitFor } from '../../harness/wait-for.js';
import { copyFileCommand } from '../pipeline/file-commands.js';
import { createPipeline, type Pipeline } from '../pipeline/pipeline-fixture.js';
import { sleepCommand } from '../pipeline/test-commands.js';

describeWith(['redis'], "the worker's audit of what ran (local executor)", () => {
  let redis: Redis;
  let pipeline: Pipeline;
  let prefix: string;
  let sourceDir: string;

  beforeEach(async () => {
    redis = new Redis(testRedisUrl, { maxRetriesPerRequest: 1 });
    prefix = `t-audit-${randomUUID().slice(0, 8)}`;
    sourceDir = await mkdtemp(join(tmpdir(), 'nsb-artifacts-'));
    pipeline = createPipeline([copyFileCommand, sleepCommand]);
    const trail = createAuditTrail(redis, { logger: pino({ level: 'silent' }), prefix });
    const audit = createAuditReporter({
      trail,
      canceledBy: (jobId) => readCanceledBy(redis, { queueName: pipeline.cluster }, jobId),
    });
    await pipeline.startWorker({ reporter: combineReporters([pipeline.reporter, audit]) });
  });

  afterEach(async () => {
    await pipeline.close();
    const leftovers = await redis.keys(`netshoot:artifact:${pipeline.cluster}:*`);
    if (leftovers.length > 0) await redis.del(...leftovers);
    await redis.del(`${prefix}:audit`);
    redis.disconnect();
    await rm(sourceDir, { recursive: true, force: true });
  }, 20_000);

  const recordsOf = async (jobId: string) =>
    (await readAuditRecords(redis, { prefix })).filter((record) => record.jobId === jobId);

  it('records started, finished with exit status and duration, and each artifact with its sha256', async () => {
    const data = randomBytes(8192);
    const source = join(sourceDir, 'source.bin');
    await writeFile(source, data);
    const jobId = await pipeline.submit(`copyfile host ${source} --pcap`);
    const outcome = await pipeline.queue.waitForOutcome(jobId, 20_000);
    expect(outcome.status).toBe('completed');

    // The result is reported before the job completes; `started` is reported on the way.
    const records = await waitFor(
      async () => {
        const found = await recordsOf(jobId);
        return found.length >= 3 ? found : undefined;
      },
      { what: `three audit records of job #${jobId}` },
    );
    expect(records.map((record) => record.event)).toEqual(['started', 'finished', 'artifact']);
    const about = {
      subject: 'operator:test',
      tool: 'copyfile',
      where: 'host',
      cluster: pipeline.cluster,
      jobId,
      text: `copyfile host ${source} --pcap`,
    };
    expect(records[0]).toMatchObject(about);
    expect(records[1]).toMatchObject({ ...about, status: 'completed', exitStatus: 0 });
    expect(records[1]?.durationMs).toBe(outcome.durationMs);
    expect(records[2]).toMatchObject({
      ...about,
      artifact: {
        name: `capture-${jobId}.pcap`,
        bytes: data.length,
        sha256: createHash('sha256').update(data).digest('hex'),
      },
    });
  }, 40_000);

  it('records who canceled a running job, as the cancel request said', async () => {
    const seconds = uniqueSeconds();
    const jobId = await pipeline.submit(`sleep host ${seconds}`);
    await waitFor(() => pidsRunning(['sleep', seconds]).length === 1, { what: `sleep ${seconds} running` });
    expect(await pipeline.queue.cancel(jobId, 'U0CANCELER')).toBe(true);
    expect((await pipeline.queue.waitForOutcome(jobId, 10_000)).status).toBe('canceled');

    const records = await waitFor(
      async () => {
        const found = await recordsOf(jobId);
        return found.some((record) => record.event === 'canceled') ? found : undefined;
      },
      { what: `the canceled record of job #${jobId}` },
    );
    expect(records.map((record) => record.event)).toEqual(['started', 'canceled']);
    expect(records[1]).toMatchObject({
      subject: 'operator:test',
      tool: 'sleep',
      by: 'U0CANCELER',
      status: 'canceled',
    });
  }, 30_000);

  it('records a cancel without a name as canceled, by nobody it can name', async () => {
    const seconds = uniqueSeconds(5);
    const jobId = await pipeline.submit(`sleep host ${seconds}`);
    await waitFor(() => pidsRunning(['sleep', seconds]).length === 1, { what: `sleep ${seconds} running` });
    expect(await pipeline.queue.cancel(jobId)).toBe(true);
    await pipeline.queue.waitForOutcome(jobId, 10_000);
    const canceled = await waitFor(
      async () => (await recordsOf(jobId)).find((record) => record.event === 'canceled'),
      { what: `the canceled record of job #${jobId}` },
    );
    expect(canceled.by).toBeUndefined();
  }, 30_000);
});
