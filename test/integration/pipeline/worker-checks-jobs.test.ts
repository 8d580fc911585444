import { Queue } from 'bullmq';
import { commands } from '../../../commands/index.js';
import type { AuditRecord, AuditTrail } from '../../../src/audit/audit-record.js';
import { TransientError } from '../../../src/errors.js';
import type { Executor } from '../../../src/executors/executor.js';
import { parseRequest } from '../../../src/grammar/parse-request.js';
import type { JobData } from '../../../src/queue/job.js';
import { describeWith, testRedisUrl } from '../../harness/infrastructure.js';
import { waitFor } from '../../harness/wait-for.js';
import { createPipeline, type Pipeline } from './pipeline-fixture.js';
import { operatorAuthorization, testJobSecret } from './signed-jobs.js';

/** The local executor, counting the sessions it opens: a refused job must open none. */
function countingExecutor(executor: Executor, failFirst?: () => Error): Executor & { opens: number } {
  const counting = {
    ...executor,
    opens: 0,
    async open(...args: Parameters<Executor['open']>) {
      counting.opens += 1;
      if (failFirst && counting.opens === 1) throw failFirst();
      return executor.open(...args);
    },
  };
  return counting;
}

/** The audit trail as the worker sees it, kept in memory for the test to read. */
function memoryAudit(): AuditTrail & { records: AuditRecord[] } {
  const records: AuditRecord[] = [];
  return {
    records,
    async record(entry) {
      records.push({ ...entry, at: entry.at ?? new Date().toISOString() });
    },
  };
}

