import { createJobQueue, type JobQueue } from '../../../src/queue/job-queue.js';
import { freePort } from '../../harness/free-port.js';
import { describeWith, testRedisUrl } from '../../harness/infrastructure.js';
import { createNetnsRig, type NetnsRig } from '../../harness/rig/netns-rig.js';
import { FakeSlack, type PostedMessage } from '../../harness/slack/fake-slack.js';
import { within } from '../../harness/wait-for.js';
import { firstLine, jobIdOf } from '../slack/slack-test-helpers.js';
import { startCli, type CliProcess } from './cli-process.js';
import { rollingSetup, slash, type RollingSetup } from './slack-bot-process.js';

/**
 * Issue 15, rolling upgrades with docker-compose's `netshoot-bot all` (the Slack app and a worker in
 * one process): measured before, commands sent while it restarted got no answer for about 30 s,
 * because the app stopped first and the worker's grace came after. Now the app answers and queues
 * until the worker is done.
 */
describeWith(['redis', 'netns'], '`netshoot-bot all` stopped by SIGTERM with a job running', () => {
  let rig: NetnsRig;
  let fake: FakeSlack;
  let setup: RollingSetup;
  let queue: JobQueue;
  let all: CliProcess | undefined;

  beforeAll(async () => {
    rig = await createNetnsRig();
    fake = await FakeSlack.start();
    setup = rollingSetup(fake);
    queue = createJobQueue({ redisUrl: testRedisUrl, cluster: setup.cluster });
  }, 60_000);

  afterAll(async () => {
    all?.kill();
    await queue?.obliterate();
    await queue?.close();
    await fake?.close();
    await rig?.teardown();
  }, 30_000);

  async function command(eventsUrl: string, text: string) {
    const before = fake.messages.length;
    const answer = await slash(setup, eventsUrl, text);
    const parent = await fake.waitFor('the queued message', () =>
      fake.messages.slice(before).find((message: PostedMessage) => message.threadTs === undefined),
    );
    return { answer, parent, jobId: jobIdOf(parent) };
  }

  it('keeps answering and queueing during the grace, for the next worker, and reports the running job once', async () => {
    const port = await freePort();
    const eventsUrl = `http://127.0.0.1:${port}/slack/events`;
    const graceMs = 5000;
    all = startCli('all', {
      REDIS_URL: testRedisUrl,
      NETSHOOT_CLUSTER: setup.cluster,
      SLACK_BOT_TOKEN: fake.botToken,
      SLACK_API_URL: fake.apiUrl,
      SLACK_SIGNING_SECRET: setup.signingSecret,
      PORT: String(port),
      NETSHOOT_EXECUTOR: 'local',
      NETSHOOT_WORKER_GRACE: `${graceMs}ms`,
      NETSHOOT_WORKER_METRICS_PORT: '0',
    });
    await all.waitForLine('worker taking jobs');
    const running = await command(eventsUrl, `ping netns/${rig.client.name} netns/${rig.server.name} -c 60`);
    await all.waitForLine('progress', { jobId: running.jobId, stage: 'running' }, 30_000);

    all.child.kill('SIGTERM');
    await all.waitForLine('stopping: the worker first, the Slack app queueing meanwhile, then the app');
    const during = await command(eventsUrl, `ping netns/${rig.client.name} netns/${rig.server.name} -c 1`);

    // Answered at once, and the channel is told it waits for a worker.
    expect(during.answer).toMatchObject({ status: 200, body: '' });
    expect(during.answer.elapsedMs).toBeLessThan(3000);
    expect(firstLine(during.parent)).toBe(
      `:hourglass_flowing_sand: queued as #${during.jobId}, waiting for a worker`,
    );
    expect(await within(all.exited, { what: '`all` exiting after SIGTERM', timeoutMs: 45_000 })).toBe(0);
    // The running job: cut short once; the one queued during the stop: waiting, once, for the next worker.
    expect((await queue.get(running.jobId))?.outcome).toMatchObject({ cutShortBy: 'worker-restart' });
    expect(fake.thread(running.parent.channel, running.parent.ts)).toHaveLength(1);
    expect((await queue.get(during.jobId))?.state).toBe('waiting');
  }, 150_000);
});
