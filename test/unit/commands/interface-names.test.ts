import { commands } from '../../../commands/index.js';
import { argvOf, refusalOf } from './plan-text.js';

/**
 * Issue 12, class 6: where a tool takes an interface, it takes a network interface of the target and
 * nothing else: not an address (ping -I 10.0.0.1 picks a source address, as arping -s does), not an
 * index into libpcap's list, not a pseudo-device that reads the worker host (dbus-system, usbmon0).
 */
const interfaceFlags: readonly (readonly [string, string])[] = [
  ['ping pod/x -I', '10.0.0.2'],
  ['arping pod/x -I', '10.0.0.2'],
  ['oping pod/x -D', '10.0.0.2'],
  ['traceroute pod/x -i', '10.0.0.2'],
  ['tcptraceroute pod/x -i', '10.0.0.2'],
  ['tcpdump pod/x -i', ''],
  ['ngrep pod/x -d', 'Host'],
  ['iftop pod/x -i', ''],
  ['ethtool pod/x', ''],
];

const notInterfaces = [
  '10.0.0.1',
  'fd00::1',
  'dbus-system',
  'nflog:1',
  'nfqueue',
  'usbmon0',
  'bluetooth0',
  '3',
];

describe('interface names', () => {
  // bridge's `dev IFACE` and wg's device name a netlink dump, which reads no traffic.
  it('covers every tool that takes an interface', () => {
    const takers = commands
      .filter(
        (command) =>
          (command.usage.includes('IFACE') || command.name === 'ethtool') &&
          !['bridge', 'wg'].includes(command.name),
      )
      .map((command) => command.name);
    expect(interfaceFlags.map(([line]) => line.split(' ')[0])).toEqual(expect.arrayContaining(takers));
  });

  it.each(
    interfaceFlags.flatMap(([line, rest]) =>
      notInterfaces.map((word) => [`${line} ${word} ${rest}`.trim(), word]),
    ),
  )('refuses "%s"', async (line, word) => {
    expect(await refusalOf(line)).toMatch(
      new RegExp(`'${word}' is (an address|a capture pseudo-device|an interface index)`),
    );
  });

  it('takes an interface name, and any where a capture covers the namespace', async () => {
    expect(await argvOf('ping pod/x -I eth0 10.0.0.2')).toEqual([
      'ping',
      '-c',
      '4',
      '-I',
      'eth0',
      '10.0.0.2',
    ]);
    expect(await argvOf('ping pod/x -I lo 127.0.0.1')).toContain('lo');
    expect(await argvOf('tcpdump pod/x -i any')).toContain('any');
    expect(await argvOf('ngrep pod/x -d any Host')).toContain('any');
    expect(await refusalOf('iftop pod/x -i any')).toMatch(/'any' is a capture pseudo-device/);
    expect(await refusalOf('ping pod/x -I any 10.0.0.2')).toMatch(/'any' is a capture pseudo-device/);
  });
});
