import { z } from 'zod';
import { defineCommand } from '../src/catalogue/define-command.js';
import { count, destination, flag, port } from '../src/catalogue/values.js';

export default defineCommand({
  name: 'tracepath',
  summary: 'The path to a host with the MTU discovered along it (no privileges needed)',
  usage: 'tracepath <target> [-n] [-b] [-4|-6] [-l LENGTH] [-m HOPS] [-p PORT] HOST',
  examples: [
    'tracepath pod/frontend svc/db',
    'tracepath container/web -n -m 10 198.18.0.1',
    'tracepath node/worker-1 -l 9000 10.0.0.12',
  ],
  targets: 1,
  privilege: 'read',
  timeout: { default: '1m', max: '3m' },
  syntax: {
    flags: {
      '-n': { key: 'numeric', kind: 'boolean' },
      '-b': { key: 'both', kind: 'boolean' },
      '-4': { key: 'ipv4', kind: 'boolean' },
      '-6': { key: 'ipv6', kind: 'boolean' },
      '-l': { key: 'length', kind: 'value' },
      '-m': { key: 'maxHops', kind: 'value' },
      '-p': { key: 'port', kind: 'value' },
    },
    positionals: [{ key: 'host', destination: true }],
  },
  args: z
    .strictObject({
      host: destination,
      numeric: flag,
      both: flag,
      ipv4: flag,
      ipv6: flag,
      length: count(28, 65_535).optional(),
      maxHops: count(1, 64).optional(),
      port: port.optional(),
    })
    .refine((args) => !(args.ipv4 && args.ipv6), { error: '-4 and -6 exclude each other' }),
  argv: (args) => [
    'tracepath',
    ...(args.numeric ? ['-n'] : []),
    ...(args.both ? ['-b'] : []),
    ...(args.ipv4 ? ['-4'] : []),
    ...(args.ipv6 ? ['-6'] : []),
    ...(args.length !== undefined ? ['-l', String(args.length)] : []),
    ...(args.maxHops !== undefined ? ['-m', String(args.maxHops)] : []),
    ...(args.port !== undefined ? ['-p', String(args.port)] : []),
    args.host,
  ],
});