describeWith(['redis'], 'the worker checks every job again before anything runs', () => {
  let pipeline: Pipeline;
  let bull: Queue<JobData>;
  let audit: ReturnType<typeof memoryAudit>;

  /** A worker on the pipeline's queue, with the test's audit trail, and the secret when given. */
  async function start(jobSecret: string | undefined, executor = countingExecutor(pipeline.executor)) {
    await pipeline.startWorker({ executors: [executor], audit, jobSecret });
    return executor;
  }

  beforeEach(() => {
    // Three attempts, as production: a refusal must still use only one.
    pipeline = createPipeline(commands, testRedisUrl, { attempts: 3, jobSecret: testJobSecret });
    bull = new Queue<JobData>(pipeline.queue.bullName, {
      connection: { url: testRedisUrl },
      prefix: pipeline.queue.prefix,
    });
    audit = memoryAudit();
  });

  afterEach(async () => {
    await bull.close();
    await pipeline.close();
  }, 20_000);

  /** A job as someone with access to Redis would write it: straight through BullMQ, no door. */
  async function addStraight(line: string, extra: Partial<JobData> = {}): Promise<string> {
    const data: JobData = {
      version: 1,
      request: { ...parseRequest(line, commands), cluster: pipeline.cluster },
      origin: { via: 'slack', teamId: 'T1', channelId: 'C0OPS', userId: 'U0MALLORY' },
      dedupeKey: `forged-${Math.random()}`,
      requestedAt: new Date().toISOString(),
      ...extra,
    };
    const job = await bull.add(data.request.tool, data, { attempts: 3 });
    return String(job.id);
  }

  /**
   * Waits for the job to fail in BullMQ and reads what its requester was told. Read from BullMQ and
   * the reporter rather than waitForOutcome: its snapshot reads the job and its state apart, so a job
   * that fails between the two reads comes back without its reason.
   */
  async function expectRefused(jobId: string, reason: RegExp): Promise<void> {
    const job = await waitFor(
      async () => {
        const found = await bull.getJob(jobId);
        // Read again once failed: the copy read before the state may predate its failedReason.
        return found && (await found.getState()) === 'failed' ? await bull.getJob(jobId) : undefined;
      },
      { what: `job #${jobId} failing in BullMQ`, timeoutMs: 15_000 },
    );
    expect(job.failedReason).toMatch(/^the worker refused this job: /);
    expect(job.failedReason).toMatch(reason);
    expect(job.attemptsMade).toBe(1);
    const told = await waitFor(
      () => pipeline.reporter.heard.results.find((heard) => heard.outcome.jobId === jobId)?.outcome,
      { what: `the reporter hearing the result of job #${jobId}` },
    );
    expect(told).toMatchObject({ status: 'failed', error: job.failedReason });
  }

  it('refuses a tcpdump job written straight into Redis: nothing runs, the refusal is audited', async () => {
    const executor = await start(testJobSecret);
    const jobId = await addStraight('tcpdump host -i lo -c 1');
    await expectRefused(jobId, /it was not signed by a door of this bot/);
    expect(executor.opens).toBe(0);
    expect(audit.records).toEqual([
      expect.objectContaining({
        event: 'refused',
        door: 'worker',
        subject: 'U0MALLORY',
        channel: 'C0OPS',
        tool: 'tcpdump',
        text: 'tcpdump host -i lo -c 1',
        jobId,
        cluster: pipeline.cluster,
        reason: 'it was not signed by a door of this bot',
      }),
    ]);
  }, 30_000);

  it('refuses an nmap job written into Redis on a worker without a secret, and still runs read tools there', async () => {
    const executor = await start(undefined);
    const scan = await addStraight('nmap host -sT -Pn -p 12376 198.18.0.1');
    await expectRefused(
      scan,
      /`nmap` is a privileged tool, and privileged tools need a signed job: set NETSHOOT_JOB_SECRET on the bot and the workers \(docs\/policy\.md\)/,
    );
    expect(executor.opens).toBe(0);
    expect(audit.records).toEqual([expect.objectContaining({ event: 'refused', tool: 'nmap', jobId: scan })]);

    const read = await addStraight('ip host addr show lo');
    const outcome = await pipeline.queue.waitForOutcome(read, 15_000);
    expect(outcome.status).toBe('completed');
    expect(outcome.runs[0]!.result.stdout).toContain('127.0.0.1');
    expect(audit.records).toHaveLength(1);
  }, 30_000);

  it('refuses a signed job whose args were altered in Redis after it was signed', async () => {
    const { jobId } = await pipeline.queue.enqueue({
      request: { ...parseRequest('tcpdump host -i lo -c 1', commands), cluster: pipeline.cluster },
      origin: { via: 'cli', user: 'test' },
      dedupeKey: `signed-${Math.random()}`,
      authorization: operatorAuthorization('run'),
    });
    const job = (await bull.getJob(jobId))!;
    expect(job.data.authorization?.signature).toMatch(/^[0-9a-f]{64}$/);
    await job.updateData({
      ...job.data,
      request: { ...job.data.request, args: { ...job.data.request.args, count: '100000' } },
    });

    const executor = await start(testJobSecret);
    await expectRefused(jobId, /it was altered after it was signed/);
    expect(executor.opens).toBe(0);
    expect(audit.records).toEqual([
      expect.objectContaining({ event: 'refused', subject: 'operator:test', tool: 'tcpdump', jobId }),
    ]);
  }, 30_000);

  it('refuses a signed job whose text does not parse to its request', async () => {
    const executor = await start(testJobSecret);
    // The door signed what it was given: a request whose interface is not the one its text names.
    const request = parseRequest('tcpdump host -i lo -c 1', commands);
    const { jobId } = await pipeline.queue.enqueue({
      request: { ...request, cluster: pipeline.cluster, args: { ...request.args, interface: 'eth0' } },
      origin: { via: 'cli', user: 'test' },
      dedupeKey: `signed-${Math.random()}`,
      authorization: operatorAuthorization('run'),
    });
    await expectRefused(
      jobId,
      /its request is not what its text `tcpdump host -i lo -c 1` says \(its args differ\)/,
    );
    expect(executor.opens).toBe(0);
    expect(audit.records).toEqual([expect.objectContaining({ event: 'refused', jobId })]);
  }, 30_000);

  it('runs a privileged job a door signed, once: a copy under a new job id is refused as a replay', async () => {
    const executor = await start(testJobSecret);
    const jobId = await pipeline.submit('iptables host');
    const outcome = await pipeline.queue.waitForOutcome(jobId, 20_000);
    expect(outcome.status).toBe('completed');
    expect(outcome.runs[0]!.result.argv[0]).toBe('iptables');
    expect(outcome.runs[0]!.result.exitCode).toBe(0);
    expect(executor.opens).toBe(1);

    const signed = (await bull.getJob(jobId))!.data;
    const copy = await bull.add(signed.request.tool, signed, { attempts: 3 });
    await expectRefused(
      String(copy.id),
      new RegExp(`it is a copy of job #${jobId}, which was signed for the same request`),
    );
    expect(executor.opens).toBe(1);
    expect(audit.records).toEqual([expect.objectContaining({ event: 'refused', jobId: String(copy.id) })]);
  }, 30_000);

  it('lets the same signed job run when it is retried under its own id', async () => {
    const executor = await start(
      testJobSecret,
      countingExecutor(
        pipeline.executor,
        () => new TransientError('the toolbox image is still being pulled'),
      ),
    );
    const jobId = await pipeline.submit('iptables host');
    const outcome = await pipeline.queue.waitForOutcome(jobId, 20_000);
    expect(outcome.status).toBe('completed');
    expect(executor.opens).toBe(2);
    expect((await bull.getJob(jobId))?.attemptsMade).toBe(2);
    expect(audit.records).toEqual([]);
  }, 30_000);
});
