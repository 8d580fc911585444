import { z } from 'zod';
import { defineCommand } from '../src/catalogue/define-command.js';
import { count, destination, flag, interfaceName, port } from '../src/catalogue/values.js';

export default defineCommand({
  name: 'tcptraceroute',
  summary: 'Traceroute with TCP SYNs to a port: the path firewalls let through',
  usage:
    'tcptraceroute <target> [-n] [-N] [-f FIRST] [-m HOPS] [-q PROBES] [-w SECONDS] [-i IFACE] HOST [PORT]',
  examples: [
    'tcptraceroute pod/frontend svc/db 5432',
    'tcptraceroute container/web -n -m 10 198.18.0.1 443',
    'tcptraceroute node/worker-1 -q 1 10.0.0.12',
  ],
  targets: 1,
  privilege: 'read',
  timeout: { default: '1m', max: '3m' },
  syntax: {
    flags: {
      '-n': { key: 'numeric', kind: 'boolean' },
      '-N': { key: 'natCheck', kind: 'boolean' },
      '-f': { key: 'firstHop', kind: 'value' },
      '-m': { key: 'maxHops', kind: 'value' },
      '-q': { key: 'probes', kind: 'value' },
      '-w': { key: 'wait', kind: 'value' },
      '-i': { key: 'interface', kind: 'value' },
    },
    positionals: [{ key: 'host', destination: true }, { key: 'port' }],
    denied: {
      '-s': 'sets a source address',
      '-p': 'sets the source port',
    },
  },
  args: z.strictObject({
    host: destination,
    port: port.optional(),
    numeric: flag,
    natCheck: flag,
    firstHop: count(1, 64).optional(),
    maxHops: count(1, 64).optional(),
    probes: count(1, 5).optional(),
    wait: count(1, 10).optional(),
    interface: interfaceName.optional(),
  }),
  argv: (args) => [
    'tcptraceroute',
    ...(args.numeric ? ['-n'] : []),
    ...(args.natCheck ? ['-N'] : []),
    ...(args.firstHop !== undefined ? ['-f', String(args.firstHop)] : []),
    ...(args.maxHops !== undefined ? ['-m', String(args.maxHops)] : []),
    ...(args.probes !== undefined ? ['-q', String(args.probes)] : []),
    ...(args.wait !== undefined ? ['-w', String(args.wait)] : []),
    ...(args.interface ? ['-i', args.interface] : []),
    args.host,
    ...(args.port !== undefined ? [String(args.port)] : []),
  ],
});
