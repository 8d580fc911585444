import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { commands } from '../../../commands/index.js';
import { parseRequest } from '../../../src/grammar/parse-request.js';
import { createArtifactStore } from '../../../src/queue/artifact-store.js';
import { createWebClient } from '../../../src/slack/create-web-client.js';
import { createMessageStore } from '../../../src/slack/message-store.js';
import { createSlackReporter } from '../../../src/slack/slack-reporter.js';
import { FakeSlack } from '../../harness/slack/fake-slack.js';
import { describeWith, testRedisUrl } from '../../harness/infrastructure.js';
import { createNetnsRig, type NetnsRig } from '../../harness/rig/netns-rig.js';
import { createPipeline, type Pipeline } from './pipeline-fixture.js';

/**
 * The worker's running updates (every 2 s) through the real Slack reporter, whose throttle drops a
 * same-stage update within 1 s of the last: the job's message is updated at least every 3 s while
 * ping runs, never more than once a second.
 */
describeWith(['redis', 'netns'], 'live progress in the Slack message', () => {
  let rig: NetnsRig;
  let pipeline: Pipeline;
  let fake: FakeSlack;
  let redis: Redis;

  beforeAll(async () => {
    rig = await createNetnsRig();
    fake = await FakeSlack.start();
    redis = new Redis(testRedisUrl, { maxRetriesPerRequest: 1 });
    pipeline = createPipeline(commands);
    const logger = pino({ level: 'silent' });
    await pipeline.startWorker({
      reporter: createSlackReporter({
        client: createWebClient(fake.botToken, fake.apiUrl, logger),
        messages: createMessageStore(redis),
        artifacts: createArtifactStore(redis),
        cluster: pipeline.cluster,
        logger,
      }),
    });
  }, 30_000);

  afterAll(async () => {
    await pipeline?.close();
    redis?.disconnect();
    await fake?.close();
    await rig?.teardown();
  }, 30_000);

  it('updates the running line from 2 s on, at least every 3 s and at most once per 2 s', async () => {
    const client = createWebClient(fake.botToken, fake.apiUrl, pino({ level: 'silent' }));
    const line = `ping netns/${rig.client.name} -c 16 -i 0.5 ${rig.server.address}`;
    const { jobId } = await pipeline.queue.enqueue({
      request: { ...parseRequest(line, commands), cluster: pipeline.cluster },
      origin: { via: 'slack', teamId: 'T0FAKE', channelId: 'C0INCIDENT', userId: 'U0ALICE' },
      dedupeKey: randomUUID(),
    });
    // What the slash listener does once it has posted the queued message.
    const posted = await client.chat.postMessage({ channel: 'C0INCIDENT', text: `queued as #${jobId}` });
    await createMessageStore(redis).save(pipeline.cluster, jobId, {
      channel: 'C0INCIDENT',
      ts: String(posted.ts),
    });
    await pipeline.queue.waitForOutcome(jobId, 30_000);
    await fake.waitFor(
      'the result in the thread',
      () => fake.thread('C0INCIDENT', String(posted.ts)).length > 0,
    );

    const updates = fake
      .callsOf('chat.update')
      .filter((call) => call.args.ts === posted.ts && String(call.args.text).includes('running'))
      .map((call) => call.at);
    // ping -c 16 -i 0.5 runs about 7.5 s; the message shows it from 2 s on (a job done sooner costs no
    // update), then once per the channel's 2 s progress window (src/slack/slack-budget.ts).
    expect(updates.length).toBeGreaterThanOrEqual(3);
    const postedAt = fake.callsOf('chat.postMessage').find((call) => call.response.ts === posted.ts)!.at;
    // The quiet 2 s count from the job's start, which may come a little before the test's post.
    expect(updates[0]! - postedAt).toBeGreaterThanOrEqual(1500);
    const gaps = updates.slice(1).map((at, index) => at - updates[index]!);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(3000);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1950);
  }, 60_000);
});
