import { readerOf } from '../../../../../src/format/summaries/index.js';
import { measureOf, progressOf, rigOf, summaryOf, tablesOf } from './read-fixture.js';

describe('nc -vz, from real runs on the netns rig', () => {
  it('reads its ordinary output from stderr, without a label', () => {
    expect(readerOf('nc')?.stderrIsOutput).toBe(true);
  });

  it('says open, refused, or no answer (filtered?) for one port, whatever the exit status', () => {
    const { server } = rigOf('nc-port-open');
    const open = summaryOf('nc', 'nc-port-open');
    const refused = summaryOf('nc', 'nc-port-refused');
    const filtered = summaryOf('nc', 'nc-filtered');
    expect([open.tone, open.headline]).toEqual(['ok', `${server}:5432 open`]);
    expect([refused.tone, refused.headline]).toEqual(['broken', `${server}:5433 refused`]);
    expect([filtered.tone, filtered.headline]).toEqual(['broken', `${server}:5434 no answer (filtered?)`]);
    expect([open, refused, filtered].map((summary) => summary.measures)).toEqual([
      [{ key: 'port.5432', label: '5432', value: 'open' }],
      [{ key: 'port.5433', label: '5433', value: 'refused' }],
      [{ key: 'port.5434', label: '5434', value: 'filtered' }],
    ]);
  });

  it('reads a range port by port: nc exits 0 when one connects, the summary still says which did not', () => {
    const { server } = rigOf('nc-ports');
    const summary = summaryOf('nc', 'nc-ports');
    expect(summary.tone).toBe('degraded');
    expect(summary.headline).toBe(`1 open, 1 refused, 1 filtered of 3 ports on ${server}`);
    expect(
      tablesOf(summary)[0]
        ?.split('\n')
        .map((line) => line.split(/\s{2,}/)),
    ).toEqual([
      ['PORT', 'STATE', 'DETAIL'],
      [`${server}:5432/tcp`, 'open'],
      [`${server}:5433/tcp`, 'refused', 'Connection refused'],
      [`${server}:5434/tcp`, 'filtered', 'no answer'],
    ]);
  });
});

describe('nping, from real runs in the toolbox image', () => {
  it('says a TCP connect that completes is open, with the average handshake time', () => {
    const summary = summaryOf('nping', 'nping-image-connect');
    expect(summary.tone).toBe('ok');
    expect(summary.headline).toBe(
      `${rigOf('nping-image-connect').server}:5432 open, 3 of 3 connected, avg 0.287 ms`,
    );
    expect(measureOf(summary, 'port.5432')).toBe('open');
    expect(measureOf(summary, 'rtt.avg')).toBe(0.287);
  });

  it('says refused when every attempt met an RST, though nping exits 0', () => {
    const summary = summaryOf('nping', 'nping-image-refused');
    expect(summary.tone).toBe('broken');
    expect(summary.headline).toBe(`${rigOf('nping-image-refused').server}:5433 refused (3 attempts)`);
    expect(measureOf(summary, 'port.5433')).toBe('refused');
  });

  it('counts what was sent and what came back so far', () => {
    expect(progressOf('nping', 'nping-image-connect', 5)).toBe('2 sent, 1 answered');
    expect(progressOf('nping', 'nping-image-refused', 7)).toBe('3 sent, 0 answered, 2 refused');
    expect(progressOf('nping', 'nping-image-icmp-silent', 2)).toBeUndefined();
  });

  it('says no reply to raw ICMP probes nobody answers', () => {
    const summary = summaryOf('nping', 'nping-image-icmp-silent');
    expect(summary.tone).toBe('broken');
    expect(summary.headline).toMatch(/^no reply from 198\.18\.\d+\.99 \(3 sent\)$/);
    expect(measureOf(summary, 'loss')).toBe(100);
  });
});

