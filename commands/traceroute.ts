import { z } from 'zod';
import { defineCommand } from '../src/catalogue/define-command.js';
import { count, decimal, destination, flag, interfaceName, port } from '../src/catalogue/values.js';

export default defineCommand({
  name: 'traceroute',
  summary: 'The hops to a host, by UDP, ICMP (-I) or TCP SYN (-T)',
  usage:
    'traceroute <target> [-n] [-I|-T|-U] [-4|-6] [-m HOPS] [-f FIRST] [-q PROBES] [-w SECONDS] [-N PARALLEL] [-p PORT] [-i IFACE] HOST',
  examples: [
    'traceroute pod/frontend svc/db',
    'traceroute container/web -n -T -p 443 198.18.0.1',
    'traceroute node/worker-1 -I -m 15 -q 1 10.0.0.12',
  ],
  targets: 1,
  privilege: 'read',
  timeout: { default: '1m', max: '3m' },
  syntax: {
    flags: {
      '-n': { key: 'numeric', kind: 'boolean' },
      '-I': { key: 'icmp', kind: 'boolean' },
      '-T': { key: 'tcp', kind: 'boolean' },
      '-U': { key: 'udp', kind: 'boolean' },
      '-4': { key: 'ipv4', kind: 'boolean' },
      '-6': { key: 'ipv6', kind: 'boolean' },
      '-m': { key: 'maxHops', kind: 'value' },
      '-f': { key: 'firstHop', kind: 'value' },
      '-q': { key: 'probes', kind: 'value' },
      '-w': { key: 'wait', kind: 'value' },
      '-N': { key: 'parallel', kind: 'value' },
      '-p': { key: 'port', kind: 'value' },
      '-i': { key: 'interface', kind: 'value' },
    },
    positionals: [{ key: 'host', destination: true }],
    denied: {
      '-s': 'sets a source address',
      '-g': 'source-routes packets through a gateway',
    },
  },
  args: z
    .strictObject({
      host: destination,
      numeric: flag,
      icmp: flag,
      tcp: flag,
      udp: flag,
      ipv4: flag,
      ipv6: flag,
      maxHops: count(1, 64).optional(),
      firstHop: count(1, 64).optional(),
      probes: count(1, 5).optional(),
      wait: decimal(0.1, 10).optional(),
      parallel: count(1, 32).optional(),
      port: port.optional(),
      interface: interfaceName.optional(),
    })
    .refine((args) => [args.icmp, args.tcp, args.udp].filter(Boolean).length <= 1, {
      error: 'choose one of -I, -T and -U',
    })
    .refine((args) => !(args.ipv4 && args.ipv6), { error: '-4 and -6 exclude each other' }),
  argv: (args) => [
    'traceroute',
    ...(args.numeric ? ['-n'] : []),
    ...(args.icmp ? ['-I'] : []),
    ...(args.tcp ? ['-T'] : []),
    ...(args.udp ? ['-U'] : []),
    ...(args.ipv4 ? ['-4'] : []),
    ...(args.ipv6 ? ['-6'] : []),
    ...(args.maxHops !== undefined ? ['-m', String(args.maxHops)] : []),
    ...(args.firstHop !== undefined ? ['-f', String(args.firstHop)] : []),
    ...(args.probes !== undefined ? ['-q', String(args.probes)] : []),
    ...(args.wait !== undefined ? ['-w', String(args.wait)] : []),
    ...(args.parallel !== undefined ? ['-N', String(args.parallel)] : []),
    ...(args.port !== undefined ? ['-p', String(args.port)] : []),
    ...(args.interface ? ['-i', args.interface] : []),
    args.host,
  ],
});
