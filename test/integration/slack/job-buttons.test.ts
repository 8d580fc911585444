import { jest } from '@jest/globals';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWith } from '../../harness/infrastructure.js';
import { sendBlockAction } from '../../harness/slack/signed-requests.js';
import { startSlackStack, type SlackStack } from '../../harness/slack/slack-stack.js';
import { waitFor } from '../../harness/wait-for.js';
import { actionIds } from '../../../src/slack/blocks/job-actions.js';
import {
  buttonValue,
  expectEverythingWithinLimits,
  firstLine,
  jobIdOf,
  parentsSince,
  slash,
  waitForResult,
} from './slack-test-helpers.js';

jest.setTimeout(60_000);

/** A filter no other test uses, so the process table tells this test's tcpdump apart. */
const capture = 'tcpdump host -i lo -c 3 udp port 31977 --timeout 30s';

function tcpdumpsOfThisTest(): number {
  let found = 0;
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (argv.some((arg) => arg.endsWith('tcpdump')) && argv.some((arg) => arg.includes('31977')))
        found += 1;
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

describeWith(['redis'], 'the Cancel and Rerun buttons, and rate limits', () => {
  let stack: SlackStack;
  let policyDir: string;

  beforeAll(async () => {
    policyDir = mkdtempSync(join(tmpdir(), 'nsb-slack-policy-'));
    const policyPath = join(policyDir, 'policy.yaml');
    // Alice may capture; nobody else may (the Rerun door decides for whoever clicks).
    writeFileSync(
      policyPath,
      [
        'version: 1',
        'rules:',
        '  - name: read-tools-for-everyone',
        '    effect: allow',
        '    who: { everyone: true }',
        '    tools: [read]',
        '  - name: alice-captures',
        '    effect: allow',
        '    who: { users: [U0ALICE] }',
        '    tools: [tcpdump]',
        '',
      ].join('\n'),
    );
    stack = await startSlackStack({ mode: 'http', policyPath });
  });

  afterAll(async () => {
    await stack?.stop();
    rmSync(policyDir, { recursive: true, force: true });
  });

  async function click(actionId: string, value: string, messageTs: string, userId = 'U0ALICE') {
    const answer = await sendBlockAction(
      stack.eventsUrl,
      {
        actionId,
        value,
        messageTs,
        userId,
        responseUrl: stack.fake.responseUrl(`click-${messageTs}-${userId}`),
      },
      { signingSecret: stack.signingSecret },
    );
    expect(answer.status).toBe(200);
    return answer;
  }

  async function startCapture() {
    const before = stack.fake.messages.length;
    await slash(stack, capture);
    const [parent] = await stack.fake.waitFor(
      'the queued message',
      () => parentsSince(stack, before).length > 0 && parentsSince(stack, before),
    );
    if (!parent) throw new Error('no parent');
    await stack.fake.waitFor(
      'tcpdump running',
      () => /running/.test(firstLine(parent)) && tcpdumpsOfThisTest() > 0,
    );
    return parent;
  }

  it('stops a running tcpdump when its requester clicks Cancel, and refuses anyone else', async () => {
    const parent = await startCapture();

    await click(actionIds.cancel, buttonValue(parent, actionIds.cancel), parent.ts, 'U0MALLORY');
    const refusal = await stack.fake.waitFor('the refusal', () =>
      stack.fake.responseUrlPosts.find((post) => post.id === `click-${parent.ts}-U0MALLORY`),
    );
    expect(refusal.body).toMatchObject({
      response_type: 'ephemeral',
      text: `only <@U0ALICE> can cancel #${jobIdOf(parent)}`,
    });
    expect(tcpdumpsOfThisTest()).toBeGreaterThan(0);

    await click(actionIds.cancel, buttonValue(parent, actionIds.cancel), parent.ts);
    const reply = await waitForResult(stack, parent);
    expect(firstLine(parent)).toMatch(
      /^:no_entry_sign: .* · tcpdump · \S+ — canceled (by <@U0ALICE> )?after /,
    );
    expect(JSON.stringify(reply.blocks)).toMatch(/— canceled/);
    expect(tcpdumpsOfThisTest()).toBe(0);
    expectEverythingWithinLimits(stack);
  });

  it('runs the command again, as a new job with its own message, when its requester clicks Rerun', async () => {
    const parents = parentsSince(stack, 0);
    const previous = parents.at(-1);
    if (!previous) throw new Error('the cancel test leaves a finished job');
    const before = stack.fake.messages.length;
    await click(actionIds.rerun, buttonValue(previous, actionIds.rerun), previous.ts);
    const [rerun] = await stack.fake.waitFor(
      'the rerun message',
      () => parentsSince(stack, before).length > 0 && parentsSince(stack, before),
    );
    if (!rerun) throw new Error('no rerun');
    expect(jobIdOf(rerun)).not.toBe(jobIdOf(previous));
    expect(JSON.stringify(rerun.blocks)).toContain(
      '`tcpdump -i lo -c 3 udp port 31977 --timeout 30s` in host',
    );
    await stack.fake.waitFor(
      'the rerun running',
      () => /running/.test(firstLine(rerun)) && tcpdumpsOfThisTest() > 0,
    );
    await click(actionIds.cancel, buttonValue(rerun, actionIds.cancel), rerun.ts);
    await waitForResult(stack, rerun);
    expect(tcpdumpsOfThisTest()).toBe(0);
  });

  it('uploads the capture of tcpdump --pcap into the thread as a file', async () => {
    const before = stack.fake.messages.length;
    await slash(stack, 'tcpdump host -i lo -c 1 udp port 31978 --pcap --timeout 20s');
    const [parent] = await stack.fake.waitFor(
      'the queued message',
      () => parentsSince(stack, before).length > 0 && parentsSince(stack, before),
    );
    if (!parent) throw new Error('no parent');
    await stack.fake.waitFor('tcpdump running', () => /running/.test(firstLine(parent)));
    // One datagram to loopback, where nothing listens, every 100 ms until tcpdump has caught one.
    const sender = createSocket('udp4');
    try {
      await waitFor(
        () =>
          JSON.stringify(parent.blocks).includes('result in the thread') ||
          void sender.send('netshoot-bot pcap test', 31978, '127.0.0.1'),
        { what: 'tcpdump catching a datagram sent every 100 ms', everyMs: 100 },
      );
    } finally {
      sender.close();
    }
    await waitForResult(stack, parent);
    const capture = await stack.fake.waitFor('the pcap', () =>
      [...stack.fake.files.values()].find((file) => file.filename.endsWith('.pcap') && file.completed),
    );
    expect(capture.completed).toMatchObject({ channelId: parent.channel, threadTs: parent.ts });
    // A pcap file starts with its magic number, in either byte order.
    expect(['d4c3b2a1', 'a1b2c3d4']).toContain(capture.bytes?.subarray(0, 4).toString('hex'));
    expect(capture.bytes?.includes(Buffer.from('netshoot-bot pcap test'))).toBe(true);
    expectEverythingWithinLimits(stack);
  });

  it('retries a chat.update refused with 429 after the Retry-After it was given', async () => {
    stack.fake.rateLimit('chat.update', 1, 1);
    const updatesBefore = stack.fake.callsOf('chat.update').length;
    const before = stack.fake.messages.length;
    await slash(stack, 'ping host 127.0.0.1 -c 1');
    const [parent] = await stack.fake.waitFor(
      'the queued message',
      () => parentsSince(stack, before).length > 0 && parentsSince(stack, before),
    );
    if (!parent) throw new Error('no parent');
    await waitForResult(stack, parent);
    const updates = stack.fake.callsOf('chat.update').slice(updatesBefore);
    const limited = updates.findIndex((call) => call.status === 429);
    expect(limited).toBeGreaterThanOrEqual(0);
    const retry = updates[limited + 1];
    expect(retry?.status).toBe(200);
    expect(retry?.args.ts).toBe(updates[limited]?.args.ts);
    expect((retry?.at ?? 0) - (updates[limited]?.at ?? 0)).toBeGreaterThanOrEqual(1000);
    expect(firstLine(parent)).toMatch(/^:white_check_mark: .* · ping · \S+$/);
  });
});
