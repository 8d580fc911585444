import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { z } from 'zod';
import { defineCommand } from '../../../src/catalogue/define-command.js';
import { OperatorError } from '../../../src/errors.js';
import type { Executor } from '../../../src/executors/executor.js';
import { createLocalExecutor } from '../../../src/executors/local/local-executor.js';
import { parseRequest } from '../../../src/grammar/parse-request.js';
import { CliContext } from '../../../src/main/cli-context.js';
import { main } from '../../../src/main/cli.js';
import { createArtifactStore } from '../../../src/queue/artifact-store.js';
import { createWebClient } from '../../../src/slack/create-web-client.js';
import { createMessageStore } from '../../../src/slack/message-store.js';
import { createSlackReporter } from '../../../src/slack/slack-reporter.js';
import { FakeSlack } from '../../harness/slack/fake-slack.js';
import { describeWith, testRedisUrl } from '../../harness/infrastructure.js';
import { createPipeline, type Pipeline } from './pipeline-fixture.js';
import { noopCommand } from './test-commands.js';

/** `false`: a tool that answers with exit status 1. */
const falseCommand = defineCommand({
  name: 'false',
  summary: 'exits 1; tests only',
  usage: 'false <target>',
  examples: ['false host'],
  targets: 1,
  privilege: 'read',
  timeout: { default: '10s', max: '10s' },
  syntax: { flags: {}, positionals: [] },
  args: z.strictObject({}),
  argv: () => ['false'],
});

/** The real local executor, except that opening a session fails with `error` every time. */
function failingExecutor(error: () => Error): Executor & { opens: number } {
  const local = createLocalExecutor();
  const failing = {
    ...local,
    opens: 0,
    async open() {
      failing.opens += 1;
      throw error();
    },
  };
  return failing;
}

/** pino writing JSON lines into an array, to read what the operator reads. */
function recordingLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

