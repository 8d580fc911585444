import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeWith } from '../../harness/infrastructure.js';
import { sendSlashCommand } from '../../harness/slack/signed-requests.js';
import { startSlackStack, type SlackStack } from '../../harness/slack/slack-stack.js';
import {
  commandOutcomes,
  ephemeralOf,
  expectEverythingWithinLimits,
  firstLine,
  jobIdOf,
  parentsSince,
  slash,
  waitForOutcomes,
  waitForResult,
} from './slack-test-helpers.js';

import { jest } from '@jest/globals';

jest.setTimeout(60_000);

describeWith(['redis'], 'the /netshoot slash command over HTTP', () => {
  let stack: SlackStack;
  let longServer: Server;
  let longUrl: string;

  beforeAll(async () => {
    stack = await startSlackStack({ mode: 'http' });
    // A test host of our own, on loopback, whose answer is longer than a Slack message can hold.
    longServer = createServer((_request, response) => {
      response.end(
        Array.from({ length: 4000 }, (_, index) => `line ${index + 1} of the long answer`).join('\n'),
      );
    });
    await new Promise<void>((resolve) => longServer.listen(0, '127.0.0.1', resolve));
    longUrl = `http://127.0.0.1:${(longServer.address() as AddressInfo).port}/long`;
  });

  afterAll(async () => {
    await stack?.stop();
    await new Promise((resolve) => longServer?.close(resolve));
  });

  it('acks a signed command within a second, posts the queued message and ends its thread with the result', async () => {
    const before = stack.fake.messages.length;
    const answer = await slash(stack, 'ping host 127.0.0.1 -c 1');
    expect(answer.status).toBe(200);
    expect(answer.elapsedMs).toBeLessThan(1000);
    expect(answer.body).toBe('');

    const [parent] = await stack.fake.waitFor(
      'the queued message',
      () => parentsSince(stack, before).length === 1 && parentsSince(stack, before),
    );
    if (!parent) throw new Error('no parent');
    // Its first version: a quick worker may already have moved it on by now.
    const queued = { ...parent, blocks: parent.history[0]?.blocks };
    expect(firstLine(queued)).toBe(
      `:hourglass_flowing_sand: queued as #${jobIdOf(parent)}, waiting for a worker`,
    );
    expect(JSON.stringify(parent.blocks)).toContain('`ping 127.0.0.1 -c 1` in host');

    const reply = await waitForResult(stack, parent);
    const replyText = JSON.stringify(reply.blocks);
    expect(replyText).toMatch(/:white_check_mark: 0% loss, avg [\d.]+ ms · ping · /);
    expect(replyText).toMatch(/1 of 1 replies from 127\.0\.0\.1/);
    expect(replyText).toContain('1 packets transmitted, 1 received');
    expect(firstLine(parent)).toMatch(/^:white_check_mark: .* · ping · \S+$/);
    // Its life, as the channel saw it: queued, then the verdict. A job done within its first 2 s
    // shows no stage in between (docs/slack.md "Rate limits and budget").
    const stages = parent.history.map(
      (version) => (version.blocks?.[0] as { text: { text: string } }).text.text.split('\n')[0],
    );
    expect(stages[0]).toMatch(/queued as/);
    expect(stages.some((line) => /running/.test(line ?? ''))).toBe(false);
    expect(stages.at(-1)).toMatch(/^:white_check_mark: /);
    expectEverythingWithinLimits(stack);
  });

  it('answers a bad signature with 401 and queues nothing', async () => {
    const before = stack.fake.calls.length;
    const counted = await commandOutcomes(stack);
    const answer = await sendSlashCommand(
      stack.eventsUrl,
      { text: 'ping host 127.0.0.1 -c 1' },
      { signingSecret: 'not-the-secret' },
    );
    expect(answer.status).toBe(401);
    // The receiver refuses it before any listener runs: no command was counted, and so nothing was
    // left to happen after the 401.
    expect(await commandOutcomes(stack)).toEqual(counted);
    expect(stack.fake.calls.slice(before).filter((call) => call.method === 'chat.postMessage')).toEqual([]);
    expect(await stack.queue.recent({ limit: 50 })).toHaveLength(1);
  });

  it('answers a request signed more than five minutes ago with 401 and queues nothing', async () => {
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    const answer = await sendSlashCommand(
      stack.eventsUrl,
      { text: 'ping host 127.0.0.1 -c 1' },
      { signingSecret: stack.signingSecret, timestamp: sixMinutesAgo },
    );
    expect(answer.status).toBe(401);
    expect(await stack.queue.recent({ limit: 50 })).toHaveLength(1);
  });

  it('never runs a command twice when Slack retries it', async () => {
    const before = stack.fake.messages.length;
    const jobsBefore = (await stack.queue.recent({ limit: 50 })).length;
    const counted = await commandOutcomes(stack);
    const first = await slash(stack, 'ping host 127.0.0.1 -c 1', { triggerId: 'trigger-retried' });
    const retried = await slash(stack, 'ping host 127.0.0.1 -c 1', {
      triggerId: 'trigger-retried',
      retryNum: 1,
    });
    // A redelivery without the header (a proxy replaying it) is caught by the dedupe key instead.
    const replayed = await slash(stack, 'ping host 127.0.0.1 -c 1', { triggerId: 'trigger-retried' });
    expect([first.status, retried.status, replayed.status]).toEqual([200, 200, 200]);
    const [parent] = await stack.fake.waitFor(
      'the queued message',
      () => parentsSince(stack, before).length > 0 && parentsSince(stack, before),
    );
    if (!parent) throw new Error('no parent');
    await waitForResult(stack, parent);
    // All three handled: the first queued, the retry acked and dropped, the replay found a duplicate.
    await waitForOutcomes(stack, counted, { accepted: 1, retry: 1, duplicate: 1 });
    expect(parentsSince(stack, before)).toHaveLength(1);
    expect(await stack.queue.recent({ limit: 50 })).toHaveLength(jobsBefore + 1);
  });

  it('answers invalid input with an ephemeral error, the usage line and an example, and queues nothing', async () => {
    const before = stack.fake.messages.length;
    const jobsBefore = (await stack.queue.recent({ limit: 50 })).length;
    const counted = await commandOutcomes(stack);
    const answer = await slash(stack, 'ping host');
    expect(answer.status).toBe(200);
    const reply = ephemeralOf(answer);
    expect(reply.response_type).toBe('ephemeral');
    // Slack reads the text as mrkdwn: `<` arrives escaped, and Slack shows it as typed.
    expect(reply.text).toMatch(/usage: \/netshoot ping &lt;target&gt;/);
    expect(reply.text).toMatch(/example: \/netshoot ping [a-z]+\//);
    const unknown = ephemeralOf(await slash(stack, 'pingg host 127.0.0.1'));
    expect(unknown.text).toMatch(/ping/);
    await waitForOutcomes(stack, counted, { invalid: 2 });
    expect(parentsSince(stack, before)).toEqual([]);
    expect(await stack.queue.recent({ limit: 50 })).toHaveLength(jobsBefore);
  });

  it('refuses a privileged tool without a policy file and says how to enable it', async () => {
    const jobsBefore = (await stack.queue.recent({ limit: 50 })).length;
    const reply = ephemeralOf(await slash(stack, 'tcpdump host -i lo -c 1'));
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text).toMatch(/`tcpdump` is a privileged tool/);
    expect(reply.text).toMatch(/set NETSHOOT_POLICY/);
    expect(await stack.queue.recent({ limit: 50 })).toHaveLength(jobsBefore);
  });

  it('sends long output as a file in the thread and keeps every message within Slack limits', async () => {
    const before = stack.fake.messages.length;
    await slash(stack, `curl host ${longUrl}`);
    const [parent] = await stack.fake.waitFor(
      'the queued message',
      () => parentsSince(stack, before).length > 0 && parentsSince(stack, before),
    );
    if (!parent) throw new Error('no parent');
    const reply = await waitForResult(stack, parent);
    const jobId = jobIdOf(parent);
    expect(JSON.stringify(reply.blocks)).toContain(`full output attached as curl-${jobId}.txt`);
    const file = await stack.fake.waitFor('the uploaded file', () =>
      [...stack.fake.files.values()].find(
        (candidate) => candidate.filename === `curl-${jobId}.txt` && candidate.completed,
      ),
    );
    expect(file.completed).toMatchObject({ channelId: parent.channel, threadTs: parent.ts });
    const text = file.bytes?.toString('utf8') ?? '';
    expect(text).toContain('line 1 of the long answer');
    expect(text).toContain('line 4000 of the long answer');
    expectEverythingWithinLimits(stack);
  });

  it('answers help, jobs, status and cancel with ephemeral replies', async () => {
    const help = ephemeralOf(await slash(stack, 'help'));
    expect(JSON.stringify(help)).toContain('`ping`');
    const pingHelp = ephemeralOf(await slash(stack, 'help ping'));
    expect(pingHelp.text).toMatch(/^ping: ping &lt;target&gt;/);

    const jobs = JSON.stringify(ephemeralOf(await slash(stack, 'jobs')));
    const latest = (await stack.queue.recent({ limit: 1 }))[0];
    expect(jobs).toContain(`#${latest?.jobId}`);

    const status = ephemeralOf(await slash(stack, `status #${latest?.jobId}`));
    expect(status.text).toMatch(new RegExp(`^#${latest?.jobId} `));
    const cancelEnded = ephemeralOf(await slash(stack, `cancel ${latest?.jobId}`));
    expect(cancelEnded.text).toBe(`#${latest?.jobId} has already ended`);
    const notYours = ephemeralOf(await slash(stack, `cancel ${latest?.jobId}`, { userId: 'U0MALLORY' }));
    expect(notYours.text).toBe(`only the person who started #${latest?.jobId} can cancel it`);
    expect(ephemeralOf(await slash(stack, 'status nope!')).text).toMatch(/needs a job number/);
  });
});
