import { jest } from '@jest/globals';
import { App, HTTPReceiver } from '@slack/bolt';
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { commands, findCommand } from '../../../commands/index.js';
import type { AuditRecord, AuditTrail } from '../../../src/audit/audit-record.js';
import { ForbiddenError } from '../../../src/errors.js';
import { createLocalExecutor } from '../../../src/executors/local/local-executor.js';
import { parseRequest } from '../../../src/grammar/parse-request.js';
import { decide } from '../../../src/policy/decide.js';
import type { Decision } from '../../../src/policy/decision.js';
import type { Gate, GateInput } from '../../../src/policy/gate.js';
import { parsePolicy } from '../../../src/policy/load-policy.js';
import { policyRequestOf } from '../../../src/policy/policy-request.js';
import { createArtifactStore } from '../../../src/queue/artifact-store.js';
import { createJobQueue, type JobQueue } from '../../../src/queue/job-queue.js';
import type { ApprovalDependencies } from '../../../src/slack/approvals/approval-dependencies.js';
import { approvalActionIds } from '../../../src/slack/approvals/approval-message.js';
import { createApprovalStore } from '../../../src/slack/approvals/approval-store.js';
import { createApprovalDoor, type ApprovalDoor } from '../../../src/slack/approvals/approval-door.js';
import { boltLogger } from '../../../src/slack/bolt-logger.js';
import { createWebClient, slackClientOptions } from '../../../src/slack/create-web-client.js';
import { createMessageStore } from '../../../src/slack/message-store.js';
import { createSlackReporter } from '../../../src/slack/slack-reporter.js';
import { createGroupMembership } from '../../../src/slack/usergroups.js';
import { createWorker, type JobWorker } from '../../../src/worker/create-worker.js';
import { describeWith, testRedisUrl } from '../../harness/infrastructure.js';
import { FakeSlack, type PostedMessage } from '../../harness/slack/fake-slack.js';
import { sendBlockAction } from '../../harness/slack/signed-requests.js';

/** The bot's queue signs with it and the worker checks it, as NETSHOOT_JOB_SECRET does. */
const jobSecret = 'approvals-test-secret-0123456789abcdef';

jest.setTimeout(60_000);

const leads = 'S0SRELEADS';
const channel = 'C0INCIDENT';
/** Our own Redis traffic on loopback: tcpdump -c 1 catches a packet at once. */
const redisPort = new URL(testRedisUrl).port || '6379';
const capture = `tcpdump host -i lo -c 1 tcp port ${redisPort} --timeout 20s`;

const policy = parsePolicy(
  `version: 1
groups:
  sre-leads: ${leads}
rules:
  - name: captures-need-a-lead
    effect: require-approval
    who: { everyone: true }
    tools: [tcpdump]
    approval: { by: sre-leads }
  - name: scans-need-a-lead-quickly
    effect: require-approval
    who: { everyone: true }
    tools: [nmap]
    approval: { by: sre-leads, expiresAfter: 1500ms }
`,
  'approvals-test-policy.yaml',
);

/** One bot replica: a Bolt app with the approval listeners, on a free port. */
interface Replica {
  readonly eventsUrl: string;
  readonly app: App;
  readonly door: ApprovalDoor;
}

/**
 * The approval flow end to end against the fake Slack: asked as a door asks, clicked through real
 * signed Bolt requests, queued on real Redis and run by the worker with the local executor. The gate
 * is the test's own, deciding with the real `decide` on the policy above (the slash command's wiring
 * is another part's).
 */
