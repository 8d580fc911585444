import { z } from 'zod';
import { defineCommand } from '../src/catalogue/define-command.js';
import { count, decimal, destination, flag, interfaceName } from '../src/catalogue/values.js';

export default defineCommand({
  name: 'oping',
  summary: 'liboping: ping several hosts in parallel, one summary per host',
  usage: 'oping <target> [-c COUNT] [-i SECONDS] [-w SECONDS] [-t TTL] [-D IFACE] [-4|-6] HOST...',
  examples: [
    'oping pod/frontend svc/db svc/cache',
    'oping container/web -c 10 -i 0.5 198.18.0.1 198.18.0.2',
    'oping host -4 -c 3 198.18.0.1',
  ],
  targets: 1,
  privilege: 'read',
  // SIGINT prints the ping statistics; SIGTERM ends oping without them.
  stopSignal: 'SIGINT',
  timeout: { default: '30s', max: '3m' },
  syntax: {
    flags: {
      '-c': { key: 'count', kind: 'value' },
      '-i': { key: 'interval', kind: 'value' },
      '-w': { key: 'wait', kind: 'value' },
      '-t': { key: 'ttl', kind: 'value' },
      '-D': { key: 'interface', kind: 'value' },
      '-4': { key: 'ipv4', kind: 'boolean' },
      '-6': { key: 'ipv6', kind: 'boolean' },
    },
    positionals: [{ key: 'hosts', rest: true, destination: true }],
    denied: {
      '-f': 'reads the host list from a file',
      '-O': 'writes measurements to a file',
      '-I': 'sets a source address',
    },
  },
  args: z
    .strictObject({
      hosts: z
        .array(destination)
        .min(1, { error: 'name at least one host' })
        .max(16, { error: 'at most 16 hosts' }),
      count: count(1, 100).default(4),
      interval: decimal(0.2, 10).optional(),
      wait: decimal(0.1, 10).optional(),
      ttl: count(1, 255).optional(),
      interface: interfaceName.optional(),
      ipv4: flag,
      ipv6: flag,
    })
    .refine((args) => !(args.ipv4 && args.ipv6), { error: '-4 and -6 exclude each other' }),
  argv: (args) => [
    'oping',
    '-c',
    String(args.count),
    ...(args.interval !== undefined ? ['-i', String(args.interval)] : []),
    ...(args.wait !== undefined ? ['-w', String(args.wait)] : []),
    ...(args.ttl !== undefined ? ['-t', String(args.ttl)] : []),
    ...(args.interface ? ['-D', args.interface] : []),
    ...(args.ipv4 ? ['-4'] : []),
    ...(args.ipv6 ? ['-6'] : []),
    ...args.hosts,
  ],
});
