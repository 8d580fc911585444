import { z } from 'zod';
import { defineCommand } from '../src/catalogue/define-command.js';
import { flag, interfaceName } from '../src/catalogue/values.js';

/** Read-only queries: each shows one thing about the interface. Capitals mostly set things. */
const queries = [
  ['-i', '--driver', 'driver'],
  ['-S', '--statistics', 'statistics'],
  ['-k', '--show-features', 'features'],
  ['-g', '--show-ring', 'rings'],
  ['-a', '--show-pause', 'pause'],
  ['-c', '--show-coalesce', 'coalesce'],
  ['-l', '--show-channels', 'channels'],
  ['-T', '--show-time-stamping', 'timestamping'],
  ['-P', '--show-permaddr', 'permanentAddress'],
  ['-m', '--module-info', 'module'],
  ['--show-eee', '--show-eee', 'eee'],
] as const;

type QueryKey = (typeof queries)[number][2];
const changes = 'changes the interface; ethtool is read-only here';

export default defineCommand({
  name: 'ethtool',
  summary: 'NIC details, read-only: link settings, driver, counters, offloads, rings',
  usage: 'ethtool <target> [-i | -S | -k | -g | -a | -c | -l | -T | -P | -m | --show-eee] IFACE',
  examples: [
    'ethtool node/worker-1 eth0',
    'ethtool pod/frontend -S eth0',
    'ethtool host -i docker0',
    'ethtool node/worker-1 -k eth0',
  ],
  targets: 1,
  privilege: 'read',
  timeout: { default: '15s', max: '60s' },
  syntax: {
    flags: Object.fromEntries(
      queries.flatMap(([short, long, key]) => [
        [short, { key, kind: 'boolean' as const }],
        [long, { key, kind: 'boolean' as const }],
      ]),
    ),
    positionals: [{ key: 'interface' }],
    denied: {
      '-s': changes,
      '--change': changes,
      '-K': changes,
      '--features': changes,
      '-G': changes,
      '-A': changes,
      '-C': changes,
      '-L': changes,
      '-E': changes,
      '-e': 'dumps the EEPROM',
      '-f': 'flashes firmware',
      '--flash': 'flashes firmware',
      '-r': 'restarts auto-negotiation (the link goes down)',
      '-p': 'blinks the port LED',
      '-t': 'runs a self-test, which can take the link down',
      '--reset': changes,
      '-X': changes,
      '-N': changes,
      '-U': changes,
      '-W': changes,
      '-u': 'shows flow rules; use -S or -k',
      '-d': 'dumps registers',
    },
  },
  args: z
    .strictObject({
      interface: interfaceName,
      ...(Object.fromEntries(queries.map(([, , key]) => [key, flag])) as Record<QueryKey, typeof flag>),
    })
    // own-key: keys of this command's own table
    .refine((args) => queries.filter(([, , key]) => args[key]).length <= 1, {
      error: 'ethtool shows one thing at a time: choose one query flag',
    }),
  argv: (args) => {
    // own-key: keys of this command's own table
    const query = queries.find(([, , key]) => args[key]);
    return ['ethtool', ...(query ? [query[0]] : []), args.interface];
  },
});
