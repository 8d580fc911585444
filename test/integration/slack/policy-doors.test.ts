import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import type { PolicyStatus } from '../../../src/policy/ports.js';
import { CliContext } from '../../../src/main/cli-context.js';
import { main } from '../../../src/main/cli.js';
import { hasValidSignature } from '../../../src/queue/job-signature.js';
import { healthRoutes, serveHealthRoutes } from '../../../src/slack/health-routes.js';
import { actionIds, encodeJobReference } from '../../../src/slack/blocks/job-actions.js';
import { describeWith } from '../../harness/infrastructure.js';
import { sendBlockAction } from '../../harness/slack/signed-requests.js';
import { startSlackStack, type SlackStack } from '../../harness/slack/slack-stack.js';
import { ephemeralOf, parentsSince, jobIdOf, slash } from './slack-test-helpers.js';

jest.setTimeout(60_000);

/** tcpdump for U0ALLOWED only; nmap for anyone once someone in sre-leads approves; read tools for all. */
const policyText = [
  'version: 1',
  'groups:',
  '  sre-leads: S0LEADS',
  // No worker runs here, so the first capture would hold the target's one capture slot (docs/limits.md).
  'limits:',
  '  capturesPerTarget: 2',
  'rules:',
  '  - name: read-tools-for-everyone',
  '    effect: allow',
  '    who: { everyone: true }',
  '    tools: [read]',
  '  - name: captures-for-allowed',
  '    effect: allow',
  '    who: { users: [U0ALLOWED] }',
  '    tools: [tcpdump]',
  '  - name: scans-need-leads',
  '    effect: require-approval',
  '    who: { everyone: true }',
  '    tools: [nmap]',
  '    approval: { by: sre-leads }',
  '',
].join('\n');

const capture = 'tcpdump host -i lo -c 1 udp port 31999 --timeout 10s';