describe('nmap -oX -, from real runs', () => {
  it('shows its tables instead of the XML it was asked for', () => {
    expect(readerOf('nmap')?.machineOutput).toBe(true);
  });

  it('reads each port state with its reason, and calls a partly closed -p list degraded', () => {
    const summary = summaryOf('nmap', 'nmap-ports');
    expect(summary.tone).toBe('degraded');
    expect(summary.headline).toBe('5432, 8080 open; 5433 closed; 5434 filtered');
    expect(tablesOf(summary)).toEqual([
      [
        'PORT      STATE     SERVICE     REASON',
        '5432/tcp  open      postgresql  answered SYN-ACK',
        '5433/tcp  closed    pyrrho      RST',
        '5434/tcp  filtered  sgi-arrayd  no answer',
        '8080/tcp  open      http-proxy  answered SYN-ACK',
      ].join('\n'),
    ]);
    expect(['5432', '5433', '5434', '8080'].map((port) => measureOf(summary, `port.${port}`))).toEqual([
      'open',
      'closed',
      'filtered',
      'open',
    ]);
  });

  it('reads a connect scan (the image, -sT) the same way', () => {
    const summary = summaryOf('nmap', 'nmap-image-connect');
    expect(summary.headline).toBe('5432 open; 5433 closed');
    expect(tablesOf(summary)[0]).toContain('5433/tcp  closed  pyrrho      connection refused');
  });

  it('counts the hosts done and their open ports from the XML so far', () => {
    // nmap-ports: the <host> element closes on line 26.
    expect(progressOf('nmap', 'nmap-ports', 25)).toBeUndefined();
    expect(progressOf('nmap', 'nmap-ports', 26)).toBe('1 host scanned, 2 open ports');
  });

  it('calls a host that did not answer discovery down, as broken', () => {
    const summary = summaryOf('nmap', 'nmap-down');
    expect(summary.tone).toBe('broken');
    expect(summary.headline).toMatch(/^198\.18\.\d+\.99 down \(no reply to host discovery\)$/);
    expect(summary.facts[0]).toMatch(/-Pn scans ports anyway$/);
    expect(measureOf(summary, 'hosts.up')).toBe(0);
  });

  it('lists the hosts of a ping sweep with their MAC, and counts those down', () => {
    const { server } = rigOf('nmap-sweep');
    const summary = summaryOf('nmap', 'nmap-sweep');
    expect(summary.tone).toBe('degraded');
    expect(summary.headline).toBe('1 of 2 hosts up');
    expect(tablesOf(summary)).toEqual([
      [
        'hosts (1 of 2 up)',
        `HOST${' '.repeat(server.length - 4)}  STATE  MAC                REASON`,
        `${server}  up     d6:08:b2:af:25:d8  arp-response`,
      ].join('\n'),
    ]);
  });
});

describe('nc -vz, unreachable and UDP', () => {
  it('says host unreachable when ARP gets no answer (No route to host), as broken', () => {
    const summary = summaryOf('nc', 'nc-unreachable');
    expect(summary.tone).toBe('broken');
    expect(summary.headline).toMatch(/^198\.18\.\d+\.99:5432 unreachable$/);
    expect(summary.facts).toEqual(['nc: No route to host']);
    expect(measureOf(summary, 'port.5432')).toBe('unreachable');
  });

  it('keeps a UDP port apart in its measure and says what "succeeded" means for UDP', () => {
    const summary = summaryOf('nc', 'nc-udp');
    expect([summary.tone, summary.headline]).toEqual(['ok', `${rigOf('nc-udp').server}:53 open`]);
    expect(summary.facts).toEqual(['udp: no ICMP port unreachable came back, which is all nc can tell']);
    expect(summary.measures).toEqual([{ key: 'port.53/udp', label: '53/udp', value: 'open' }]);
  });
});

describe('nping --tcp (raw SYNs), from a real run in the image', () => {
  it("reads each port's state from the flags that came back: SYN-ACK open, RST closed", () => {
    const summary = summaryOf('nping', 'nping-image-syn');
    expect(summary.tone).toBe('degraded');
    expect(summary.headline).toBe('5432 open; 5433 closed');
    expect(summary.facts[0]).toBe('4 of 4 probes answered');
    expect(measureOf(summary, 'port.5432')).toBe('open');
    expect(measureOf(summary, 'port.5433')).toBe('closed');
  });
});
