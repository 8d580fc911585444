import { pino } from 'pino';
import { commands } from '../../../commands/index.js';
import type { AuditRecord, AuditTrail } from '../../../src/audit/audit-record.js';
import { ForbiddenError, TransientError } from '../../../src/errors.js';
import { parseRequest } from '../../../src/grammar/parse-request.js';
import type { AdmissionLimits, AdmissionTicket, LimitRefusal } from '../../../src/limits/admission.js';
import { createGate } from '../../../src/policy/create-gate.js';
import { builtInPolicy } from '../../../src/policy/default-policy.js';
import type { Caller, GateInput } from '../../../src/policy/gate.js';
import { parsePolicy } from '../../../src/policy/load-policy.js';
import type { Policy } from '../../../src/policy/policy-schema.js';
import type { GroupMembership } from '../../../src/policy/ports.js';

const policyText = `
version: 1
groups:
  sre: S0SRE
  sre-leads: S0LEADS
kubernetes:
  users: { U0ALLOWED: alice@example.com }
  groups: { sre: [system:sre, oncall] }
  operators: { 'ops-*': ops-robot }
rules:
  - name: tcpdump-for-allowed
    effect: allow
    who: { users: [U0ALLOWED] }
    tools: [tcpdump]
    bounds: { maxTimeout: 2m }
  - name: sre-privileged
    effect: allow
    who: { groups: [sre], operators: ['ops-*'] }
    tools: [privileged]
  - name: prod-needs-leads
    effect: require-approval
    who: { everyone: true }
    tools: [nmap]
    approval: { by: sre-leads }
  - name: no-iptables-for-bob
    effect: deny
    who: { users: [U0BOB] }
    tools: [iptables]
`;

/** The audit trail in memory: what the gate asked it to write, in order. */
function memoryAudit(): AuditTrail & { records: AuditRecord[] } {
  const records: AuditRecord[] = [];
  return {
    records,
    async record(entry) {
      records.push({ ...entry, at: entry.at ?? new Date().toISOString() });
    },
  };
}

/** Limits in memory: admit everything until told to refuse, and remember the tickets. */
function memoryLimits(): AdmissionLimits & {
  admitted: AdmissionTicket[];
  released: AdmissionTicket[];
  refuseWith?: LimitRefusal;
} {
  const limits = {
    admitted: [] as AdmissionTicket[],
    released: [] as AdmissionTicket[],
    refuseWith: undefined as LimitRefusal | undefined,
    async admit(ticket: AdmissionTicket) {
      if (limits.refuseWith) return limits.refuseWith;
      limits.admitted.push(ticket);
      return undefined;
    },
    async release(ticket: AdmissionTicket) {
      limits.released.push(ticket);
    },
  };
  return limits;
}

function setUp(policy: Policy, membership: Record<string, string[]> = {}) {
  const audit = memoryAudit();
  const limits = memoryLimits();
  const asked: { userId: string; groupIds: readonly string[] }[] = [];
  let groupsFail = false;
  const groups: GroupMembership = {
    async groupIdsOf(userId, groupIds) {
      asked.push({ userId, groupIds });
      if (groupsFail) throw new Error('usergroups.users.list: ratelimited');
      return (membership[userId] ?? []).filter((id) => groupIds.includes(id));
    },
  };
  const gate = createGate({
    policy: { current: () => policy, status: () => ({ source: policy.source, loadedAt: 'then' }) },
    groups,
    limits,
    audit,
    commands,
    clusterName: (requested) => (requested === 'default' ? 'prod-eu' : requested),
    overheadMs: 60_000,
    logger: pino({ level: 'silent' }),
  });
  return { gate, audit, limits, asked, failGroups: () => void (groupsFail = true) };
}

const slackCaller = (userId: string): Caller => ({ kind: 'slack', userId, channelId: 'C0INCIDENT' });

function input(text: string, caller: Caller, door: GateInput['door'] = 'slash-command'): GateInput {
  return { request: parseRequest(text, commands), caller, door, dedupeKey: `key-${text}` };
}

const policy = parsePolicy(policyText, '/etc/netshoot/policy.yaml');

