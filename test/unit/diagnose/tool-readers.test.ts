import { digReason, resolverOf } from '../../../src/diagnose/name-layer.js';
import { hopsToTrace } from '../../../src/diagnose/path-layer.js';
import { readTracepath } from '../../../src/diagnose/tracepath-output.js';

// Outputs below were printed by the tools on the fault rig (test/integration/diagnose/fault-rig.ts).

describe('reading tracepath', () => {
  it('finds the hop that announced a smaller path MTU, and that the path reached its end', () => {
    const traced = readTracepath(
      [
        ' 1?: [LOCALHOST]                      pmtu 1500',
        ' 1:  198.18.200.1                                          0.067ms ',
        ' 1:  198.18.200.1                                          0.014ms ',
        ' 2:  198.18.200.1                                          0.020ms pmtu 1400',
        ' 2:  198.18.201.2                                          0.027ms reached',
        '     Resume: pmtu 1400 hops 2 back 2 ',
      ].join('\n'),
    );
    expect(traced).toEqual({
      hops: [
        { hop: 1, address: '198.18.200.1' },
        { hop: 2, address: '198.18.200.1' },
        { hop: 2, address: '198.18.201.2' },
      ],
      reached: true,
      pmtu: 1400,
      pmtuDropAt: { hop: 2, address: '198.18.200.1', pmtu: 1400 },
    });
  });

  it('keeps the hops that answered when the rest stay silent', () => {
    const traced = readTracepath(
      [
        ' 1?: [LOCALHOST]                      pmtu 1500',
        ' 1:  198.18.200.1                                          0.062ms ',
        ' 2:  no reply',
        ' 3:  no reply',
        '     Too many hops: pmtu 1500',
      ].join('\n'),
    );
    expect(traced).toEqual({ hops: [{ hop: 1, address: '198.18.200.1' }], reached: false, pmtu: 1500 });
  });

  it('stops one hop past the destination its echo reply came from, and at most 8', () => {
    expect(hopsToTrace(63)).toBe(3);
    expect(hopsToTrace(64)).toBe(2);
    expect(hopsToTrace(120)).toBe(8);
    expect(hopsToTrace(undefined)).toBe(8);
  });
});

describe('reading why a name did not resolve', () => {
  it('lists every name dig tried with its status, and calls NXDOMAIN a name that does not exist', () => {
    const output = [
      ';; ->>HEADER<<- opcode: QUERY, status: NXDOMAIN, id: 20624',
      ';; QUESTION SECTION:',
      ';nosuch.test.internal.\t\tIN\tA',
      ';; SERVER: 198.18.250.1#53(198.18.250.1) (UDP)',
      ';; ->>HEADER<<- opcode: QUERY, status: REFUSED, id: 7487',
      ';; QUESTION SECTION:',
      ';nosuch.\t\t\t\tIN\tA',
      ';; SERVER: 198.18.250.1#53(198.18.250.1) (UDP)',
    ].join('\n');
    expect(digReason(output)).toBe(
      'nosuch.test.internal. NXDOMAIN, nosuch. REFUSED (from 198.18.250.1): the name does not exist',
    );
  });

  it('says no server answered when none did', () => {
    expect(
      digReason(
        ';; communications error to 127.0.0.1#53: connection refused\n;; no servers could be reached',
      ),
    ).toBe('no DNS server answered');
  });

  it('reads the nameservers and search domains of a resolv.conf', () => {
    expect(
      resolverOf('nameserver 127.0.0.11\nsearch shop.svc.cluster.local svc.cluster.local\noptions ndots:5\n'),
    ).toEqual({
      nameservers: ['127.0.0.11'],
      search: ['shop.svc.cluster.local', 'svc.cluster.local'],
    });
  });
});
