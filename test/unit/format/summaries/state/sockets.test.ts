import { summarize } from '../../../../../src/format/summaries/index.js';
import { loadToolOutput, rigOf } from '../../load-tool-output.js';
import { rowsOf, summaryOf } from './helpers.js';

// ss and netstat, from sockets the recorder opened in the rig's client namespace: nc listeners on
// TCP 7001 (the client's address), 7443 (all) and UDP 7053, three connections held to the server.

describe('ss and netstat summaries', () => {
  it('ss -tulpn: the listeners as a table, the ports in the headline', () => {
    const { client } = rigOf('ss-listening');
    const summary = summaryOf('ss', 'ss-listening');
    expect(summary.tone).toBe('ok');
    expect(summary.headline).toBe('listening on TCP 7001, 7443; UDP 7053');
    // ss lists sockets in the kernel's hash order, which changes from run to run.
    expect([...rowsOf(summary, 'listening (3)')].sort()).toEqual([
      ['tcp', '0.0.0.0', '7443', '0/1', 'nc'],
      ['tcp', client, '7001', '0/1', 'nc'],
      ['udp', '0.0.0.0', '7053', '0/0', 'nc'],
    ]);
    expect(summary.measures).toContainEqual({
      key: 'listening',
      label: 'listening ports',
      value: 'TCP 7001, 7443; UDP 7053',
    });
  });

  it('ss in the image, without the process column it cannot see', () => {
    const summary = summaryOf('ss', 'ss-image-listening');
    expect(summary.headline).toBe('listening on TCP 7001, 7443');
    expect(summary.tables![0]!.columns).toEqual(['proto', 'address', 'port', 'queue']);
  });

  it('ss -tan: counts by state and the busiest peers', () => {
    const { server } = rigOf('ss-connections');
    const summary = summaryOf('ss', 'ss-connections');
    expect(summary.headline).toBe('3 ESTAB; listening on TCP 7001, 7443');
    expect(rowsOf(summary, 'by state')).toEqual([
      ['ESTAB', '3'],
      ['LISTEN', '2'],
    ]);
    expect(rowsOf(summary, 'by peer')).toEqual([[server, '3']]);
    expect(summary.measures).toContainEqual({ key: 'state.ESTAB', label: 'ESTAB sockets', value: 3 });
  });

  it('many CLOSE-WAIT sockets are a leak: degraded', () => {
    // The recorded ESTAB lines, as the same sockets would read once their peer closed and nc did not.
    const recorded = loadToolOutput('ss-connections');
    const estab = recorded.stdout.split('\n').filter((line) => line.startsWith('ESTAB'));
    const leaking = Array.from({ length: 4 }, () =>
      estab.map((line) => line.replace(/^ESTAB /, 'CLOSE-WAIT')),
    ).flat();
    const stdout = [recorded.stdout.trimEnd(), ...leaking].join('\n');
    const summary = summarize('ss', { ...recorded, stdout });
    expect(summary?.tone).toBe('degraded');
    expect(summary?.facts[0]).toMatch(/^12 sockets in CLOSE-WAIT/);
    expect(summary?.headline).toBe('12 CLOSE-WAIT (a leak), 3 ESTAB; listening on TCP 7001, 7443');
  });

  it('a listener whose accept queue is full drops connections: degraded, said first', () => {
    const summary = summaryOf('ss', 'ss-accept-queue-full');
    expect(summary.tone).toBe('degraded');
    expect(summary.headline).toBe('accept queue full on 0.0.0.0:7500; listening on TCP 7500');
    expect(summary.facts).toEqual(['0.0.0.0:7500: accept queue full (2 of 1), connections are dropped']);
    expect(rowsOf(summary)).toEqual([['tcp', '0.0.0.0', '7500', '2/1']]);
  });

  it('ss -s: the totals', () => {
    const summary = summaryOf('ss', 'ss-summary');
    expect(summary.headline).toBe('TCP 3 established, 3 time-wait; 1 UDP socket');
    expect(summary.measures).toContainEqual({ key: 'tcp.estab', label: 'established TCP', value: 3 });
  });

  it('netstat -tulpn reads as ss does, the program from PID/Program', () => {
    const summary = summaryOf('netstat', 'netstat-listening');
    expect(summary.headline).toBe('listening on TCP 7001, 7443; UDP 7053');
    expect(rowsOf(summary).map((row) => row[4])).toEqual(['nc', 'nc', 'nc']);
  });

  it('netstat -tan: TIME_WAIT and ESTABLISHED counted, with the same measure keys as ss', () => {
    // The TIME_WAIT ones are the connections of the cases before, closed a moment ago: as many as netstat printed.
    const timeWait = loadToolOutput('netstat-connections')
      .stdout.split('\n')
      .filter((line) => line.includes(' TIME_WAIT')).length;
    expect(timeWait).toBeGreaterThan(0);
    const summary = summaryOf('netstat', 'netstat-connections');
    expect(summary.headline).toBe(`${timeWait} TIME_WAIT, 3 ESTABLISHED; listening on TCP 7001, 7443`);
    expect(summary.measures).toContainEqual({ key: 'state.ESTAB', label: 'ESTABLISHED sockets', value: 3 });
    expect(summary.measures).toContainEqual({
      key: 'state.TIME-WAIT',
      label: 'TIME_WAIT sockets',
      value: timeWait,
    });
  });
});
