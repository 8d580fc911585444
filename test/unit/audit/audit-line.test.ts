import { describeAuditRecord } from '../../../src/audit/audit-line.js';
import type { AuditRecord } from '../../../src/audit/audit-record.js';

const at = '2026-11-30T14:02:11.000Z';

describe('one audit record as one line in the audit channel', () => {
  it('says who ran what where, and the rule that allowed it, answer first', () => {
    const line = describeAuditRecord({
      at,
      event: 'queued',
      subject: 'U1ALICE',
      channel: 'C1INCIDENT',
      tool: 'tcpdump',
      where: 'pod/web',
      rule: 'sre-captures',
      jobId: '42',
    });
    expect(line).toBe('🔒 <@U1ALICE> ran tcpdump on pod/web in <#C1INCIDENT>: allowed by sre-captures (#42)');
  });

  it.each<[string, Omit<AuditRecord, 'at' | 'subject'>, string]>([
    [
      'refused, with the reason and the rule',
      { event: 'refused', tool: 'nmap', where: 'host', reason: 'no rule allows nmap here', rule: 'default' },
      '⛔ <@U1ALICE> was refused nmap on host: no rule allows nmap here (rule default)',
    ],
    [
      'approved, naming the approver',
      { event: 'approved', tool: 'tcpdump', where: 'pod/db', by: 'U2BOB', rule: 'prod-needs-approval' },
      "✅ <@U2BOB> approved <@U1ALICE>'s tcpdump on pod/db (rule prod-needs-approval)",
    ],
    [
      'finished, with status, exit status and duration',
      {
        event: 'finished',
        jobId: '7',
        tool: 'dig',
        where: 'pod/web',
        status: 'completed',
        exitStatus: 0,
        durationMs: 3210,
      },
      '🏁 #7 dig on pod/web for <@U1ALICE> ended completed, exit 0, 3.2 s',
    ],
    [
      'canceled, by whom',
      { event: 'canceled', jobId: '8', tool: 'tcpdump', where: 'pod/web', by: 'operator:ops' },
      '✋ #8 tcpdump on pod/web for <@U1ALICE> canceled by operator ops',
    ],
    [
      'an artifact, with its size and hash',
      {
        event: 'artifact',
        jobId: '9',
        tool: 'tcpdump',
        where: 'pod/web',
        artifact: { name: 'capture-9.pcap', bytes: 4096, sha256: 'ab'.repeat(32) },
      },
      `📎 #9 tcpdump on pod/web for <@U1ALICE>: capture-9.pcap, 4096 bytes, sha256 ${'ab'.repeat(32)}`,
    ],
  ])('words %s', (_what, fields, expected) => {
    expect(describeAuditRecord({ at, subject: 'U1ALICE', ...fields } as AuditRecord)).toBe(expected);
  });

  it('escapes what people typed, so a command line cannot forge a link or a mention', () => {
    const line = describeAuditRecord({
      at,
      event: 'requested',
      subject: 'U1ALICE',
      tool: 'curl',
      text: 'curl host <!channel> <@U0BOSS> a&b <https://evil.test|click>',
    });
    expect(line).toBe(
      '📝 <@U1ALICE> asked for curl (`curl host &lt;!channel&gt; &lt;@U0BOSS&gt; a&amp;b &lt;https://evil.test|click&gt;`)',
    );
    expect(line).not.toMatch(/<!|<@U0BOSS|<https/);
  });

  it('never lets @channel, @here or @everyone reach the channel as a broadcast', () => {
    const line = describeAuditRecord({
      at,
      event: 'refused',
      subject: 'U1ALICE',
      tool: 'dig',
      reason: 'hello @channel and @here and @Everyone',
    });
    expect(line).not.toMatch(/@(channel|here|everyone)/i);
    expect(line).toContain('@\u200bchannel and @\u200bhere and @\u200bEveryone');
  });

  it('names an operator in words and shows an odd subject as text, never as a mention', () => {
    expect(
      describeAuditRecord({ at, event: 'started', subject: 'operator:ops', tool: 'dig', jobId: '1' }),
    ).toBe('▶️ #1 dig started for operator ops');
    expect(describeAuditRecord({ at, event: 'started', subject: '<!here>', tool: 'dig', jobId: '1' })).toBe(
      '▶️ #1 dig started for &lt;!here&gt;',
    );
  });

  it('keeps a record on one line, whatever the reason held', () => {
    const line = describeAuditRecord({ at, event: 'refused', subject: 'U1', reason: 'one\ntwo\rthree' });
    expect(line.split('\n')).toHaveLength(1);
  });
});
