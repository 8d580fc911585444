import type { AdmissionTicket, LimitRefusal } from '../../../src/limits/admission.js';
import { describeWith } from '../../harness/infrastructure.js';
import { createLimitsFixture, type LimitsFixture } from './limits-fixture.js';

/**
 * Many commands at the same moment, through two replicas: the limits hold exactly, none over (a
 * check-then-reserve that is not atomic lets a few through at once), and no refused command keeps a slot.
 */
describeWith(['redis'], 'limits under concurrent commands', () => {
  let fixture: LimitsFixture;

  beforeEach(() => {
    fixture = createLimitsFixture(2);
  });

  afterEach(async () => {
    await fixture.close();
  });

  const users = ['U1', 'U2', 'U3', 'U4', 'U5'];
  /** U1–U3 in C-A, U4–U5 in C-B. */
  const channelOf = (user: string) => (['U4', 'U5'].includes(user) ? 'C-B' : 'C-A');

  /** Ten commands from each of five users, all at once, alternating between the two replicas. */
  async function fireFifty(
    extra: Partial<AdmissionTicket> = {},
  ): Promise<{ ticket: AdmissionTicket; refusal?: LimitRefusal }[]> {
    const tickets = users.flatMap((user) =>
      Array.from({ length: 10 }, () => fixture.ticket({ user, channel: channelOf(user), ...extra })),
    );
    return Promise.all(
      tickets.map(async (ticket, index) => {
        const refusal = await fixture.replicas[index % 2]!.admit(ticket);
        return refusal ? { ticket, refusal } : { ticket };
      }),
    );
  }

  const admittedBy = (results: Awaited<ReturnType<typeof fireFifty>>, key: 'user' | 'channel') => {
    const counts: Record<string, number> = {};
    for (const { ticket, refusal } of results) {
      if (!refusal) counts[ticket[key] ?? ''] = (counts[ticket[key] ?? ''] ?? 0) + 1;
    }
    return counts;
  };

  it('limits hold under 50 concurrent commands from 5 users: 3 running each by default', async () => {
    const results = await fireFifty();
    expect(admittedBy(results, 'user')).toEqual({ U1: 3, U2: 3, U3: 3, U4: 3, U5: 3 });
    expect(admittedBy(results, 'channel')).toEqual({ 'C-A': 9, 'C-B': 6 });
    expect(new Set(results.flatMap(({ refusal }) => (refusal ? [refusal.limit] : [])))).toEqual(
      new Set(['user-running']),
    );
    // Exactly the admitted tickets hold slots: a refused one reserved nothing anywhere.
    const admitted = results.filter(({ refusal }) => !refusal).map(({ ticket }) => ticket.id);
    const held = [
      ...(await fixture.holders('running:channel:C-A')),
      ...(await fixture.holders('running:channel:C-B')),
    ];
    expect(held.sort()).toEqual(admitted.sort());
  });

  it("limits hold under 50 concurrent commands from 5 users: the channels' running limit", async () => {
    fixture.settings = { perChannel: { runningJobs: 5 } };
    const results = await fireFifty();
    expect(admittedBy(results, 'channel')).toEqual({ 'C-A': 5, 'C-B': 5 });
    for (const count of Object.values(admittedBy(results, 'user'))) expect(count).toBeLessThanOrEqual(3);
    const userSlots = await Promise.all(users.map((user) => fixture.holders(`running:user:${user}`)));
    expect(userSlots.flat()).toHaveLength(10);
  });

  it('limits hold under 50 concurrent commands from 5 users: commands per minute', async () => {
    fixture.settings = {
      perUser: { commandsPerMinute: 4, runningJobs: 100 },
      perChannel: { commandsPerMinute: 10, runningJobs: 100 },
    };
    const results = await fireFifty();
    const byUser = admittedBy(results, 'user');
    // C-B's two users can send 8 within their own limits: under the channel's 10, so each gets 4.
    expect(byUser.U4).toBe(4);
    expect(byUser.U5).toBe(4);
    // C-A's three users could send 12: the channel's 10 holds, and no user passes 4.
    expect(admittedBy(results, 'channel')).toEqual({ 'C-A': 10, 'C-B': 8 });
    for (const user of ['U1', 'U2', 'U3']) expect(byUser[user]).toBeLessThanOrEqual(4);
  });

  it('admits exactly one of many concurrent captures on one target', async () => {
    fixture.settings = { perUser: { runningJobs: 100 }, perChannel: { runningJobs: 100 } };
    const results = await fireFifty({ tool: 'tcpdump', captureTarget: 'prod/default/pod/web' });
    const admitted = results.filter(({ refusal }) => !refusal);
    expect(admitted).toHaveLength(1);
    expect(await fixture.holders('capture:prod/default/pod/web')).toEqual([admitted[0]!.ticket.id]);
    for (const { refusal } of results.filter((result) => result.refusal)) {
      expect(refusal?.limit).toBe('capture-per-target');
      expect(refusal?.message).toMatch(
        /^tcpdump is already capturing on pod\/web \(job started by (you|someone else)\)/,
      );
    }
  });
});
