import { createJobQueue, type JobQueue } from '../../../src/queue/job-queue.js';
import { describeWith, testRedisUrl } from '../../harness/infrastructure.js';
import { createNetnsRig, type NetnsRig } from '../../harness/rig/netns-rig.js';
import { FakeSlack, type PostedMessage } from '../../harness/slack/fake-slack.js';
import { waitFor, within } from '../../harness/wait-for.js';
import { firstLine, jobIdOf } from '../slack/slack-test-helpers.js';
import type { CliProcess } from './cli-process.js';
import {
  rollingSetup,
  slash,
  startBotProcess,
  startWorkerProcess,
  type RollingSetup,
} from './slack-bot-process.js';

/**
 * Issue 15, rolling upgrades: SIGTERM to a real `netshoot-bot worker` process while a job runs, with
 * a real bot process, the fake Slack and the netns rig. Whatever happens, the job is reported once.
 */
describeWith(['redis', 'netns'], 'a worker stopped by SIGTERM during a rolling upgrade', () => {
  let rig: NetnsRig;
  let fake: FakeSlack;
  let setup: RollingSetup;
  let queue: JobQueue;
  let bot: CliProcess & { eventsUrl: string };
  const processes: CliProcess[] = [];

  beforeAll(async () => {
    rig = await createNetnsRig();
    fake = await FakeSlack.start();
    setup = rollingSetup(fake);
    queue = createJobQueue({ redisUrl: testRedisUrl, cluster: setup.cluster });
    bot = await startBotProcess(setup);
    processes.push(bot);
  }, 90_000);

  afterAll(async () => {
    for (const each of processes) each.kill();
    await queue?.obliterate();
    await queue?.close();
    await fake?.close();
    await rig?.teardown();
  }, 30_000);

  /** Sends `text` as a slash command; returns the channel message the bot posted for it and its job id. */
  async function command(text: string): Promise<{ parent: PostedMessage; jobId: string }> {
    const before = fake.messages.length;
    const answer = await slash(setup, bot.eventsUrl, text);
    expect(answer.status).toBe(200);
    const parent = await fake.waitFor('the queued message', () =>
      fake.messages.slice(before).find((message) => message.threadTs === undefined),
    );
    return { parent, jobId: jobIdOf(parent) };
  }

  /** The worker of `workers` whose log shows it running `jobId`. */
  async function runnerOf(workers: readonly CliProcess[], jobId: string): Promise<CliProcess> {
    return waitFor(
      () =>
        workers.find((worker) =>
          worker.lines().some((line) => line.jobId === jobId && line.stage === 'running'),
        ),
      { what: `a worker running job ${jobId}`, timeoutMs: 30_000 },
    );
  }

  /** SIGTERM, then the exit: its code and how long the stop took. */
  async function stop(worker: CliProcess, boundMs: number): Promise<{ code: number | null; tookMs: number }> {
    const sent = performance.now();
    worker.child.kill('SIGTERM');
    const code = await within(worker.exited, {
      what: 'the worker exiting after SIGTERM',
      timeoutMs: boundMs,
    });
    return { code, tookMs: Math.round(performance.now() - sent) };
  }

  it('cuts a long ping short after the grace, reports it once with the replies so far, and the other worker never runs it', async () => {
    const graceMs = 2000;
    const workers = [await startWorkerProcess(setup, graceMs), await startWorkerProcess(setup, graceMs)];
    processes.push(...workers);
    const { parent, jobId } = await command(
      `ping netns/${rig.client.name} netns/${rig.server.name} -c 60 --timeout 90s`,
    );
    expect(firstLine(parent)).toBe(`:hourglass_flowing_sand: queued as #${jobId}, waiting for a worker`);
    const runner = await runnerOf(workers, jobId);
    const other = workers.find((worker) => worker !== runner)!;
    // Replies seen so far, on the message: the cut-short result must keep them.
    await fake.waitFor('the running message with replies so far', () =>
      fake
        .message(parent.channel, parent.ts)
        ?.history.some((version) =>
          /running.* · \d+ repl/.test(firstLine({ ...parent, blocks: version.blocks })),
        ),
    );

    const stopped = await stop(runner, 30_000);

    expect(stopped.code).toBe(0);
    // The grace, then ping's own summary and the report: far less than the 60 s ping would take.
    expect(stopped.tookMs).toBeGreaterThanOrEqual(graceMs);
    expect(stopped.tookMs).toBeLessThan(graceMs + 15_000);
    const snapshot = await queue.get(jobId);
    expect(snapshot?.state).toBe('completed');
    expect(snapshot?.outcome).toMatchObject({ status: 'canceled', cutShortBy: 'worker-restart' });
    const replies = fake.thread(parent.channel, parent.ts);
    expect(replies).toHaveLength(1);
    const result = JSON.stringify(replies[0]?.blocks);
    expect(result).toMatch(/\d+ packets transmitted, \d+ received/);
    expect(result).toContain('cut short by a worker restart');
    const final = fake.message(parent.channel, parent.ts)!;
    expect(firstLine(final)).toMatch(/ — cut short by a worker restart after \d/);
    expect(other.lines().filter((line) => line.jobId === jobId)).toEqual([]);

    // The idle one stops at once: nothing to wait for.
    const idle = await stop(other, 20_000);
    expect(idle.code).toBe(0);
    expect(other.lines().filter((line) => line.jobId === jobId)).toEqual([]);
    expect(fake.thread(parent.channel, parent.ts)).toHaveLength(1);
    process.stdout.write(
      `worker shutdown: ${stopped.tookMs} ms with a running job (grace ${graceMs} ms), ${idle.tookMs} ms idle\n`,
    );
  }, 180_000);

  it('lets a quick job finish within the grace and reports it normally', async () => {
    const graceMs = 20_000;
    const worker = await startWorkerProcess(setup, graceMs);
    processes.push(worker);
    const { parent, jobId } = await command(
      `ping netns/${rig.client.name} netns/${rig.server.name} -c 4 -i 0.5`,
    );
    await runnerOf([worker], jobId);

    const stopped = await stop(worker, 30_000);

    expect(stopped.code).toBe(0);
    expect(stopped.tookMs).toBeLessThan(graceMs);
    const snapshot = await queue.get(jobId);
    expect(snapshot?.outcome?.status).toBe('completed');
    const replies = fake.thread(parent.channel, parent.ts);
    expect(replies).toHaveLength(1);
    expect(JSON.stringify(replies[0]?.blocks)).toContain('4 packets transmitted, 4 received');
    const final = firstLine(fake.message(parent.channel, parent.ts)!);
    expect(final).toMatch(/^:white_check_mark: 0% loss/);
    expect(final).not.toContain('cut short');
    process.stdout.write(
      `worker shutdown: ${stopped.tookMs} ms with a 2 s job running (grace ${graceMs} ms)\n`,
    );
  }, 120_000);
});
