import { jest } from '@jest/globals';
import { describeWith } from '../../harness/infrastructure.js';
import { blockActionPayload, slashCommandPayload } from '../../harness/slack/signed-requests.js';
import { startSlackStack, type SlackStack } from '../../harness/slack/slack-stack.js';
import { actionIds } from '../../../src/slack/blocks/job-actions.js';
import {
  buttonValue,
  expectEverythingWithinLimits,
  firstLine,
  parentsSince,
  waitForResult,
} from './slack-test-helpers.js';

jest.setTimeout(60_000);

describeWith(['redis'], 'the /netshoot slash command over Socket Mode', () => {
  let stack: SlackStack;

  beforeAll(async () => {
    stack = await startSlackStack({ mode: 'socket' });
    await stack.fake.socketMode.waitForConnection();
  });

  afterAll(() => stack?.stop());

  it('connects through apps.connections.open on SLACK_API_URL with the app token', () => {
    const opens = stack.fake.callsOf('apps.connections.open');
    expect(opens).toHaveLength(1);
    expect(opens[0]?.response).toMatchObject({ ok: true });
    expect(stack.fake.socketMode.connections).toBe(1);
  });

  it('acks a command within a second and ends its thread with the result', async () => {
    const before = stack.fake.messages.length;
    const ack = await stack.fake.socketMode.send(
      'slash_commands',
      slashCommandPayload({ text: 'ping host 127.0.0.1 -c 1' }),
    );
    expect(ack.elapsedMs).toBeLessThan(1000);
    const [parent] = await stack.fake.waitFor(
      'the queued message',
      () => parentsSince(stack, before).length > 0 && parentsSince(stack, before),
    );
    if (!parent) throw new Error('no parent');
    const reply = await waitForResult(stack, parent);
    expect(JSON.stringify(reply.blocks)).toContain('1 packets transmitted, 1 received');
    expect(firstLine(parent)).toMatch(/^:white_check_mark: .* · ping · \S+$/);

    // The Rerun button works over the socket too: a new job, a new message.
    const rerunBefore = stack.fake.messages.length;
    await stack.fake.socketMode.send(
      'interactive',
      blockActionPayload({
        actionId: actionIds.rerun,
        value: buttonValue(parent, actionIds.rerun),
        messageTs: parent.ts,
      }),
    );
    const [rerun] = await stack.fake.waitFor(
      'the rerun',
      () => parentsSince(stack, rerunBefore).length > 0 && parentsSince(stack, rerunBefore),
    );
    if (!rerun) throw new Error('no rerun');
    await waitForResult(stack, rerun);
    expectEverythingWithinLimits(stack);
  });

  it('answers invalid input in the ack with the ephemeral error and queues nothing', async () => {
    const jobsBefore = (await stack.queue.recent({ limit: 50 })).length;
    const ack = await stack.fake.socketMode.send(
      'slash_commands',
      slashCommandPayload({ text: 'ping host -f 127.0.0.1' }),
    );
    expect(ack.payload).toMatchObject({ response_type: 'ephemeral' });
    expect(String(ack.payload.text)).toMatch(/-f/);
    expect(String(ack.payload.text)).toMatch(/usage: \/netshoot ping/);
    expect(await stack.queue.recent({ limit: 50 })).toHaveLength(jobsBefore);
  });
});
