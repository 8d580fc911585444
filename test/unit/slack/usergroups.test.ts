import { WebClient } from '@slack/web-api';
import { pino } from 'pino';
import { FakeSlack } from '../../harness/slack/fake-slack.js';
import { waitFor } from '../../harness/wait-for.js';
import { createGroupMembership } from '../../../src/slack/usergroups.js';

/** Group memberships from usergroups.users.list, cached: asked of a real HTTP fake Slack. */
describe('Slack user group membership', () => {
  let fake: FakeSlack;
  let client: WebClient;
  let clock: number;
  let logLines: { msg: string; groupId?: string }[];
  const logger = () =>
    pino(
      { level: 'warn' },
      { write: (line: string) => void logLines.push(JSON.parse(line) as { msg: string }) },
    );
  const listCalls = () => fake.callsOf('usergroups.users.list');

  beforeEach(async () => {
    fake = await FakeSlack.start();
    client = new WebClient(fake.botToken, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    clock = 1_000_000;
    logLines = [];
    fake.setUserGroup('S0SRE', ['U0ALICE', 'U0BOB']);
    fake.setUserGroup('S0NET', ['U0CAROL']);
  });
  afterEach(() => fake.close());

  it('says which of the asked groups a person is in, one call per group', async () => {
    const groups = createGroupMembership(client, { now: () => clock, logger: logger() });
    await expect(groups.groupIdsOf('U0ALICE', ['S0SRE', 'S0NET'])).resolves.toEqual(['S0SRE']);
    await expect(groups.groupIdsOf('U0CAROL', ['S0SRE', 'S0NET'])).resolves.toEqual(['S0NET']);
    await expect(groups.groupIdsOf('U0MALLORY', ['S0SRE', 'S0NET'])).resolves.toEqual([]);
    expect(listCalls().map((call) => call.args.usergroup)).toEqual(['S0SRE', 'S0NET']);
  });

  it('shares one call between concurrent asks about a group it has not seen', async () => {
    const groups = createGroupMembership(client, { now: () => clock, logger: logger() });
    const answers = await Promise.all(
      ['U0ALICE', 'U0BOB', 'U0CAROL', 'U0ALICE'].map((user) => groups.groupIdsOf(user, ['S0SRE'])),
    );
    expect(answers).toEqual([['S0SRE'], ['S0SRE'], [], ['S0SRE']]);
    expect(listCalls()).toHaveLength(1);
  });

  it('asks about the groups it is warmed with once, so the first decision does not wait', async () => {
    const groups = createGroupMembership(client, { now: () => clock, logger: logger() });
    await groups.warm(['S0SRE', 'S0NET', 'S0SRE']);
    expect(listCalls()).toHaveLength(2);
    await groups.warm(['S0SRE']);
    await expect(groups.groupIdsOf('U0CAROL', ['S0SRE', 'S0NET'])).resolves.toEqual(['S0NET']);
    expect(listCalls()).toHaveLength(2);
  });

  it('answers a stale group from the cache at once and refreshes it behind', async () => {
    const groups = createGroupMembership(client, { ttlMs: 60_000, now: () => clock, logger: logger() });
    await groups.groupIdsOf('U0ALICE', ['S0SRE']);
    fake.setUserGroup('S0SRE', ['U0BOB']);
    clock += 30_000;
    await expect(groups.groupIdsOf('U0ALICE', ['S0SRE'])).resolves.toEqual(['S0SRE']);
    expect(listCalls()).toHaveLength(1);

    clock += 31_000;
    // Stale: the old list still answers, and a refresh goes out.
    await expect(groups.groupIdsOf('U0ALICE', ['S0SRE'])).resolves.toEqual(['S0SRE']);
    await waitFor(() => listCalls().length === 2 && listCalls()[1]?.status === 200, {
      what: 'the background refresh of S0SRE',
    });
    await waitFor(async () => (await groups.groupIdsOf('U0ALICE', ['S0SRE'])).length === 0, {
      what: 'the refreshed list (without U0ALICE) answering',
    });
    expect(listCalls()).toHaveLength(2);
  });

  it('waits for a fresh list when asked for members past the TTL (an approval checks the clicker)', async () => {
    const groups = createGroupMembership(client, { ttlMs: 60_000, now: () => clock, logger: logger() });
    await expect(groups.members('S0SRE')).resolves.toEqual(['U0ALICE', 'U0BOB']);
    fake.setUserGroup('S0SRE', ['U0BOB']);
    clock += 59_000;
    await expect(groups.members('S0SRE')).resolves.toEqual(['U0ALICE', 'U0BOB']);
    clock += 2_000;
    await expect(groups.members('S0SRE')).resolves.toEqual(['U0BOB']);
    expect(listCalls()).toHaveLength(2);
  });

  it('counts nobody as a member without usergroups:read, says how to fix it, and recovers after a reinstall', async () => {
    fake.revokeScope('usergroups:read');
    const groups = createGroupMembership(client, {
      retryAfterFailureMs: 10_000,
      now: () => clock,
      logger: logger(),
    });
    await expect(groups.groupIdsOf('U0ALICE', ['S0SRE'])).resolves.toEqual([]);
    await expect(groups.members('S0SRE')).resolves.toEqual([]);
    expect(listCalls()[0]?.response).toMatchObject({ ok: false, error: 'missing_scope' });
    expect(logLines).toEqual([
      expect.objectContaining({
        groupId: 'S0SRE',
        msg: expect.stringContaining("add usergroups:read to the app's scopes and reinstall") as unknown,
      }),
    ]);

    fake.grantScope('usergroups:read');
    clock += 10_001;
    await expect(groups.members('S0SRE')).resolves.toEqual(['U0ALICE', 'U0BOB']);
    await expect(groups.groupIdsOf('U0ALICE', ['S0SRE'])).resolves.toEqual(['S0SRE']);
  });

  it('counts nobody as a member of a group Slack does not know, and names the policy as the fix', async () => {
    const groups = createGroupMembership(client, { now: () => clock, logger: logger() });
    await expect(groups.groupIdsOf('U0ALICE', ['S0GONE', 'S0SRE'])).resolves.toEqual(['S0SRE']);
    expect(listCalls().find((call) => call.args.usergroup === 'S0GONE')?.response).toMatchObject({
      error: 'no_such_subteam',
    });
    expect(logLines).toEqual([
      expect.objectContaining({
        groupId: 'S0GONE',
        msg: expect.stringContaining("fix its ID in the policy's groups section") as unknown,
      }),
    ]);
  });
});
