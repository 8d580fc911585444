import { z } from 'zod';
import { defineCommand } from '../src/catalogue/define-command.js';
import { filterTokens, flag } from '../src/catalogue/values.js';

/** ss's switches in the order they are emitted, with their long names. */
const switches = [
  ['-t', '--tcp', 'tcp'],
  ['-u', '--udp', 'udp'],
  // --raw is the bot's own option (SPEC 3: no parsed summary), so raw sockets are -w only here.
  ['-w', null, 'raw'],
  ['-x', '--unix', 'unix'],
  ['-l', '--listening', 'listening'],
  ['-a', '--all', 'all'],
  ['-p', '--processes', 'processes'],
  ['-n', '--numeric', 'numeric'],
  ['-e', '--extended', 'extended'],
  ['-i', '--info', 'info'],
  ['-m', '--memory', 'memory'],
  ['-o', '--options', 'options'],
  ['-s', '--summary', 'summary'],
  ['-4', '--ipv4', 'ipv4'],
  ['-6', '--ipv6', 'ipv6'],
  ['-H', '--no-header', 'noHeader'],
  ['-O', '--oneline', 'oneline'],
] as const;

type SwitchKey = (typeof switches)[number][2];

export default defineCommand({
  name: 'ss',
  summary: 'Sockets: listeners and connections with their state, queues and TCP details',
  usage:
    'ss <target> [-t] [-u] [-w] [-x] [-l] [-a] [-p] [-n] [-e] [-i] [-m] [-o] [-s] [-4|-6] [-H] [-O] [FILTER]',
  examples: [
    'ss pod/frontend -tulpn',
    'ss container/web -tan state established',
    'ss pod/frontend -tni dst 10.0.0.12',
    'ss node/worker-1 -s',
  ],
  targets: 1,
  privilege: 'read',
  timeout: { default: '15s', max: '60s' },
  syntax: {
    flags: Object.fromEntries(
      switches.flatMap(([short, long, key]) => [
        [short, { key, kind: 'boolean' as const }],
        ...(long ? [[long, { key, kind: 'boolean' as const }]] : []),
      ]),
    ),
    positionals: [{ key: 'filter', rest: true }],
    denied: {
      '-K': 'closes sockets',
      '--kill': 'closes sockets',
      '-D': 'writes a dump to a file',
      '--diag': 'writes a dump to a file',
      '-F': 'reads the filter from a file',
      '--filter': 'reads the filter from a file',
      '-N': 'switches to another network namespace',
      '--net': 'switches to another network namespace',
      '-E': 'follows events forever',
      '--events': 'follows events forever',
    },
  },
  args: z
    .strictObject({
      ...(Object.fromEntries(switches.map(([, , key]) => [key, flag])) as Record<SwitchKey, typeof flag>),
      filter: filterTokens.default([]),
    })
    .refine((args) => !(args.ipv4 && args.ipv6), { error: '-4 and -6 exclude each other' }),
  argv: (args) => [
    'ss',
    // own-key: keys of this command's own table
    ...switches.filter(([, , key]) => args[key]).map(([short]) => short),
    ...args.filter,
  ],
});
