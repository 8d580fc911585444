import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import type { JobData } from '../../../src/queue/job.js';
import { defaultQueuePrefix, queueNameFor } from '../../../src/queue/queue-names.js';
import { redisOptionsFromUrl } from '../../../src/queue/redis-options.js';
import { describeWith, testRedisUrl } from '../../harness/infrastructure.js';
import { FakeSlack } from '../../harness/slack/fake-slack.js';
import { within } from '../../harness/wait-for.js';
import type { CliProcess } from './cli-process.js';
import { rollingSetup, slash, startBotProcess, type RollingSetup } from './slack-bot-process.js';

type Bot = CliProcess & { eventsUrl: string };

const burstPolicy = `version: 1
limits:
  perUser: { commandsPerMinute: 100, runningJobs: 100 }
  perChannel: { commandsPerMinute: 1000, runningJobs: 1000 }
rules:
  - name: read-tools-for-everyone
    effect: allow
    who: { everyone: true }
    tools: [read]
`;

/** How one command went through the load balancer: acked by which replica, or not at all. */
interface Sent {
  readonly triggerId: string;
  readonly ackedBy?: 'a' | 'b';
  /** The answer when it was not an accepting ack. */
  readonly refused?: string;
}

/**
 * Issue 15, rolling upgrades: two `netshoot-bot bot` replicas behind a load balancer (this test plays
 * it: a replica that refuses the connection gets the request sent to the other, as a Service or an
 * ingress does), one stopped by SIGTERM in the middle of a burst of signed slash commands. No worker
 * runs: every acked command must be waiting in the queue, once.
 */
describeWith(['redis'], 'a bot replica stopped by SIGTERM during a burst of commands', () => {
  let fake: FakeSlack;
  let setup: RollingSetup;
  let queue: Queue<JobData>;
  const bots: Bot[] = [];

  // A channel and people of this run only: the limits' counters in Redis outlive a run.
  const run = randomUUID().slice(0, 8).toUpperCase();
  const channelId = `C0BURST${run}`;
  let policyDir: string;
  let policyPath: string;
  // A policy file requires the secret that signs jobs (SPEC 6).
  const jobSecret = randomBytes(32).toString('hex');

  beforeAll(async () => {
    fake = await FakeSlack.start({ channels: [channelId] });
    setup = rollingSetup(fake);
    // An incident channel's burst is above the default limits (10 queued jobs a channel); this test
    // is about the stop, not the limits, so the policy lifts them.
    policyDir = await mkdtemp(join(tmpdir(), 'nsb-rolling-'));
    policyPath = join(policyDir, 'policy.yaml');
    await writeFile(policyPath, burstPolicy);
    queue = new Queue<JobData>(queueNameFor(setup.cluster), {
      connection: redisOptionsFromUrl(testRedisUrl),
      prefix: defaultQueuePrefix,
    });
  });

  afterAll(async () => {
    for (const bot of bots) bot.kill();
    await queue?.obliterate({ force: true });
    await queue?.close();
    await fake?.close();
    if (policyDir) await rm(policyDir, { recursive: true, force: true });
  }, 30_000);

  /** The load balancer: to `first`, and to `second` when `first` does not take the connection. */
  async function send(
    first: Bot,
    second: Bot,
    names: ['a' | 'b', 'a' | 'b'],
    user: number,
    onAck: (by: 'a' | 'b') => void = () => undefined,
  ): Promise<Sent> {
    const triggerId = randomUUID();
    const from = { userId: `U0${run}${user % 20}`, channelId };
    for (const [index, bot] of [first, second].entries()) {
      try {
        const answer = await slash(setup, bot.eventsUrl, 'ping host 127.0.0.1 -c 1', triggerId, from);
        // An accepted command's ack is empty; a refusal is an ephemeral reply in the ack.
        if (answer.status === 200 && answer.body === '') {
          onAck(names[index]!);
          return { triggerId, ackedBy: names[index]! };
        }
        return { triggerId, refused: `${answer.status} ${answer.body}` };
      } catch {
        // Refused or reset: the balancer tries the other replica with the same request.
      }
    }
    return { triggerId };
  }

  it('queues every command it acked exactly once, and the other replica takes the rest', async () => {
    const a = await startBotProcess(setup, { NETSHOOT_POLICY: policyPath, NETSHOOT_JOB_SECRET: jobSecret });
    bots.push(a);
    const b = await startBotProcess(setup, { NETSHOOT_POLICY: policyPath, NETSHOOT_JOB_SECRET: jobSecret });
    bots.push(b);
    // 20 people typing at once, every other command to each replica.
    const burst = (count: number, onAck?: (by: 'a' | 'b') => void) =>
      Array.from({ length: count }, (_, index) =>
        index % 2 === 0 ? send(a, b, ['a', 'b'], index, onAck) : send(b, a, ['b', 'a'], index, onAck),
      );

    const warmUp = await Promise.all(burst(10));
    // The stop lands in the middle of the burst, at A's first ack of it: the commands A acked are
    // then still on their way to the queue (the ack goes first), and the rest find A gone.
    let sentAt = 0;
    const during = burst(60, (by) => {
      if (by !== 'a' || sentAt !== 0) return;
      sentAt = performance.now();
      a.child.kill('SIGTERM');
    });
    const sent = [...warmUp, ...(await Promise.all(during))];
    expect(await within(a.exited, { what: 'replica A exiting after SIGTERM', timeoutMs: 20_000 })).toBe(0);
    const stopMs = Math.round(performance.now() - sentAt);
    // Then B stops too: once both have exited nothing is in flight, and the queue holds its final count.
    b.child.kill('SIGTERM');
    expect(await within(b.exited, { what: 'replica B exiting after SIGTERM', timeoutMs: 20_000 })).toBe(0);

    expect(sent.filter((each) => each.ackedBy === undefined)).toEqual([]);
    const acked = sent;
    const jobs = await queue.getJobs(['waiting', 'prioritized', 'delayed', 'active']);
    const keys = jobs.map((job) => job.data.dedupeKey).sort();
    expect(keys).toEqual(acked.map((each) => `slack:${each.triggerId}`).sort());
    const byA = sent.slice(warmUp.length).filter((each) => each.ackedBy === 'a').length;
    // Not a race lost before the stop: A had commands of the burst in hand when it was told to stop.
    expect(byA).toBeGreaterThan(0);
    process.stdout.write(
      `bot burst: ${acked.length} acked (${byA} of the burst by the stopping replica), ${jobs.length} queued; replica A stopped in ${stopMs} ms\n`,
    );
  }, 120_000);
});
