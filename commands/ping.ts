import { z } from 'zod';
import { defineCommand } from '../src/catalogue/define-command.js';
import { count, decimal, destination, flag, interfaceName } from '../src/catalogue/values.js';

export default defineCommand({
  name: 'ping',
  summary: 'ICMP echo from inside the target: reachability, loss and round-trip times',
  usage:
    'ping <target> [-c COUNT] [-i SECONDS] [-W SECONDS] [-w SECONDS] [-s SIZE] [-t TTL] [-M do|dont|want] [-I IFACE] [-4|-6] [-n] [-q] [-D] HOST',
  examples: [
    'ping pod/frontend svc/db',
    'ping container/web -c 10 -i 0.5 198.18.0.1',
    'ping pod/frontend -M do -s 1472 -c 3 10.0.0.12',
    'ping node/worker-1 -q -c 20 kubernetes.default',
  ],
  targets: 1,
  privilege: 'read',
  // SIGINT prints the loss and round-trip statistics; SIGTERM ends ping without them.
  stopSignal: 'SIGINT',
  timeout: { default: '30s', max: '3m' },
  syntax: {
    flags: {
      '-c': { key: 'count', kind: 'value' },
      '-i': { key: 'interval', kind: 'value' },
      '-W': { key: 'wait', kind: 'value' },
      '-w': { key: 'deadline', kind: 'value' },
      '-s': { key: 'size', kind: 'value' },
      '-t': { key: 'ttl', kind: 'value' },
      '-M': { key: 'pmtu', kind: 'value' },
      '-I': { key: 'interface', kind: 'value' },
      '-4': { key: 'ipv4', kind: 'boolean' },
      '-6': { key: 'ipv6', kind: 'boolean' },
      '-n': { key: 'numeric', kind: 'boolean' },
      '-q': { key: 'quiet', kind: 'boolean' },
      '-D': { key: 'timestamps', kind: 'boolean' },
      '-O': { key: 'outstanding', kind: 'boolean' },
    },
    positionals: [{ key: 'host', destination: true }],
    denied: {
      '-f': 'floods the network',
      '-l': 'preloads packets without waiting for replies (a flood)',
      '-p': 'fills packets with a pattern of your choosing',
    },
  },
  args: z
    .strictObject({
      host: destination,
      count: count(1, 100).default(4),
      interval: decimal(0.2, 10).optional(),
      wait: count(1, 10).optional(),
      deadline: count(1, 150).optional(),
      size: count(0, 9000).optional(),
      ttl: count(1, 255).optional(),
      pmtu: z.enum(['do', 'dont', 'want', 'probe']).optional(),
      interface: interfaceName.optional(),
      ipv4: flag,
      ipv6: flag,
      numeric: flag,
      quiet: flag,
      timestamps: flag,
      outstanding: flag,
    })
    .refine((args) => !(args.ipv4 && args.ipv6), { error: '-4 and -6 exclude each other' }),
  argv: (args) => [
    'ping',
    '-c',
    String(args.count),
    ...(args.interval !== undefined ? ['-i', String(args.interval)] : []),
    ...(args.wait !== undefined ? ['-W', String(args.wait)] : []),
    ...(args.deadline !== undefined ? ['-w', String(args.deadline)] : []),
    ...(args.size !== undefined ? ['-s', String(args.size)] : []),
    ...(args.ttl !== undefined ? ['-t', String(args.ttl)] : []),
    ...(args.pmtu ? ['-M', args.pmtu] : []),
    ...(args.interface ? ['-I', args.interface] : []),
    ...(args.ipv4 ? ['-4'] : []),
    ...(args.ipv6 ? ['-6'] : []),
    ...(args.numeric ? ['-n'] : []),
    ...(args.quiet ? ['-q'] : []),
    ...(args.timestamps ? ['-D'] : []),
    ...(args.outstanding ? ['-O'] : []),
    args.host,
  ],
});