describeWith(['redis'], 'the policy at every Slack door', () => {
  let dir: string;
  let policyPath: string;
  const stacks: SlackStack[] = [];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'nsb-doors-'));
    policyPath = join(dir, 'policy.yaml');
    writeFileSync(policyPath, policyText);
  });

  afterAll(async () => {
    for (const stack of stacks) await stack.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A bot without a worker: what the doors queue stays in the queue for the test to read. */
  async function stackWith(options: Omit<Parameters<typeof startSlackStack>[0], 'mode' | 'worker'>) {
    const stack = await startSlackStack({ mode: 'http', worker: false, ...options });
    stacks.push(stack);
    return stack;
  }

  async function jobsOf(stack: SlackStack, userId: string) {
    return stack.queue.recent({ userId, limit: 50 });
  }

  function clickRerun(stack: SlackStack, jobId: string, userId: string) {
    const id = `rerun-${randomUUID()}`;
    return sendBlockAction(
      stack.eventsUrl,
      {
        actionId: actionIds.rerun,
        value: encodeJobReference({ cluster: stack.cluster, jobId }),
        messageTs: '1700000000.000100',
        userId,
        responseUrl: stack.fake.responseUrl(id),
      },
      { signingSecret: stack.signingSecret },
    ).then(() =>
      stack.fake.waitFor(`the answer to ${userId}'s Rerun`, () =>
        stack.fake.responseUrlPosts.find((post) => post.id === id),
      ),
    );
  }

  it('refuses tcpdump to someone the policy does not allow, in the ack, queues nothing and audits it', async () => {
    const stack = await stackWith({ policyPath });
    const reply = ephemeralOf(await slash(stack, capture, { userId: 'U0MALLORY' }));
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text).toContain(
      'no rule of the policy allows tcpdump (privileged) on host to you in this channel',
    );
    expect(reply.text).toContain(`ask whoever keeps the policy (${policyPath})`);
    expect(await jobsOf(stack, 'U0MALLORY')).toEqual([]);
    expect(parentsSince(stack, 0)).toEqual([]);
    expect(
      stack.audit.records.map((record) => [record.event, record.door, record.subject, record.rule]),
    ).toEqual([
      ['requested', 'slash-command', 'U0MALLORY', 'default'],
      ['refused', 'slash-command', 'U0MALLORY', 'default'],
    ]);
    expect(stack.audit.records[1]).toMatchObject({
      tool: 'tcpdump',
      channel: 'C0INCIDENT',
      cluster: stack.cluster,
    });
  });

  it("queues U0ALLOWED's tcpdump with a signed authorization naming the door and the rule, and refuses the Rerun of another user", async () => {
    const stack = await stackWith({ policyPath });
    const answer = await slash(stack, capture, { userId: 'U0ALLOWED' });
    expect(answer.body).toBe('');
    const [parent] = await stack.fake.waitFor('the queued message', () => {
      const parents = parentsSince(stack, 0);
      return parents.length > 0 && parents;
    });
    if (!parent) throw new Error('no queued message');
    const jobId = jobIdOf(parent);
    const job = await stack.queue.get(jobId);
    expect(job?.data.authorization).toMatchObject({
      subject: { kind: 'slack', userId: 'U0ALLOWED', channelId: 'C0INCIDENT' },
      door: 'slash-command',
      rule: 'captures-for-allowed',
    });
    expect(hasValidSignature(job!.data, stack.jobSecret)).toBe(true);
    expect(hasValidSignature(job!.data, 'another secret')).toBe(false);
    await stack.fake.waitFor('the queued audit record', () =>
      stack.audit.records.find((record) => record.event === 'queued' && record.jobId === jobId),
    );

    // Mallory clicks Rerun on Allowed's capture: the policy decides for the person who clicked.
    const refusal = await clickRerun(stack, jobId, 'U0MALLORY');
    expect(refusal.body).toMatchObject({ response_type: 'ephemeral' });
    expect(String((refusal.body as { text?: string }).text)).toMatch(
      new RegExp(
        `^#${jobId} was not run again: no rule of the policy allows tcpdump \\(privileged\\) on host to you in this channel`,
      ),
    );
    expect(await jobsOf(stack, 'U0MALLORY')).toEqual([]);
    expect(
      stack.audit.records
        .filter((record) => record.door === 'rerun')
        .map((record) => [record.event, record.subject, record.rule]),
    ).toEqual([
      ['requested', 'U0MALLORY', 'default'],
      ['refused', 'U0MALLORY', 'default'],
    ]);

    // Allowed's own Rerun is a new job, signed, at the Rerun door.
    const before = stack.fake.messages.length;
    await sendBlockAction(
      stack.eventsUrl,
      {
        actionId: actionIds.rerun,
        value: encodeJobReference({ cluster: stack.cluster, jobId }),
        messageTs: parent.ts,
        userId: 'U0ALLOWED',
      },
      { signingSecret: stack.signingSecret },
    );
    const [rerun] = await stack.fake.waitFor('the rerun message', () => {
      const parents = parentsSince(stack, before);
      return parents.length > 0 && parents;
    });
    const rerunJob = await stack.queue.get(jobIdOf(rerun!));
    expect(rerunJob?.data.authorization).toMatchObject({ door: 'rerun', rule: 'captures-for-allowed' });
    expect(hasValidSignature(rerunJob!.data, stack.jobSecret)).toBe(true);
  });

  it('refuses a request that needs approval when approvals are not set up, and queues nothing', async () => {
    const stack = await stackWith({ policyPath });
    const reply = ephemeralOf(await slash(stack, 'nmap host 198.18.0.1', { userId: 'U0DAVE' }));
    expect(reply.text).toMatch(/^this needs approval by sre-leads, and approvals are not set up in this bot/);
    expect(await jobsOf(stack, 'U0DAVE')).toEqual([]);
  });

  it('hands a request that needs approval to the approvals after the ack: the approvers are asked in the channel, nothing is queued', async () => {
    const stack = await stackWith({ policyPath, approvals: true });
    stack.fake.setUserGroup('S0LEADS', ['U0LEAD']);
    const answer = await slash(stack, 'nmap host 198.18.0.1', { userId: 'U0DAVE' });
    expect(answer.body).toBe('');
    const told = await stack.fake.waitFor('the requester told whom they wait for', () =>
      stack.fake.responseUrlPosts.find((post) => String(post.body.text).startsWith('waiting for approval')),
    );
    expect(told.body).toMatchObject({ response_type: 'ephemeral' });
    expect(String(told.body.text)).toBe('waiting for approval by @sre-leads (expires in 15 min)');
    const [asking] = await stack.fake.waitFor('the approval request in the channel', () => {
      const parents = parentsSince(stack, 0);
      return parents.length > 0 && parents;
    });
    expect(asking!.text).toMatch(/^waiting for approval by @sre-leads: nmap on host, asked by @U0DAVE/);
    expect(JSON.stringify(asking!.blocks)).toContain('<!subteam^S0LEADS>');
    expect(JSON.stringify(asking!.blocks)).toContain('netshoot_approval_approve');
    expect(await jobsOf(stack, 'U0DAVE')).toEqual([]);
  });

  it('without a policy file, opens read tools to everyone and refuses tcpdump with a pointer to docs/policy.md', async () => {
    const stack = await stackWith({});
    await slash(stack, 'dig host example.test', { userId: 'U0ANYONE' });
    const [parent] = await stack.fake.waitFor('the queued dig', () => {
      const parents = parentsSince(stack, 0);
      return parents.length > 0 && parents;
    });
    const job = await stack.queue.get(jobIdOf(parent!));
    expect(job?.data.authorization).toMatchObject({ door: 'slash-command', rule: 'read-tools-for-everyone' });

    const reply = ephemeralOf(await slash(stack, capture, { userId: 'U0ANYONE' }));
    expect(reply.text).toContain('`tcpdump` is a privileged tool');
    expect(reply.text).toContain('docs/policy.md');
    expect((await jobsOf(stack, 'U0ANYONE')).map((found) => found.data.request.tool)).toEqual(['dig']);
  });
});

