import {
  bpfFilter,
  cidr,
  count,
  destination,
  duration,
  hostOrIp,
  hostname,
  httpHeader,
  httpUrl,
  captureInterface,
  interfaceName,
  network,
  port,
  portList,
  recordType,
} from '../../../src/catalogue/values.js';
import type { z } from 'zod';

const accepts = (schema: z.ZodType, value: unknown): boolean => schema.safeParse(value).success;

describe('shared value schemas', () => {
  it.each(['db', 'kubernetes.default', 'api.example.com.', 'perf_test_a', '_http._tcp.db'])(
    'hostname accepts %s',
    (value) => expect(accepts(hostname, value)).toBe(true),
  );
  it.each(['-db', '--help', 'a..b', 'db;id', 'db name', '$(id)', 'a'.repeat(64), ''])(
    'hostname refuses %j',
    (value) => expect(accepts(hostname, value)).toBe(false),
  );

  it('host-or-ip accepts addresses of both families and names', () => {
    for (const value of ['10.0.0.1', '::1', 'fe80::1', 'db']) expect(accepts(hostOrIp, value)).toBe(true);
    for (const value of ['-1.2.3.4', '10.0.0.1/8', 'http://db']) expect(accepts(hostOrIp, value)).toBe(false);
  });

  it('a destination may be a target reference, kept as one', () => {
    expect(destination.parse({ kind: 'pod', name: 'db' })).toEqual({
      kind: 'pod',
      name: 'db',
    });
    expect(destination.parse('db')).toBe('db');
    expect(accepts(destination, '-oX')).toBe(false);
  });

  it('cidr accepts networks with a valid prefix length only', () => {
    expect(accepts(cidr, '198.18.0.0/15')).toBe(true);
    expect(accepts(cidr, 'fd00::/64')).toBe(true);
    for (const value of ['198.18.0.0/33', '198.18.0.0', 'db/8', '-1/8'])
      expect(accepts(cidr, value)).toBe(false);
  });

  it('a network to sweep is a CIDR of bounded size, never a name', () => {
    expect(network(256).parse('198.18.0.0/24')).toBe('198.18.0.0/24');
    for (const value of ['198.18.0.0/23', 'db', '198.18.0.1', '-198.18.0.0/24'])
      expect(accepts(network(256), value)).toBe(false);
  });

  it('port turns text into a number from 1 to 65535', () => {
    expect(port.parse('8080')).toBe(8080);
    for (const value of ['0', '65536', '-1', '80a', '']) expect(accepts(port, value)).toBe(false);
  });

  it('port lists and ranges are bounded in how many ports they name', () => {
    expect(portList().parse('12376-12390')).toBe('12376-12390');
    expect(portList().parse('22,80,443')).toBe('22,80,443');
    expect(accepts(portList(), '1-65535')).toBe(false);
    expect(accepts(portList(100), '1-101')).toBe(false);
    for (const value of ['-', '-22', '22-', '90-80', '22,,80', 'http'])
      expect(accepts(portList(), value)).toBe(false);
  });

  it('interface names follow the kernel limit and never start with a dash', () => {
    for (const value of ['eth0', 'lo', 'cali1234abcd', 'br-5a2b3c4d5e6f', 'wg0', 'a'.repeat(15)])
      expect(accepts(interfaceName, value)).toBe(true);
    for (const value of ['-i', 'eth0 x', 'a'.repeat(16), 'eth/0', 'eth0:1', '.', '..', ''])
      expect(accepts(interfaceName, value)).toBe(false);
  });

  it('interface names are never addresses, indexes or libpcap pseudo-devices (issue 12)', () => {
    const refused = [
      '10.0.0.1',
      '198.18.0.1',
      'fd00::1',
      '::1',
      'dbus-system',
      'dbus-session',
      'DBUS-SYSTEM',
      'nflog',
      'nflog:1',
      'nfqueue',
      'nfqueue:5',
      'usbmon0',
      'usbmon1',
      'bluetooth0',
      'bluetooth-monitor',
      'any',
      '1',
      '12',
    ];
    for (const value of refused) expect(accepts(interfaceName, value)).toBe(false);
    for (const value of refused.filter((value) => value !== 'any'))
      expect(accepts(captureInterface, value)).toBe(false);
    expect(accepts(captureInterface, 'any')).toBe(true);
    expect(accepts(captureInterface, 'eth0')).toBe(true);
  });

  it('URLs are http or https only', () => {
    expect(accepts(httpUrl, 'http://db:8080/health')).toBe(true);
    expect(accepts(httpUrl, 'https://user:secret@api.example.com/x?y=1')).toBe(true);
    for (const value of [
      'file:///etc/passwd',
      'gopher://db/',
      'dict://db:11211/',
      'ftp://db/',
      '-http://x',
      'db:8080',
      'http://db/ x',
    ])
      expect(accepts(httpUrl, value)).toBe(false);
  });

  it('a BPF filter is joined from tokens in BPF charset only', () => {
    expect(bpfFilter.parse(['port', '9999'])).toBe('port 9999');
    expect(bpfFilter.parse(['tcp[tcpflags]', '&', 'tcp-syn', '!=', '0'])).toBe(
      'tcp[tcpflags] & tcp-syn != 0',
    );
    for (const value of [
      ['-w', '/tmp/x'],
      ['port', '80;id'],
      ['host', '$(id)'],
      ['"port"'],
      ['a'.repeat(600)],
    ])
      expect(accepts(bpfFilter, value)).toBe(false);
  });

  it('record types are case-insensitive and zone transfers are refused', () => {
    expect(recordType.parse('aaaa')).toBe('AAAA');
    expect(accepts(recordType, 'AXFR')).toBe(false);
    expect(accepts(recordType, '-t')).toBe(false);
  });

  it('count bounds whole numbers', () => {
    expect(count(1, 100).parse('4')).toBe(4);
    expect(count(1, 100).parse(7)).toBe(7);
    for (const value of ['0', '101', '1.5', '-3', 'x']) expect(accepts(count(1, 100), value)).toBe(false);
  });

  it('duration reads units and stays within its bounds', () => {
    expect(duration('1s', '60s').parse('10s')).toBe(10_000);
    expect(duration('1s', '60s').parse('2')).toBe(2_000);
    expect(accepts(duration('1s', '60s'), '2m')).toBe(false);
    expect(accepts(duration('1s', '60s'), '-5s')).toBe(false);
  });

  it('headers are one Name: value line', () => {
    expect(accepts(httpHeader, 'Accept: application/json')).toBe(true);
    expect(accepts(httpHeader, 'X-Empty:')).toBe(true);
    for (const value of ['-H', 'NoColon', 'Bad Name: x', 'A: b\r\nC: d'])
      expect(accepts(httpHeader, value)).toBe(false);
  });
});
