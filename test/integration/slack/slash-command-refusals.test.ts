import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { describeWith } from '../../harness/infrastructure.js';
import { sendSlashCommand } from '../../harness/slack/signed-requests.js';
import { startSlackStack, type SlackStack } from '../../harness/slack/slack-stack.js';

jest.setTimeout(60_000);

/** Accepted by the parser, then refused by the world: the requester hears why, and nothing runs. */
describeWith(['redis'], 'a valid command that cannot be carried out', () => {
  let stack: SlackStack | undefined;

  afterEach(async () => {
    await stack?.stop();
    stack = undefined;
  });

  it('tells the requester privately to invite the bot when it is not in the channel, and cancels the job', async () => {
    stack = await startSlackStack({ mode: 'http', worker: false });
    const triggerId = randomUUID();
    const answer = await sendSlashCommand(
      stack.eventsUrl,
      {
        text: 'ping host 127.0.0.1 -c 1',
        channelId: 'C0NOTINVITED',
        triggerId,
        responseUrl: stack.fake.responseUrl(triggerId),
      },
      { signingSecret: stack.signingSecret },
    );
    expect(answer.status).toBe(200);
    const told = await stack.fake.waitFor('the private answer', () =>
      stack?.fake.responseUrlPosts.find((post) => post.id === triggerId),
    );
    expect(told.body).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringMatching(
        /^#\d+ was not run: I am not a member of this channel: invite me with `\/invite @netshoot`/,
      ),
    });
    const [job] = await stack.queue.recent({ limit: 5 });
    expect(job?.cancelRequested).toBe(true);
    expect(stack.fake.callsOf('chat.postMessage').map((call) => call.response.error)).toEqual([
      'not_in_channel',
    ]);
  });

  it('tells the requester privately when the queue cannot take the job', async () => {
    // Nothing listens on port 1 of loopback: the queue's Redis is down from the start.
    stack = await startSlackStack({ mode: 'http', worker: false, queueRedisUrl: 'redis://127.0.0.1:1' });
    const triggerId = randomUUID();
    const answer = await sendSlashCommand(
      stack.eventsUrl,
      { text: 'ping host 127.0.0.1 -c 1', triggerId, responseUrl: stack.fake.responseUrl(triggerId) },
      { signingSecret: stack.signingSecret },
    );
    expect(answer.status).toBe(200);
    expect(answer.elapsedMs).toBeLessThan(1000);
    const told = await stack.fake.waitFor('the private answer', () =>
      stack?.fake.responseUrlPosts.find((post) => post.id === triggerId),
    );
    expect(told.body).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringMatching(/^could not queue the job: Redis/),
    });
    expect(stack.fake.callsOf('chat.postMessage')).toEqual([]);
  });
});
