import { describeWith } from '../../harness/infrastructure.js';
import { waitFor } from '../../harness/wait-for.js';
import { createLimitsFixture, type LimitsFixture } from './limits-fixture.js';

describeWith(['redis'], 'the limits on Redis', () => {
  let fixture: LimitsFixture;
  let limits: LimitsFixture['replicas'][number];

  beforeEach(() => {
    fixture = createLimitsFixture();
    limits = fixture.replicas[0]!;
  });

  afterEach(async () => {
    await fixture.close();
  });

  it('refuses a fourth job of one user by default, saying so, and admits it once one is released', async () => {
    const running = [1, 2, 3].map(() => fixture.ticket({ user: 'U1', channel: 'C1' }));
    for (const ticket of running) expect(await limits.admit(ticket)).toBeUndefined();

    const fourth = fixture.ticket({ user: 'U1', channel: 'C1' });
    expect(await limits.admit(fourth)).toEqual({
      limit: 'user-running',
      message: 'you have 3 jobs running; the limit is 3 (one frees when a job ends: `/netshoot jobs`)',
    });
    // Someone else in the channel is not held back by U1's jobs.
    expect(await limits.admit(fixture.ticket({ user: 'U2', channel: 'C1' }))).toBeUndefined();

    await limits.release(running[0]!);
    expect(await limits.admit(fourth)).toBeUndefined();
    expect((await fixture.holders('running:user:U1')).sort()).toEqual(
      [running[1]!.id, running[2]!.id, fourth.id].sort(),
    );
  });

  it("refuses a job over the channel's running limit, whoever asks, and reserves nothing for it", async () => {
    fixture.settings = { perChannel: { runningJobs: 2 } };
    expect(await limits.admit(fixture.ticket({ user: 'U1', channel: 'C1' }))).toBeUndefined();
    const second = fixture.ticket({ user: 'U2', channel: 'C1' });
    expect(await limits.admit(second)).toBeUndefined();

    const third = fixture.ticket({ user: 'U3', channel: 'C1' });
    expect(await limits.admit(third)).toEqual({
      limit: 'channel-running',
      message:
        'this channel has 2 jobs running; the limit is 2 (one frees when a job ends: `/netshoot jobs`)',
    });
    // The user's slot was free, but a refusal takes nothing: all slots or none.
    expect(await fixture.holders('running:user:U3')).toEqual([]);
    expect(await limits.admit(fixture.ticket({ user: 'U3', channel: 'C2' }))).toBeUndefined();

    await limits.release(second);
    expect(await limits.admit(third)).toBeUndefined();
  });

  it('lets one capture at a time on a target, naming it to the next, and frees the target on release', async () => {
    const capture = fixture.ticket({
      user: 'U1',
      channel: 'C1',
      tool: 'tcpdump',
      captureTarget: 'prod/default/pod/web',
      holdMs: 90_000,
    });
    expect(await limits.admit(capture)).toBeUndefined();

    const next = fixture.ticket({
      user: 'U2',
      channel: 'C1',
      tool: 'ngrep',
      captureTarget: 'prod/default/pod/web',
    });
    const refusal = await limits.admit(next);
    expect(refusal?.limit).toBe('capture-per-target');
    expect(refusal?.message).toMatch(
      /^tcpdump is already capturing on pod\/web \(job started by someone else\); one capture per target at a time: try again when it ends \(at most 1\.5m\)$/,
    );
    const mine = await limits.admit({ ...next, user: 'U1' });
    expect(mine?.message).toMatch(/\(job started by you\)/);
    // Another pod, or the same pod name in another namespace, is another target.
    expect(
      await limits.admit({ ...next, id: 'other-pod', captureTarget: 'prod/default/pod/api' }),
    ).toBeUndefined();
    expect(
      await limits.admit({ ...next, id: 'other-ns', captureTarget: 'prod/payments/pod/web' }),
    ).toBeUndefined();

    await limits.release(capture);
    expect(await limits.admit(next)).toBeUndefined();
  });

  it('allows as many captures on a target as the policy says', async () => {
    fixture.settings = { capturesPerTarget: 2 };
    const on = (user: string) =>
      fixture.ticket({ user, tool: 'tcpdump', captureTarget: 'c/default/pod/web' });
    expect(await limits.admit(on('U1'))).toBeUndefined();
    expect(await limits.admit(on('U2'))).toBeUndefined();
    expect((await limits.admit(on('U3')))?.message).toMatch(/^2 captures are already running on pod\/web; /);
  });

  it("refuses commands over a user's rate with when to try again, and a release gives no point back", async () => {
    fixture.settings = { perUser: { commandsPerMinute: 3 } };
    for (let i = 0; i < 3; i += 1) {
      const ticket = fixture.ticket({ user: 'U1', channel: 'C1' });
      expect(await limits.admit(ticket)).toBeUndefined();
      await limits.release(ticket);
    }
    const refusal = await limits.admit(fixture.ticket({ user: 'U1', channel: 'C1' }));
    expect(refusal?.limit).toBe('user-rate');
    const wait = Number(/try again in (\d+) s$/.exec(refusal?.message ?? '')?.[1]);
    expect(refusal?.message).toMatch(
      /^you ran 3 commands in the last minute; the limit is 3; try again in \d+ s$/,
    );
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(60);
    expect(await limits.admit(fixture.ticket({ user: 'U2', channel: 'C1' }))).toBeUndefined();
  });

  it("refuses commands over a channel's rate, whoever sends them", async () => {
    fixture.settings = { perChannel: { commandsPerMinute: 2 } };
    expect(await limits.admit(fixture.ticket({ user: 'U1', channel: 'C1' }))).toBeUndefined();
    expect(await limits.admit(fixture.ticket({ user: 'U2', channel: 'C1' }))).toBeUndefined();
    const refusal = await limits.admit(fixture.ticket({ user: 'U3', channel: 'C1' }));
    expect(refusal?.message).toMatch(
      /^this channel ran 2 commands in the last minute; the limit is 2; try again in \d+ s$/,
    );
    expect(refusal?.limit).toBe('channel-rate');
    // The command line has no channel: only its operator's own limits apply.
    expect(await limits.admit(fixture.ticket({ user: 'operator:ops' }))).toBeUndefined();
  });

  it("does not let one user's refused commands use up the channel's minute", async () => {
    fixture.settings = { perUser: { commandsPerMinute: 2 }, perChannel: { commandsPerMinute: 3 } };
    for (let i = 0; i < 6; i += 1) await limits.admit(fixture.ticket({ user: 'U1', channel: 'C1' }));
    expect(await limits.admit(fixture.ticket({ user: 'U2', channel: 'C1' }))).toBeUndefined();
  });

  it('frees the slots of a job nobody released (a crashed worker) once its hold has passed', async () => {
    fixture.settings = { perUser: { runningJobs: 1, commandsPerMinute: 10_000 } };
    const crashed = fixture.ticket({
      user: 'U1',
      channel: 'C1',
      tool: 'tcpdump',
      captureTarget: 'c/default/pod/web',
      holdMs: 400,
    });
    expect(await limits.admit(crashed)).toBeUndefined();
    const next = fixture.ticket({
      user: 'U1',
      channel: 'C1',
      tool: 'tcpdump',
      captureTarget: 'c/default/pod/web',
    });
    expect((await limits.admit(next))?.limit).toBe('user-running');

    await waitFor(async () => (await limits.admit(next)) === undefined, {
      what: 'the slots of a job admitted with a 400 ms hold freed themselves',
      timeoutMs: 5000,
    });
    expect(await fixture.holders('running:user:U1')).toEqual([next.id]);
    expect(await fixture.holders('capture:c/default/pod/web')).toEqual([next.id]);
  });

  it('leaves no key behind for a job once released, and none once its hold has passed', async () => {
    const released = fixture.ticket({ user: 'U1', channel: 'C1', captureTarget: 'c/default/pod/web' });
    await limits.admit(released);
    await limits.release(released);
    const slotKeys = async () =>
      (await fixture.redis.keys(`${fixture.prefix}:limits:*`)).filter((key) => !key.includes(':rate:'));
    expect(await slotKeys()).toEqual([]);

    await limits.admit(
      fixture.ticket({ user: 'U1', channel: 'C1', captureTarget: 'c/default/pod/web', holdMs: 300 }),
    );
    expect((await slotKeys()).length).toBe(4);
    await waitFor(async () => (await slotKeys()).length === 0, {
      what: 'Redis dropped the keys of a job whose 300 ms hold passed',
      timeoutMs: 5000,
    });
  });

  it('releases harmlessly twice, or a ticket never admitted', async () => {
    const ticket = fixture.ticket({ user: 'U1', channel: 'C1' });
    await limits.release(ticket);
    expect(await limits.admit(ticket)).toBeUndefined();
    await limits.release(ticket);
    await limits.release(ticket);
    expect(await fixture.holders('running:user:U1')).toEqual([]);
  });

  it('counts a ticket admitted again (the same dedupe key) once', async () => {
    fixture.settings = { perUser: { runningJobs: 1 } };
    const ticket = fixture.ticket({ user: 'U1', channel: 'C1' });
    expect(await limits.admit(ticket)).toBeUndefined();
    expect(await limits.admit(ticket)).toBeUndefined();
    expect(await fixture.holders('running:user:U1')).toEqual([ticket.id]);
  });

  it('applies a policy reload to the next command', async () => {
    fixture.settings = { perUser: { runningJobs: 1 } };
    expect(await limits.admit(fixture.ticket({ user: 'U1' }))).toBeUndefined();
    expect((await limits.admit(fixture.ticket({ user: 'U1' })))?.message).toMatch(/the limit is 1 /);
    fixture.settings = { perUser: { runningJobs: 2 } };
    expect(await limits.admit(fixture.ticket({ user: 'U1' }))).toBeUndefined();
    fixture.settings = undefined;
    expect(await limits.admit(fixture.ticket({ user: 'U1' }))).toBeUndefined();
    expect((await limits.admit(fixture.ticket({ user: 'U1' })))?.message).toMatch(
      /^you have 3 jobs running; the limit is 3 /,
    );
  });

  it('shares the counts between two replicas: one admits, the other refuses, either releases', async () => {
    const [first, second] = fixture.replicas as [typeof limits, typeof limits];
    fixture.settings = { perUser: { runningJobs: 2 } };
    const a = fixture.ticket({ user: 'U1', channel: 'C1' });
    expect(await first.admit(a)).toBeUndefined();
    expect(await second.admit(fixture.ticket({ user: 'U1', channel: 'C1' }))).toBeUndefined();
    const third = fixture.ticket({ user: 'U1', channel: 'C1' });
    expect((await first.admit(third))?.limit).toBe('user-running');
    expect((await second.admit(third))?.limit).toBe('user-running');

    await second.release(a);
    expect(await first.admit(third)).toBeUndefined();
  });
});