describe('the gate every door goes through', () => {
  it('allows a granted tool, audits the request, and admits it with an authorization naming the rule', async () => {
    const { gate, audit, limits } = setUp(policy);
    const at = input('tcpdump pod/web-1 -i eth0 --timeout 30s', slackCaller('U0ALLOWED'));
    const decision = await gate.decide(at);
    expect(decision).toMatchObject({ effect: 'allow', rule: 'tcpdump-for-allowed' });
    expect(audit.records).toEqual([
      expect.objectContaining({
        event: 'requested',
        door: 'slash-command',
        subject: 'U0ALLOWED',
        channel: 'C0INCIDENT',
        tool: 'tcpdump',
        cluster: 'prod-eu',
        rule: 'tcpdump-for-allowed',
      }),
    ]);

    const admitted = await gate.admit(at);
    expect(admitted).toEqual({
      kind: 'admitted',
      authorization: {
        subject: { kind: 'slack', userId: 'U0ALLOWED', channelId: 'C0INCIDENT' },
        door: 'slash-command',
        rule: 'tcpdump-for-allowed',
        kubernetes: { user: 'alice@example.com', groups: [] },
      },
      ticket: {
        id: at.dedupeKey,
        user: 'U0ALLOWED',
        channel: 'C0INCIDENT',
        captureTarget: 'prod-eu/default/pod/web-1',
        tool: 'tcpdump',
        holdMs: 90_000,
      },
    });
    expect(limits.admitted).toHaveLength(1);
    // Admitting audits nothing more: the door records `queued` once the queue took the job.
    expect(audit.records).toHaveLength(1);
  });

  it('refuses a privileged tool to someone no rule names, audits requested and refused, and admits nothing', async () => {
    const { gate, audit, limits } = setUp(policy);
    const at = input('tcpdump pod/web-1 -i eth0', slackCaller('U0MALLORY'));
    const decision = await gate.decide(at);
    expect(decision).toMatchObject({ effect: 'deny', rule: 'default' });
    expect(audit.records.map((record) => [record.event, record.rule])).toEqual([
      ['requested', 'default'],
      ['refused', 'default'],
    ]);
    expect(audit.records[1]?.reason).toMatch(/no rule of the policy allows tcpdump/);

    const admitted = await gate.admit(at);
    expect(admitted.kind).toBe('refused');
    expect(limits.admitted).toEqual([]);
  });

  it('asks Slack only about the groups the policy names, and lets a group member in', async () => {
    const { gate, asked } = setUp(policy, { U0CAROL: ['S0SRE', 'S0OTHER'] });
    const at = input('iptables node/worker-1', slackCaller('U0CAROL'));
    expect(await gate.decide(at)).toMatchObject({ effect: 'allow', rule: 'sre-privileged' });
    expect(asked).toEqual([{ userId: 'U0CAROL', groupIds: ['S0SRE', 'S0LEADS'] }]);
    const admitted = await gate.admit(at);
    if (admitted.kind !== 'admitted') throw new Error('not admitted');
    expect(admitted.authorization.kubernetes).toEqual({ groups: ['system:sre', 'oncall'] });
    // iptables is no capture: it holds no per-target slot.
    expect(admitted.ticket.captureTarget).toBeUndefined();
  });

  it('does not ask Slack at all when the policy names no groups', async () => {
    const { gate, asked } = setUp(builtInPolicy);
    expect(await gate.decide(input('dig host example.com', slackCaller('U0ANY')))).toMatchObject({
      effect: 'allow',
    });
    expect(asked).toEqual([]);
  });

  it('refuses with a TransientError when the groups cannot be looked up, rather than deciding without them', async () => {
    const { gate, failGroups, audit } = setUp(policy);
    failGroups();
    await expect(gate.decide(input('iptables node/worker-1', slackCaller('U0BOB')))).rejects.toThrow(
      TransientError,
    );
    expect(audit.records).toEqual([]);
  });

  it('names operators by the policy and maps them to their Kubernetes user', async () => {
    const { gate, audit } = setUp(policy);
    const at = input('nmap host 198.18.0.1', { kind: 'operator', name: 'ops-ci' }, 'run');
    const decision = await gate.decide(at);
    // `everyone` means Slack users: a rule covers an operator only by naming it.
    expect(decision).toMatchObject({ effect: 'allow', rule: 'sre-privileged' });
    expect(audit.records[0]).toMatchObject({ subject: 'operator:ops-ci', door: 'run' });
    expect(audit.records[0]).not.toHaveProperty('channel');

    const tcpdump = input('tcpdump host -i lo', { kind: 'operator', name: 'ops-ci' }, 'run-remote');
    const admitted = await gate.admit(tcpdump);
    expect(admitted).toMatchObject({
      kind: 'admitted',
      authorization: {
        subject: { kind: 'operator', name: 'ops-ci' },
        door: 'run-remote',
        rule: 'sre-privileged',
        kubernetes: { user: 'ops-robot', groups: [] },
      },
      ticket: { user: 'operator:ops-ci', captureTarget: 'prod-eu/default/host/' },
    });
  });

  it('admits a request that needs approval only with the approver, who goes into the authorization', async () => {
    const { gate, audit } = setUp(policy);
    const at = input('nmap host 198.18.0.1', slackCaller('U0DAVE'), 'approval');
    const unapproved = await gate.admit(at);
    expect(unapproved.kind).toBe('refused');
    expect(audit.records.at(-1)).toMatchObject({ event: 'refused', rule: 'prod-needs-leads' });

    const approved = await gate.admit(at, { approvedBy: 'U0LEAD' });
    expect(approved).toMatchObject({
      kind: 'admitted',
      authorization: { door: 'approval', rule: 'prod-needs-leads', approvedBy: 'U0LEAD' },
    });
  });

  it('refuses an approved request that a deny rule now covers', async () => {
    const { gate } = setUp(policy);
    const admitted = await gate.admit(input('iptables node/n1', slackCaller('U0BOB'), 'approval'), {
      approvedBy: 'U0LEAD',
    });
    expect(admitted.kind).toBe('refused');
    if (admitted.kind === 'refused') expect(admitted.error.message).toMatch(/no-iptables-for-bob/);
  });

  it('turns a limit refusal into a ForbiddenError with its words, and audits it with the limit as the rule', async () => {
    const { gate, audit, limits } = setUp(policy);
    limits.refuseWith = { limit: 'user-running', message: 'you have 3 jobs running; the limit is 3' };
    const admitted = await gate.admit(input('tcpdump pod/web-1', slackCaller('U0ALLOWED')));
    expect(admitted.kind).toBe('refused');
    if (admitted.kind !== 'refused') return;
    expect(admitted.error).toBeInstanceOf(ForbiddenError);
    expect(admitted.error.message).toBe('you have 3 jobs running; the limit is 3');
    expect(audit.records.at(-1)).toMatchObject({
      event: 'refused',
      rule: 'user-running',
      reason: 'you have 3 jobs running; the limit is 3',
    });
  });

  it('refuses past a rule bound with the fix, and hands release to the limits', async () => {
    const { gate, limits } = setUp(policy);
    const decision = await gate.decide(input('tcpdump pod/web-1 --timeout 5m', slackCaller('U0ALLOWED')));
    expect(decision).toMatchObject({ effect: 'deny', fix: 'run it again with --timeout 2m or less' });
    const ticket: AdmissionTicket = { id: 'k', user: 'U0ALLOWED', holdMs: 1 };
    await gate.release(ticket);
    expect(limits.released).toEqual([ticket]);
  });

  it('leaves the Kubernetes identity out when the policy maps none, and refuses privileged tools by default', async () => {
    const { gate } = setUp(builtInPolicy);
    const admitted = await gate.admit(input('dig host example.com', slackCaller('U0ANY')));
    expect(admitted).toMatchObject({ kind: 'admitted' });
    if (admitted.kind === 'admitted') expect(admitted.authorization).not.toHaveProperty('kubernetes');
    const refused = await gate.decide(input('tcpdump host -i lo', slackCaller('U0ANY')));
    expect(refused).toMatchObject({ effect: 'deny' });
    if (refused.effect === 'deny') expect(refused.fix).toMatch(/docs\/policy\.md/);
  });
});
