import { z } from 'zod';
import { defineCommand } from '../src/catalogue/define-command.js';
import { flag } from '../src/catalogue/values.js';

/** netstat's switches in the order they are emitted, with their long names. */
const switches = [
  ['-t', '--tcp', 'tcp'],
  ['-u', '--udp', 'udp'],
  // --raw is the bot's own option (SPEC 3: no parsed summary), so raw sockets are -w only here.
  ['-w', null, 'raw'],
  ['-x', '--unix', 'unix'],
  ['-l', '--listening', 'listening'],
  ['-a', '--all', 'all'],
  ['-p', '--program', 'program'],
  ['-n', '--numeric', 'numeric'],
  ['-e', '--extend', 'extend'],
  ['-o', '--timers', 'timers'],
  ['-W', '--wide', 'wide'],
  ['-s', '--statistics', 'statistics'],
  ['-r', '--route', 'route'],
  ['-i', '--interfaces', 'interfaces'],
  ['-g', '--groups', 'groups'],
] as const;

type SwitchKey = (typeof switches)[number][2];

export default defineCommand({
  name: 'netstat',
  summary: 'Listeners, connections, routes and interface counters (net-tools)',
  usage: 'netstat <target> [-t] [-u] [-w] [-x] [-l] [-a] [-p] [-n] [-e] [-o] [-W] [-s | -r | -i | -g]',
  examples: [
    'netstat container/perf-test-a -tulpn',
    'netstat pod/frontend -tan',
    'netstat node/worker-1 -s',
    'netstat pod/frontend -rn',
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
    positionals: [],
    denied: {
      '-c': 'repeats forever',
      '--continuous': 'repeats forever',
    },
  },
  args: z
    .strictObject(
      Object.fromEntries(switches.map(([, , key]) => [key, flag])) as Record<SwitchKey, typeof flag>,
    )
    .refine(
      (args) => [args.statistics, args.route, args.interfaces, args.groups].filter(Boolean).length <= 1,
      {
        error: 'choose one of -s, -r, -i and -g',
      },
    ),
  // own-key: keys of this command's own table
  argv: (args) => ['netstat', ...switches.filter(([, , key]) => args[key]).map(([short]) => short)],
});
