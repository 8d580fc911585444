import { z } from 'zod';
import { defineCommand } from '../src/catalogue/define-command.js';
import { flag, identifier } from '../src/catalogue/values.js';

const listOnly = 'changes the firewall; iptables is list-only here (-L or -S)';

/**
 * Without -L or -S, someone typing `iptables node/n1` wants to see the rules: the table view with
 * counters and without name lookups, as `iptables -nvL` (counters show which rules traffic hits;
 * lookups could use up the timeout).
 */
function listsByDefault(args: { list: boolean; listRules: boolean }): boolean {
  return !args.list && !args.listRules;
}

export default defineCommand({
  name: 'iptables',
  summary: 'Firewall rules, list only: -L (table view) or -S (as rules), any table; neither lists as -nvL',
  usage:
    'iptables <target> [-t filter|nat|mangle|raw|security] [-L|-S] [CHAIN] [-n] [-v] [-x] [--line-numbers] [-6]',
  examples: [
    'iptables node/worker-1',
    'iptables node/worker-1 -t nat -L KUBE-SERVICES -n',
    'iptables host -S',
    'iptables node/worker-1 -nvL INPUT --line-numbers',
    'iptables host -6 -t filter -S FORWARD',
  ],
  targets: 1,
  privilege: 'privileged',
  timeout: { default: '15s', max: '60s' },
  syntax: {
    flags: {
      '-t': { key: 'table', kind: 'value' },
      '--table': { key: 'table', kind: 'value' },
      '-L': { key: 'list', kind: 'boolean' },
      '--list': { key: 'list', kind: 'boolean' },
      '-S': { key: 'listRules', kind: 'boolean' },
      '--list-rules': { key: 'listRules', kind: 'boolean' },
      '-n': { key: 'numeric', kind: 'boolean' },
      '--numeric': { key: 'numeric', kind: 'boolean' },
      '-v': { key: 'verbose', kind: 'boolean' },
      '--verbose': { key: 'verbose', kind: 'boolean' },
      '-x': { key: 'exact', kind: 'boolean' },
      '--exact': { key: 'exact', kind: 'boolean' },
      '--line-numbers': { key: 'lineNumbers', kind: 'boolean' },
      '-6': { key: 'ipv6', kind: 'boolean' },
    },
    positionals: [{ key: 'chain' }],
    denied: {
      '-A': listOnly,
      '--append': listOnly,
      '-C': listOnly,
      '--check': listOnly,
      '-D': listOnly,
      '--delete': listOnly,
      '-I': listOnly,
      '--insert': listOnly,
      '-R': listOnly,
      '--replace': listOnly,
      '-F': listOnly,
      '--flush': listOnly,
      '-Z': 'zeroes the counters',
      '--zero': 'zeroes the counters',
      '-N': listOnly,
      '--new-chain': listOnly,
      '-X': listOnly,
      '--delete-chain': listOnly,
      '-P': listOnly,
      '--policy': listOnly,
      '-E': listOnly,
      '--rename-chain': listOnly,
      '--modprobe': 'loads kernel modules',
    },
  },
  args: z
    .strictObject({
      table: z.enum(['filter', 'nat', 'mangle', 'raw', 'security']).optional(),
      list: flag,
      listRules: flag,
      chain: identifier(29).optional(),
      numeric: flag,
      verbose: flag,
      exact: flag,
      lineNumbers: flag,
      ipv6: flag,
    })
    .refine((args) => !(args.list && args.listRules), { error: '-L and -S exclude each other: give one' }),
  // -w: wait for the xtables lock instead of failing while kube-proxy holds it.
  argv: (args) => [
    args.ipv6 ? 'ip6tables' : 'iptables',
    '-w',
    '5',
    ...(args.table ? ['-t', args.table] : []),
    args.listRules ? '-S' : '-L',
    ...(args.chain ? [args.chain] : []),
    ...(args.numeric || listsByDefault(args) ? ['-n'] : []),
    ...(args.verbose || listsByDefault(args) ? ['-v'] : []),
    ...(args.exact ? ['-x'] : []),
    ...(args.lineNumbers ? ['--line-numbers'] : []),
  ],
});
