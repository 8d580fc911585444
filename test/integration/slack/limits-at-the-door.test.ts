import { jest } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWith } from '../../harness/infrastructure.js';
import { startSlackStack, type SlackStack } from '../../harness/slack/slack-stack.js';
import { commandOutcomes, slash, waitForOutcomes } from './slack-test-helpers.js';

jest.setTimeout(90_000);

/** Read tools for everyone, three jobs at once per person, twelve per channel. */
const policyText = [
  'version: 1',
  'limits:',
  '  perUser: { runningJobs: 3, commandsPerMinute: 20 }',
  '  perChannel: { runningJobs: 12, commandsPerMinute: 60 }',
  'rules:',
  '  - name: read-tools-for-everyone',
  '    effect: allow',
  '    who: { everyone: true }',
  '    tools: [read]',
  '',
].join('\n');

const users = ['U0ANN', 'U0BOB', 'U0CAT', 'U0DAN', 'U0EVE'];

describeWith(['redis'], 'the limits at the slash-command door', () => {
  let dir: string;
  let stack: SlackStack;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nsb-limits-door-'));
    const policyPath = join(dir, 'policy.yaml');
    writeFileSync(policyPath, policyText);
    // No worker: every admitted job keeps its slots, so what the limits let through is what they hold.
    stack = await startSlackStack({ mode: 'http', worker: false, policyPath });
  });

  afterAll(async () => {
    await stack.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('holds under 50 concurrent commands from 5 people: at most 3 each, 12 in the channel, the rest told which limit', async () => {
    const before = await commandOutcomes(stack);
    const sent = users.flatMap((userId) =>
      Array.from({ length: 10 }, () => slash(stack, 'dig host example.test', { userId })),
    );
    const answers = await Promise.all(sent);
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    await waitForOutcomes(stack, before, { accepted: 12, forbidden: 38 });

    const jobs = await stack.queue.recent({ limit: 100 });
    const perUser = new Map<string, number>();
    for (const job of jobs) {
      const origin = job.data.origin;
      if (origin.via === 'slack') perUser.set(origin.userId, (perUser.get(origin.userId) ?? 0) + 1);
    }
    expect(jobs).toHaveLength(12);
    for (const count of perUser.values()) expect(count).toBeLessThanOrEqual(3);

    // Each refusal is counted, then told through its response_url.
    const refused = () =>
      stack.fake.responseUrlPosts
        .map((post) => String(post.body.text))
        .filter((text) => / the limit is \d+/.test(text));
    const refusals = await stack.fake.waitFor('38 refusals told', () => refused().length >= 38 && refused());
    expect(refusals).toHaveLength(38);
    expect(refusals.some((text) => text.startsWith('you have 3 jobs running; the limit is 3'))).toBe(true);
    expect(refusals.some((text) => /^this channel has 12 jobs running; the limit is 12/.test(text))).toBe(
      true,
    );
  });
});