describeWith(['redis'], 'approvals', () => {
  let fake: FakeSlack;
  let redis: Redis;
  let queue: JobQueue;
  let worker: JobWorker;
  let replicas: Replica[];
  let audit: AuditRecord[];
  let deps: ApprovalDependencies;
  let refuseAdmission: string | undefined;
  /** The policy in force: a test swaps it, as a reload would, while a request waits. */
  let policyNow = policy;
  const signingSecret = `signing-${randomUUID()}`;
  const cluster = `approvals-${randomUUID().slice(0, 8)}`;
  const prefix = `nsbtest-${cluster}`;
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

  beforeAll(async () => {
    fake = await FakeSlack.start();
    fake.setUserGroup(leads, ['U0LEAD1', 'U0LEAD2', 'U0ASKER']);
    redis = new Redis(testRedisUrl, { maxRetriesPerRequest: 1 });
    queue = createJobQueue({ redisUrl: testRedisUrl, cluster, prefix, jobSecret });
    const messages = createMessageStore(redis, prefix);
    const client = createWebClient(fake.botToken, fake.apiUrl, logger);
    const groups = createGroupMembership(client, { ttlMs: 60_000, logger });
    const trail: AuditTrail = {
      async record(entry) {
        audit.push({ ...entry, at: entry.at ?? new Date().toISOString() });
      },
    };
    deps = {
      approvals: createApprovalStore(redis, prefix),
      gate: testGate(groups),
      groups,
      queueFor: () => queue,
      messages,
      audit: trail,
      logger,
      client,
    };
    worker = createWorker({
      redisUrl: testRedisUrl,
      cluster,
      prefix,
      jobSecret,
      concurrency: 2,
      executors: [createLocalExecutor()],
      reporter: createSlackReporter({
        client,
        messages,
        artifacts: createArtifactStore(redis, { prefix }),
        cluster,
        logger,
      }),
      logger,
      commands,
      overheadMs: 10_000,
      lockDurationMs: 5_000,
    });
    await worker.start();
    // Two replicas on one Redis, as a deployment with two bot pods: each sweeps, each takes clicks.
    replicas = [await startReplica(), await startReplica()];
  });

  beforeEach(() => {
    audit = [];
    refuseAdmission = undefined;
    policyNow = policy;
  });

  afterAll(async () => {
    for (const replica of replicas ?? []) {
      await replica.door.stop();
      await replica.app.stop();
    }
    await worker?.stop(2000);
    await queue?.obliterate();
    await queue?.close();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    await fake?.close();
  });

  async function startReplica(): Promise<Replica> {
    const receiver = new HTTPReceiver({
      signingSecret,
      endpoints: '/slack/events',
      logger: boltLogger(logger),
    });
    const app = new App({
      receiver,
      token: fake.botToken,
      logger: boltLogger(logger),
      clientOptions: slackClientOptions(fake.apiUrl),
    });
    // The app's own client (on the fake Slack through clientOptions), as create-slack-app would pass it.
    const { client: _client, ...withoutClient } = deps;
    const door = createApprovalDoor(app, withoutClient, { sweepEveryMs: 100 });
    const server = (await app.start(0)) as Server;
    door.start();
    return {
      app,
      door,
      eventsUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`,
    };
  }

  /** A gate as the doors' will be: the real decide, group IDs from Slack, admit with the approver. */
  function testGate(groups: ReturnType<typeof createGroupMembership>): Gate {
    const decideFor = async (input: GateInput): Promise<Decision> => {
      const command = findCommand(input.request.tool);
      if (!command || input.caller.kind !== 'slack') throw new Error('the test gate takes Slack tools');
      const groupIds = await groups.groupIdsOf(input.caller.userId, Object.values(policyNow.groups ?? {}));
      return decide(policyNow, policyRequestOf(input.request, command, cluster), {
        kind: 'slack',
        userId: input.caller.userId,
        channelId: input.caller.channelId,
        groupIds,
      });
    };
    return {
      decide: decideFor,
      async admit(input, approval) {
        const decision = await decideFor(input);
        if (refuseAdmission) return { kind: 'refused', error: new ForbiddenError(refuseAdmission) };
        if (decision.effect === 'deny' || (decision.effect === 'needs-approval' && !approval))
          return { kind: 'refused', error: new ForbiddenError(decision.reason) };
        if (input.caller.kind !== 'slack') throw new Error('the test gate takes Slack callers');
        const { userId, channelId } = input.caller;
        return {
          kind: 'admitted',
          authorization: {
            subject: { kind: 'slack', userId, channelId },
            door: input.door,
            rule: decision.rule,
            ...(approval ? { approvedBy: approval.approvedBy } : {}),
          },
          ticket: { id: input.dedupeKey, user: userId, channel: channelId, holdMs: 60_000 },
        };
      },
      async release() {},
    };
  }

  /** The door's part: decide, and for needs-approval ask; returns the approval message. */
  async function ask(text: string, requester = 'U0ASKER') {
    const input: GateInput = {
      request: parseRequest(text, commands),
      caller: { kind: 'slack', userId: requester, channelId: channel },
      door: 'slash-command',
      dedupeKey: `slack:${randomUUID()}`,
    };
    const decision = await deps.gate.decide(input);
    if (decision.effect !== 'needs-approval')
      throw new Error(`expected needs-approval, got ${decision.effect}`);
    const asked = await (replicas[0]?.door ?? fail('no replica')).ask({ input, decision, teamId: 'T0FAKE' });
    const message = fake.message(asked.message.channel, asked.message.ts);
    if (!message) throw new Error('the approval message was not posted');
    return { ...asked, message };
  }

  /** A click on a button of the request's message, as it was first posted (buttons go once it is decided). */
  async function click(
    kind: 'approve' | 'deny',
    asked: { approvalId: string; message: PostedMessage },
    userId: string,
    replica = 0,
  ): Promise<string> {
    const responseId = `click-${randomUUID()}`;
    const { message } = asked;
    const value = asked.approvalId;
    const answer = await sendBlockAction(
      replicas[replica]?.eventsUrl ?? '',
      {
        actionId: approvalActionIds[kind],
        value,
        messageTs: message.ts,
        userId,
        responseUrl: fake.responseUrl(responseId),
      },
      { signingSecret },
    );
    expect(answer.status).toBe(200);
    return responseId;
  }

  /** What the clicker was told privately, once the listener has answered. */
  async function toldClicker(responseId: string): Promise<string> {
    const post = await fake.waitFor(`the answer to click ${responseId}`, () =>
      fake.responseUrlPosts.find((candidate) => candidate.id === responseId),
    );
    expect(post.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    return String(post.body.text);
  }

  const jobsInQueue = async () => queue.recent({ channelId: channel, limit: 50 });
  const events = () => audit.map((record) => record.event);

  it('posts one message asking the group, and queues nothing until someone approves', async () => {
    const asked = await ask(capture);
    expect(asked.reply).toBe('waiting for approval by @sre-leads (expires in 15 min)');
    expect(firstLine(asked.message)).toBe(
      `:hourglass_flowing_sand: waiting for approval by <!subteam^${leads}>: tcpdump on host, asked by <@U0ASKER>`,
    );
    expect(sectionText(asked.message)).toContain(`\`${capture}\``);
    expect(contextText(asked.message)).toMatch(/captures-need-a-lead.*expires in 15 min/);
    expect(buttonsOf(asked.message)).toEqual(['Approve', 'Deny']);
    expect(buttonValue(asked.message, approvalActionIds.approve)).toBe(asked.approvalId);
    expect(buttonValue(asked.message, approvalActionIds.deny)).toBe(asked.approvalId);
    expect(await jobsInQueue()).toHaveLength(0);
    expect(events()).toEqual(['approval-asked']);
    expect(audit[0]).toMatchObject({
      door: 'slash-command',
      subject: 'U0ASKER',
      channel,
      tool: 'tcpdump',
      text: capture,
      rule: 'captures-need-a-lead',
    });
  });

  it('refuses the requester and anyone outside the group, and changes nothing', async () => {
    const asked = await ask(capture);
    const before = await jobsInQueue();

    expect(await toldClicker(await click('approve', asked, 'U0ASKER'))).toBe(
      'you asked for it: someone else in @sre-leads must approve it',
    );
    expect(await toldClicker(await click('approve', asked, 'U0MALLORY'))).toBe(
      "only people in @sre-leads can approve or deny this request (the policy's rule captures-need-a-lead)",
    );
    expect(await toldClicker(await click('deny', asked, 'U0MALLORY'))).toMatch(/^only people in @sre-leads/);

    expect(await deps.approvals.find(asked.approvalId)).toBeDefined();
    expect(asked.message.history).toHaveLength(1);
    expect(await jobsInQueue()).toHaveLength(before.length);
    expect(events()).toEqual(['approval-asked']);
  });

  it('queues and runs the job once a lead approves, and keeps the approver on its message to the end', async () => {
    const asked = await ask(capture);
    await click('approve', asked, 'U0LEAD1');

    const queued = await fake.waitFor('the approval message turned into the queued job', () =>
      asked.message.history.find((version) =>
        /^:hourglass_flowing_sand: queued as #\w+, waiting for a worker$/.test(firstLineOf(version.blocks)),
      ),
    );
    expect(contextOf(queued.blocks)).toBe('requested by <@U0ASKER>, approved by <@U0LEAD1>');
    const [job] = await jobsInQueue();
    expect(job?.data.dedupeKey).toBe(`approval:${asked.approvalId}`);
    expect(job?.data.origin).toMatchObject({ via: 'slack', userId: 'U0ASKER', channelId: channel });
    expect(job?.data.authorization).toMatchObject({ door: 'approval', approvedBy: 'U0LEAD1' });

    await fake.waitFor(
      'the result in the thread',
      () => fake.thread(channel, asked.message.ts).length > 0,
      30_000,
    );
    await fake.waitFor('the final edit of the job message', () =>
      contextText(asked.message).includes('result in the thread'),
    );
    expect(contextText(asked.message)).toBe(
      'requested by <@U0ASKER>, approved by <@U0LEAD1>, result in the thread',
    );
    // Every edit after the approval names the approver: queued, then the verdict (a capture done
    // within 2 s shows no running stage between them, docs/slack.md "Rate limits and budget").
    const afterApproval = asked.message.history.slice(1).map((version) => JSON.stringify(version.blocks));
    expect(afterApproval.length).toBeGreaterThanOrEqual(2);
    for (const version of afterApproval) expect(version).toContain('approved by <@U0LEAD1>');
    expect(events()).toEqual(['approval-asked', 'approved', 'queued']);
    expect(audit[1]).toMatchObject({ by: 'U0LEAD1', subject: 'U0ASKER', door: 'approval', tool: 'tcpdump' });

    expect(await toldClicker(await click('approve', asked, 'U0LEAD2'))).toBe(
      'this request is no longer waiting: it was approved, denied or it expired',
    );
  });

  it('posts the denial on the message, tells the requester, and queues nothing', async () => {
    const before = (await jobsInQueue()).length;
    const asked = await ask(capture);
    await click('deny', asked, 'U0LEAD2');

    await fake.waitFor('the denial on the message', () =>
      /^:no_entry_sign: denied/.test(firstLine(asked.message)),
    );
    expect(firstLine(asked.message)).toBe(
      ':no_entry_sign: denied by <@U0LEAD2>: tcpdump on host, asked by <@U0ASKER>',
    );
    expect(buttonsOf(asked.message)).toEqual([]);
    const told = await fake.waitFor('the requester told', () =>
      fake.callsOf('chat.postEphemeral').find((call) => String(call.args.text).includes('denied')),
    );
    expect(told.args).toMatchObject({
      channel,
      user: 'U0ASKER',
      text: '<@U0LEAD2> denied `tcpdump`; it was not run',
    });
    expect((await jobsInQueue()).length).toBe(before);
    expect(events()).toEqual(['approval-asked', 'approval-denied']);
    expect(audit[1]).toMatchObject({ by: 'U0LEAD2', subject: 'U0ASKER' });
  });

  it('posts the expiry on the message when nobody approves in time, once, and then refuses clicks', async () => {
    const before = (await jobsInQueue()).length;
    const asked = await ask('nmap host -p 9 198.18.0.1');
    expect(asked.reply).toBe('waiting for approval by @sre-leads (expires in 1.5 s)');

    await fake.waitFor('the expiry on the message', () =>
      /^:hourglass: expired/.test(firstLine(asked.message)),
    );
    expect(firstLine(asked.message)).toBe(
      ':hourglass: expired: nobody in @sre-leads approved within 1.5 s: nmap on host, asked by <@U0ASKER>',
    );
    expect(buttonsOf(asked.message)).toEqual([]);
    expect(await toldClicker(await click('approve', asked, 'U0LEAD1'))).toBe(
      'this request is no longer waiting: it was approved, denied or it expired',
    );
    // Two replicas sweep: still one expiry, one edit.
    expect(events()).toEqual(['approval-asked', 'approval-expired']);
    expect(asked.message.history).toHaveLength(2);
    expect((await jobsInQueue()).length).toBe(before);
  });

  it('queues exactly one job when two leads click Approve at once on two replicas', async () => {
    const before = (await jobsInQueue()).length;
    const asked = await ask(capture);
    const clicks = await Promise.all([
      click('approve', asked, 'U0LEAD1', 0),
      click('approve', asked, 'U0LEAD2', 1),
    ]);
    const answerTo = (id: string) => fake.responseUrlPosts.find((post) => post.id === id)?.body.text;
    await fake.waitFor(
      'one approval queued and the other click answered',
      () => events().includes('queued') && clicks.some((id) => answerTo(id) !== undefined),
    );
    // The winner is answered by the message itself; only the loser is told privately: that someone
    // decided first, or (when its look came after the claim) that the request is no longer waiting.
    expect(clicks.map(answerTo).filter((text) => text !== undefined)).toEqual([
      expect.stringMatching(/^(someone else decided first|this request is no longer waiting)/),
    ]);
    expect((await jobsInQueue()).length).toBe(before + 1);
    expect(events().filter((event) => event === 'approved')).toHaveLength(1);
    expect(events().filter((event) => event === 'queued')).toHaveLength(1);
    await fake.waitFor(
      'the result in the thread',
      () => fake.thread(channel, asked.message.ts).length > 0,
      30_000,
    );
  });

  it('decides again at the click: a policy reloaded to deny it since is not overridden by the approval', async () => {
    const before = (await jobsInQueue()).length;
    const asked = await ask(capture);
    policyNow = parsePolicy(
      `version: 1
groups:
  sre-leads: ${leads}
rules:
  - name: no-captures-during-the-freeze
    effect: deny
    who: { everyone: true }
    tools: [tcpdump]
`,
      'reloaded-policy.yaml',
    );
    await click('approve', asked, 'U0LEAD1');
    await fake.waitFor('the refusal on the message', () => /but not run/.test(firstLine(asked.message)));
    expect(firstLine(asked.message)).toBe(
      ":no_entry_sign: approved by <@U0LEAD1>, but not run: the policy's rule no-captures-during-the-freeze denies tcpdump (privileged) on host to <@U0ASKER>: tcpdump on host, asked by <@U0ASKER>",
    );
    expect((await jobsInQueue()).length).toBe(before);
    expect(events()).toEqual(['approval-asked', 'approved', 'refused']);
    expect(audit[2]).toMatchObject({
      rule: 'no-captures-during-the-freeze',
      subject: 'U0ASKER',
      by: 'U0LEAD1',
    });
  });

  it('says on the message why an approved request was not run when the gate refuses it', async () => {
    const before = (await jobsInQueue()).length;
    const asked = await ask(capture);
    refuseAdmission = 'you have 3 jobs running; the limit is 3';
    await click('approve', asked, 'U0LEAD1');
    await fake.waitFor('the refusal on the message', () => /but not run/.test(firstLine(asked.message)));
    expect(firstLine(asked.message)).toBe(
      ':no_entry_sign: approved by <@U0LEAD1>, but not run: you have 3 jobs running; the limit is 3: tcpdump on host, asked by <@U0ASKER>',
    );
    expect((await jobsInQueue()).length).toBe(before);
  });
});

