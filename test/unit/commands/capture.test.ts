import { describeCommand } from './command-table.js';
import { argvOf, pcapFile } from './plan-text.js';

describeCommand('tcpdump', {
  accepted: [
    ['tcpdump pod/web -i eth0 port 9999 -c 1', ['tcpdump', '-l', '-i', 'eth0', '-c', '1', '--', 'port 9999']],
    [
      'tcpdump container/perf-test-a -i eth0 port 9999 -c 1 -Xvv',
      ['tcpdump', '-l', '-i', 'eth0', '-c', '1', '-vv', '-X', '--', 'port 9999'],
    ],
    [
      'tcpdump pod/frontend -nn -i any host 10.0.0.12 and tcp port 5432',
      ['tcpdump', '-l', '-i', 'any', '-c', '100', '-nn', '--', 'host 10.0.0.12 and tcp port 5432'],
    ],
    [
      'tcpdump pod/frontend -i eth0 -e -tttt -s 96',
      ['tcpdump', '-l', '-i', 'eth0', '-c', '100', '-s', '96', '-e', '-tttt'],
    ],
    [
      "tcpdump pod/frontend 'tcp[tcpflags] & tcp-syn != 0'",
      ['tcpdump', '-l', '-c', '100', '--', 'tcp[tcpflags] & tcp-syn != 0'],
    ],
    [
      'tcpdump pod/frontend -Q in -p -c 10000 udp',
      ['tcpdump', '-l', '-c', '10000', '-p', '-Q', 'in', '--', 'udp'],
    ],
  ],
  refused: [
    ['tcpdump pod/web -z /bin/sh -i eth0', /-z is not allowed: runs a program/],
    ['tcpdump pod/web -r /etc/shadow', /-r is not allowed: reads or writes files/],
    ['tcpdump pod/web -w /tmp/capture.pcap', /-w is not allowed: .*use --pcap/],
    ['tcpdump pod/web -w/tmp/capture.pcap', /-w is not allowed/],
    ['tcpdump pod/web -nw /tmp/capture.pcap', /-w is not allowed/],
    ['tcpdump pod/web -Z root', /-Z is not allowed/],
    ['tcpdump pod/web -C 1 -i eth0', /-C is not allowed: rotates capture files/],
    ['tcpdump pod/web -G 10 -i eth0', /-G is not allowed/],
    ['tcpdump pod/web -F /etc/filter', /-F is not allowed/],
    ['tcpdump pod/web -V /etc/list', /-V is not allowed/],
    ['tcpdump pod/web -c 1000000', /at most 10000/],
    ['tcpdump pod/web port 80 -- -w /tmp/x', /not allowed in a BPF filter/],
    ['tcpdump pod/web "port 80; reboot"', /not allowed in a BPF filter/],
  ],
});

describe('tcpdump --pcap', () => {
  it('captures to the file the executor gives, packet by packet, and never prints text', async () => {
    expect(await argvOf('tcpdump node/worker-1 -i eth0 -c 500 udp port 53 --pcap')).toEqual([
      // Bounded in size as well as in time: the kernel ends the file at 50 MB.
      'prlimit',
      '--fsize=50000000',
      '--',
      'tcpdump',
      '-U',
      '-w',
      pcapFile,
      '-i',
      'eth0',
      '-c',
      '500',
      '--',
      'udp port 53',
    ]);
  });
});

describeCommand('ngrep', {
  accepted: [
    [
      "ngrep pod/web -d eth0 -q -W byline 'GET /' port 8080",
      ['ngrep', '-l', '-n', '50', '-d', 'eth0', '-q', '-W', 'byline', '--', 'GET /', 'port 8080'],
    ],
    [
      'ngrep container/web -n 10 -i error port 9999',
      ['ngrep', '-l', '-n', '10', '-i', '--', 'error', 'port 9999'],
    ],
    ['ngrep pod/frontend -d any -t Host', ['ngrep', '-l', '-n', '50', '-d', 'any', '-t', '--', 'Host']],
  ],
  refused: [
    ['ngrep pod/web -O /tmp/out.pcap GET', /-O is not allowed: writes matching packets to a file/],
    ['ngrep pod/web -I /tmp/in.pcap GET', /-I is not allowed: reads packets from a file/],
    ['ngrep pod/web -F /etc/filter GET', /-F is not allowed/],
    ['ngrep pod/web -n 100000 GET', /at most 1000/],
    ['ngrep pod/web -- -GET', /not allowed as a pattern/],
    ['ngrep pod/web GET port 80;id', /not allowed in a BPF filter/],
  ],
});

describeCommand('iftop', {
  accepted: [
    ['iftop container/perf-test-a -i eth0', ['iftop', '-t', '-s', '10', '-i', 'eth0']],
    ['iftop pod/frontend -i eth0 -s 20 -n -P', ['iftop', '-t', '-s', '20', '-i', 'eth0', '-n', '-P']],
    [
      'iftop node/worker-1 -i eth0 -f "port 443" -L 20',
      ['iftop', '-t', '-s', '10', '-i', 'eth0', '-L', '20', '-f', 'port 443'],
    ],
    [
      'iftop node/worker-1 -t -i eth0 -B -F 10.0.0.0/8',
      ['iftop', '-t', '-s', '10', '-i', 'eth0', '-B', '-F', '10.0.0.0/8'],
    ],
  ],
  refused: [
    ['iftop pod/frontend -c /etc/iftoprc -i eth0', /-c is not allowed: reads a config file/],
    ['iftop pod/frontend -i eth0 -s 3600', /at most 60/],
    ['iftop pod/frontend', /-i|INTERFACE/i],
    ['iftop pod/frontend -i eth0 -f "port 80 $(id)"', /not allowed in a BPF filter/],
    ['iftop pod/frontend -i eth0 -p', /-p is not allowed/],
  ],
});
