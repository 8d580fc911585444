import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { createLocalExecutor } from '../../../src/executors/local/local-executor.js';
import { parseRequest } from '../../../src/grammar/parse-request.js';
import { CliContext } from '../../../src/main/cli-context.js';
import { main } from '../../../src/main/cli.js';
import { createArtifactStore } from '../../../src/queue/artifact-store.js';
import type { ArtifactRef } from '../../../src/results/job-outcome.js';
import { createJobQueue, type JobQueue } from '../../../src/queue/job-queue.js';
import { createWebClient } from '../../../src/slack/create-web-client.js';
import { createMessageStore } from '../../../src/slack/message-store.js';
import { createSlackReporter } from '../../../src/slack/slack-reporter.js';
import { createWorker, type JobWorker, type WorkerOptions } from '../../../src/worker/create-worker.js';
import type { Reporter } from '../../../src/worker/reporter.js';
import { describeWith, testRedisUrl } from '../../harness/infrastructure.js';
import { FakeSlack } from '../../harness/slack/fake-slack.js';
import { copyFileCommand } from './file-commands.js';
import { waitFor } from '../../harness/wait-for.js';

const logger = pino({ level: 'silent' });

describeWith(['redis'], 'files a job produced, kept apart from its result', () => {
  let redis: Redis;
  let fake: FakeSlack;
  let queue: JobQueue;
  let worker: JobWorker | undefined;
  let sourceDir: string;
  let cluster: string;

  beforeEach(async () => {
    redis = new Redis(testRedisUrl, { maxRetriesPerRequest: 1 });
    fake = await FakeSlack.start();
    cluster = `t-${randomUUID().slice(0, 8)}`;
    queue = createJobQueue({ redisUrl: testRedisUrl, cluster });
    sourceDir = await mkdtemp(join(tmpdir(), 'nsb-artifacts-'));
  });

  afterEach(async () => {
    await worker?.stop(1000);
    worker = undefined;
    await queue.obliterate();
    await queue.close();
    const leftovers = await redis.keys(`netshoot:artifact:${cluster}:*`);
    if (leftovers.length > 0) await redis.del(...leftovers);
    redis.disconnect();
    await fake.close();
    await rm(sourceDir, { recursive: true, force: true });
  }, 20_000);

  function slackReporter(): Reporter {
    return createSlackReporter({
      client: createWebClient(fake.botToken, fake.apiUrl, logger),
      messages: createMessageStore(redis),
      artifacts: createArtifactStore(redis),
      cluster,
      logger,
      // No listener posts a "queued" message here: the reporter posts the result's home at once.
      messageWaitMs: 0,
    });
  }

  async function startWorker(reporter: Reporter, overrides: Partial<WorkerOptions> = {}): Promise<void> {
    worker = createWorker({
      redisUrl: testRedisUrl,
      cluster,
      concurrency: 1,
      executors: [createLocalExecutor()],
      reporter,
      logger,
      commands: [copyFileCommand],
      ...overrides,
    });
    await worker.start();
  }

  async function sourceFile(bytes: number): Promise<{ path: string; data: Buffer }> {
    const data = randomBytes(bytes);
    const path = join(sourceDir, 'source.bin');
    await writeFile(path, data);
    return { path, data };
  }

  async function submitFromSlack(line: string): Promise<string> {
    const { jobId } = await queue.enqueue({
      request: { ...parseRequest(line, [copyFileCommand]), cluster },
      origin: { via: 'slack', teamId: 'T0FAKE', channelId: 'C0INCIDENT', userId: 'U0ALICE' },
      dedupeKey: randomUUID(),
    });
    return jobId;
  }

  function threadText(): string {
    return JSON.stringify(
      fake.messages.filter((message) => message.threadTs !== undefined).map((m) => m.blocks),
    );
  }

  it('keeps a 256 KiB capture out of the job result, uploads it to Slack, then deletes it', async () => {
    const source = await sourceFile(256 * 1024);
    await startWorker(slackReporter());
    const jobId = await submitFromSlack(`copyfile host ${source.path} --pcap`);
    const outcome = await queue.waitForOutcome(jobId, 20_000);

    expect(outcome.status).toBe('completed');
    const [ref] = outcome.runs[0]!.result.artifacts;
    expect(ref).toMatchObject({
      name: `capture-${jobId}.pcap`,
      size: source.data.length,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      key: expect.stringMatching(new RegExp(`^netshoot:artifact:${cluster}:${jobId}:`)),
    });
    // What BullMQ keeps a day (and copied into its events stream) is the reference, not the bytes.
    const stored = await redis.hget(`netshoot:${cluster}:${jobId}`, 'returnvalue');
    expect(Buffer.byteLength(stored ?? '')).toBeGreaterThan(0);
    expect(Buffer.byteLength(stored ?? '')).toBeLessThan(4096);
    const events = await redis.xrange(`netshoot:${cluster}:events`, '-', '+');
    expect(Math.max(...events.map((entry) => JSON.stringify(entry).length))).toBeLessThan(4096);

    const uploaded = await fake.waitFor('the capture uploaded to the thread', () =>
      [...fake.files.values()].find((file) => file.filename === ref!.name && file.completed),
    );
    expect(uploaded.bytes?.equals(source.data)).toBe(true);
    await waitFor(async () => (await redis.exists(ref!.key!)) === 0, {
      what: 'the capture key deleted once uploaded',
      timeoutMs: 5000,
    });
  }, 40_000);

  it('says in words that a capture expired before it could be uploaded', async () => {
    const source = await sourceFile(4096);
    const slack = slackReporter();
    // The reporter comes late: only once the capture's key has expired in Redis (after 300 ms).
    const late: Reporter = {
      progress: (job, event) => slack.progress(job, event),
      async result(job, outcome) {
        const keys = outcome.runs.flatMap((run) => run.result.artifacts.map((ref) => ref.key ?? ''));
        await waitFor(async () => (await redis.exists(...keys)) === 0, {
          what: 'the artifact key expiring',
          timeoutMs: 5000,
        });
        await slack.result(job, outcome);
      },
    };
    await startWorker(late, { artifactTtlMs: 300 });
    const jobId = await submitFromSlack(`copyfile host ${source.path} --pcap`);
    await queue.waitForOutcome(jobId, 20_000);

    await fake.waitFor('the result in a thread', () => threadText().includes(`capture-${jobId}.pcap`));
    expect(threadText()).toContain(
      `capture-${jobId}.pcap (4.0 KiB) expired before it could be fetched (files wait 300ms); run the job again to get it`,
    );
    expect([...fake.files.values()].filter((file) => file.filename.endsWith('.pcap'))).toEqual([]);
  }, 40_000);

  it('names a file over the per-job bound in the result instead of keeping it', async () => {
    const source = await sourceFile(64 * 1024);
    await startWorker(slackReporter(), { maxArtifactBytesPerJob: 16 * 1024 });
    const jobId = await submitFromSlack(`copyfile host ${source.path} --pcap`);
    const outcome = await queue.waitForOutcome(jobId, 20_000);

    const [ref] = outcome.runs[0]!.result.artifacts as ArtifactRef[];
    expect(ref?.key).toBeUndefined();
    await fake.waitFor('the result in a thread', () => threadText().includes(`capture-${jobId}.pcap`));
    expect(threadText()).toContain(
      `capture-${jobId}.pcap (64.0 KiB) was not kept: the job's files came to more than the 16.0 KiB a job may keep`,
    );
    expect(await redis.keys(`netshoot:artifact:${cluster}:*`)).toEqual([]);
  }, 40_000);

  it('has `run` save the capture from Redis to --output-dir and delete it there', async () => {
    const source = await sourceFile(100 * 1024);
    const outputDir = join(sourceDir, 'out');
    let err = '';
    const context = new CliContext(
      { out: () => undefined, err: (text) => void (err += text) },
      { REDIS_URL: testRedisUrl, NETSHOOT_EXECUTOR: 'local', LOG_LEVEL: 'silent' },
      [copyFileCommand],
    );
    await mkdir(outputDir);
    const status = await main(
      ['run', `copyfile host ${source.path} --pcap`, '--output-dir', outputDir],
      context,
    );

    expect(status).toBe(0);
    const saved = /saved (capture-(\d+)\.pcap) \((\d+) bytes\) to (\S+)/.exec(err);
    expect(saved?.[3]).toBe(String(source.data.length));
    expect((await readFile(saved![4]!)).equals(source.data)).toBe(true);
    // `run`'s private queue is named after its host and pid: nothing of it stays in Redis.
    expect(await redis.keys(`netshoot:artifact:cli-*-${process.pid}:*`)).toEqual([]);
  }, 40_000);
});