describe('a policy file that does not load', () => {
  it('stops `netshoot-bot bot` at start with the file and its problem, exit 1, no stack', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nsb-broken-policy-'));
    try {
      const broken = join(dir, 'policy.yaml');
      writeFileSync(broken, 'version: 2\nrules: []\n');
      let err = '';
      const context = new CliContext(
        { out: () => undefined, err: (text) => void (err += text) },
        {
          SLACK_SIGNING_SECRET: '0123456789abcdef0123456789abcdef',
          SLACK_BOT_TOKEN: 'xoxb-0000000000-0000000000-unusedunusedunused',
          // Nothing listens there: the policy is read before Slack or Redis is asked anything.
          SLACK_API_URL: 'http://127.0.0.1:9/api/',
          REDIS_URL: 'redis://127.0.0.1:9',
          NETSHOOT_POLICY: broken,
          NETSHOOT_JOB_SECRET: '0123456789abcdef0123456789abcdef',
          LOG_LEVEL: 'silent',
        },
      );
      const status = await main(['bot'], context);
      expect(status).toBe(1);
      expect(err).toContain(broken);
      expect(err).not.toMatch(/\n\s+at /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('GET /readyz after a policy reload that failed', () => {
  it('stays 200 and says which policy stays in force, and why the reload failed', async () => {
    let status: PolicyStatus = { source: '/etc/netshoot/policy.yaml', loadedAt: '2026-11-30T05:00:00.000Z' };
    const server = await serveHealthRoutes(
      healthRoutes({
        readiness: async () => undefined,
        registry: new Registry(),
        policyStatus: () => status,
      }),
      0,
    );
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/readyz`;
      const before = await fetch(url);
      expect([before.status, await before.text()]).toEqual([200, 'ready\n']);
      status = {
        ...status,
        reloadError: {
          at: '2026-11-30T05:10:00.000Z',
          message: 'policy.yaml:4: rules: add at least one rule',
        },
      };
      const after = await fetch(url);
      expect([after.status, await after.text()]).toEqual([
        200,
        'ready; policy reload failed at 2026-11-30T05:10:00.000Z: policy.yaml:4: rules: add at least one rule; the policy loaded at 2026-11-30T05:00:00.000Z stays in force\n',
      ]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
