import type { AuditRecord } from '../../../src/audit/audit-record.js';
import { renderAuditTable } from '../../../src/audit/audit-table.js';

describe('the audit trail as text in a terminal', () => {
  const records: AuditRecord[] = [
    {
      at: '2026-11-30T14:02:11.000Z',
      event: 'refused',
      subject: 'U123',
      tool: 'tcpdump',
      where: 'pod/web',
      rule: 'default',
      reason: 'no rule allows tcpdump for <@U123>',
    },
    {
      at: '2026-11-30T14:03:00.000Z',
      event: 'finished',
      subject: 'operator:ops',
      tool: 'dig',
      where: 'pod/frontend (ns shop)',
      jobId: '42',
      status: 'completed',
      exitStatus: 0,
      durationMs: 1500,
    },
  ];

  it('prints one line per record, time first in local ISO, columns aligned, the answer after the event', () => {
    const lines = renderAuditTable(records).split('\n');
    expect(lines).toHaveLength(2);
    // After the time (19 characters of local ISO), every column starts at the same place.
    expect(lines.map((line) => line.slice(19))).toEqual([
      '  U123          tcpdump  pod/web                 refused   rule default: no rule allows tcpdump for <@U123>',
      '  operator:ops  dig      pod/frontend (ns shop)  finished  #42  completed, exit 0, 1.5s',
    ]);
    expect(lines.map((line) => line.slice(0, 19))).toEqual([
      expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:02:11$/),
      expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:03:00$/),
    ]);
    // Local time: the hour shown is the reader's own.
    expect(lines[0]?.slice(11, 13)).toBe(String(new Date(records[0]!.at).getHours()).padStart(2, '0'));
  });

  it('shows an artifact with its size and hash, and who canceled', () => {
    const text = renderAuditTable([
      {
        at: '2026-11-30T14:03:00.000Z',
        event: 'artifact',
        subject: 'U1',
        tool: 'tcpdump',
        jobId: '5',
        artifact: { name: 'c.pcap', bytes: 10, sha256: 'f'.repeat(64) },
      },
      {
        at: '2026-11-30T14:03:01.000Z',
        event: 'canceled',
        subject: 'U1',
        tool: 'tcpdump',
        jobId: '6',
        by: 'U2',
      },
    ]);
    expect(text).toContain(`#5  c.pcap 10 bytes sha256 ${'f'.repeat(64)}`);
    expect(text.split('\n')[1]?.endsWith('canceled  #6  by U2')).toBe(true);
  });

  it('never writes a control character a user typed to the terminal', () => {
    const text = renderAuditTable([
      {
        at: '2026-11-30T14:03:00.000Z',
        event: 'requested',
        subject: 'U1',
        text: 'dig \u001b[31mred\u001b[0m\nnext',
      },
    ]);
    expect(text).not.toMatch(/\p{Cc}/u);
    expect(text).toContain('dig ?[31mred?[0m?next');
  });
});