describeWith(['redis'], 'a job that cannot succeed', () => {
  let pipeline: Pipeline;
  let bull: Queue;

  beforeEach(() => {
    // Three attempts, as production: a failure that is not transient must still use only one.
    pipeline = createPipeline([noopCommand, falseCommand], testRedisUrl, { attempts: 3 });
    bull = new Queue(pipeline.cluster, { connection: { url: testRedisUrl }, prefix: 'netshoot' });
  });

  afterEach(async () => {
    await bull.close();
    await pipeline.close();
  }, 20_000);

  async function bullJob(jobId: string) {
    const job = await bull.getJob(jobId);
    if (!job) throw new Error(`job #${jobId} is not in BullMQ`);
    return { job, state: await job.getState() };
  }

  it('fails in BullMQ, once, with the words the user reads, when the target does not exist', async () => {
    await pipeline.startWorker();
    const jobId = await pipeline.submit('noop netns/nsb-does-not-exist');
    const outcome = await pipeline.queue.waitForOutcome(jobId, 15_000);

    const { job, state } = await bullJob(jobId);
    expect(state).toBe('failed');
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toContain("there is no network namespace 'nsb-does-not-exist' on this worker");
    expect(outcome).toMatchObject({ status: 'failed', error: job.failedReason });
    expect(pipeline.reporter.heard.results.map((heard) => heard.outcome.error)).toEqual([job.failedReason]);
  }, 30_000);

  it("tells the user who can fix the worker's setup, logs it for the operator, and never retries it", async () => {
    const denied = () =>
      new OperatorError(
        "the worker's service account may not create pods/ephemeralcontainers in namespace shop",
        ['ask an admin to apply deploy/base/rbac.yaml'],
      );
    const executor = failingExecutor(denied);
    const { logger, lines } = recordingLogger();
    await pipeline.startWorker({ executors: [executor], logger });
    const jobId = await pipeline.submit('noop host');
    const outcome = await pipeline.queue.waitForOutcome(jobId, 15_000);

    const { job, state } = await bullJob(jobId);
    expect(state).toBe('failed');
    expect(executor.opens).toBe(1);
    expect(outcome.error).toBe(
      "the worker's service account may not create pods/ephemeralcontainers in namespace shop\nask an admin to apply deploy/base/rbac.yaml",
    );
    expect(job.failedReason).toBe(outcome.error);
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 50,
        jobId,
        fate: 'operator',
        msg: "the worker's setup stopped a job: the worker's service account may not create pods/ephemeralcontainers in namespace shop",
      }),
    );
  }, 30_000);

  it('shows a bug as an internal error with its reference, and keeps its stack in BullMQ and the log', async () => {
    const executor = failingExecutor(() => new TypeError('cannot read properties of undefined (reading x)'));
    const { logger, lines } = recordingLogger();
    await pipeline.startWorker({ executors: [executor], logger });
    const jobId = await pipeline.submit('noop host');
    const outcome = await pipeline.queue.waitForOutcome(jobId, 15_000);

    const { job, state } = await bullJob(jobId);
    expect(state).toBe('failed');
    expect(executor.opens).toBe(1);
    expect(outcome.error).toBe(`internal error, ref #${jobId}`);
    expect((job.stacktrace ?? []).join('\n')).toContain(
      'TypeError: cannot read properties of undefined (reading x)',
    );
    const logged = lines.find((line) => line.jobId === jobId && line.fate === 'bug');
    expect(logged).toMatchObject({
      level: 50,
      err: { message: 'cannot read properties of undefined (reading x)' },
    });
  }, 30_000);

  it("is a completed result when the tool exits non-zero: the tool's answer is not the bot failing", async () => {
    await pipeline.startWorker();
    const jobId = await pipeline.submit('false host');
    const outcome = await pipeline.queue.waitForOutcome(jobId, 15_000);
    expect(outcome.status).toBe('completed');
    expect(outcome.runs[0]?.result.exitCode).toBe(1);
    expect((await bullJob(jobId)).state).toBe('completed');
  }, 30_000);

  it('has `run` print the reason of a failed job and exit 1, as before jobs failed in BullMQ', async () => {
    let out = '';
    let err = '';
    const context = new CliContext(
      { out: (text) => void (out += text), err: (text) => void (err += text) },
      { REDIS_URL: testRedisUrl, NETSHOOT_EXECUTOR: 'local', LOG_LEVEL: 'silent' },
      [noopCommand],
    );
    const status = await main(['run', 'noop netns/nsb-does-not-exist'], context);

    expect(status).toBe(1);
    expect(err).toMatch(/^queued as #\d+\n/m);
    expect(out.split('\n')[0]).toBe(
      "❌ failed: there is no network namespace 'nsb-does-not-exist' on this worker · noop · netns/nsb-does-not-exist",
    );
  }, 30_000);

  it('still shows a failed job in Slack, with its reason, in the channel message and the thread', async () => {
    const fake = await FakeSlack.start();
    const redis = new Redis(testRedisUrl, { maxRetriesPerRequest: 1 });
    try {
      const logger = pino({ level: 'silent' });
      await pipeline.startWorker({
        reporter: createSlackReporter({
          client: createWebClient(fake.botToken, fake.apiUrl, logger),
          messages: createMessageStore(redis),
          artifacts: createArtifactStore(redis),
          cluster: pipeline.cluster,
          logger,
          messageWaitMs: 0,
        }),
      });
      const { jobId } = await pipeline.queue.enqueue({
        request: {
          ...parseRequest('noop netns/nsb-does-not-exist', [noopCommand]),
          cluster: pipeline.cluster,
        },
        origin: { via: 'slack', teamId: 'T0FAKE', channelId: 'C0INCIDENT', userId: 'U0ALICE' },
        dedupeKey: randomUUID(),
      });
      await pipeline.queue.waitForOutcome(jobId, 15_000);
      expect((await bullJob(jobId)).state).toBe('failed');

      const said =
        ":x: failed: there is no network namespace 'nsb-does-not-exist' on this worker · noop · netns/nsb-does-not-exist";
      const reply = await fake.waitFor('the failure in the thread', () =>
        fake.messages.find((message) => message.threadTs !== undefined),
      );
      expect(JSON.stringify(reply.blocks)).toContain(said);
      const parent = fake.messages.find((message) => message.ts === reply.threadTs);
      await fake.waitFor('the verdict on the channel message', () =>
        JSON.stringify(parent?.blocks).includes('result in the thread'),
      );
      expect(JSON.stringify(parent?.blocks)).toContain('failed: there is no network namespace');
    } finally {
      redis.disconnect();
      await fake.close();
    }
  }, 30_000);
});