function fail(why: string): never {
  throw new Error(why);
}

function sectionText(message: PostedMessage): string {
  const block = message.blocks?.[0] as { text?: { text?: string } } | undefined;
  return block?.text?.text ?? '';
}

function firstLine(message: PostedMessage): string {
  return sectionText(message).split('\n')[0] ?? '';
}

function firstLineOf(blocks: unknown[] | undefined): string {
  const block = blocks?.[0] as { text?: { text?: string } } | undefined;
  return block?.text?.text?.split('\n')[0] ?? '';
}

function contextText(message: PostedMessage): string {
  return contextOf(message.blocks);
}

function contextOf(blocks: unknown[] | undefined): string {
  const block = blocks?.find((candidate) => (candidate as { type?: string }).type === 'context') as
    { elements?: { text?: string }[] } | undefined;
  return block?.elements?.map((element) => element.text).join(' ') ?? '';
}

function buttonsOf(message: PostedMessage): string[] {
  return (message.blocks ?? []).flatMap((block) =>
    ((block as { elements?: { type?: string; text?: { text?: string } }[] }).elements ?? [])
      .filter((element) => element.type === 'button')
      .map((element) => element.text?.text ?? ''),
  );
}

function buttonValue(message: PostedMessage, actionId: string): string {
  for (const block of message.blocks ?? []) {
    const elements = (block as { elements?: { action_id?: string; value?: string }[] }).elements ?? [];
    const button = elements.find((element) => element.action_id === actionId);
    if (button?.value) return button.value;
  }
  throw new Error(`no ${actionId} button on ${JSON.stringify(message.blocks)}`);
}
