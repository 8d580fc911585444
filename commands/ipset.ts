import { z } from 'zod';
import { defineCommand } from '../src/catalogue/define-command.js';
import { flag, identifier } from '../src/catalogue/values.js';

const listOnly = 'ipset is list-only here';

export default defineCommand({
  name: 'ipset',
  summary: 'IP sets (kube-proxy, Calico, firewalls), list only',
  usage: 'ipset <target> [-n] [-t] [-s] [-o plain|save|xml] list [SETNAME]',
  examples: [
    'ipset node/worker-1 list',
    'ipset node/worker-1 -n list',
    'ipset node/worker-1 -t list KUBE-CLUSTER-IP',
    'ipset host -s list cali40all-ipam-pools',
  ],
  targets: 1,
  privilege: 'privileged',
  timeout: { default: '15s', max: '60s' },
  syntax: {
    flags: {
      '-n': { key: 'namesOnly', kind: 'boolean' },
      '-name': { key: 'namesOnly', kind: 'boolean' },
      '-t': { key: 'terse', kind: 'boolean' },
      '-terse': { key: 'terse', kind: 'boolean' },
      '-s': { key: 'sorted', kind: 'boolean' },
      '-sorted': { key: 'sorted', kind: 'boolean' },
      '-o': { key: 'output', kind: 'value' },
      '-output': { key: 'output', kind: 'value' },
    },
    positionals: [{ key: 'verb' }, { key: 'set', rest: true }],
    denied: {
      '-file': 'reads or writes a file',
      '-f': 'reads or writes a file',
      '-F': listOnly,
      '-X': listOnly,
      '-A': listOnly,
      '-D': listOnly,
      '-N': listOnly,
      '-R': listOnly,
      '-W': listOnly,
      '-E': listOnly,
      '-r': 'resolves every entry with DNS',
    },
  },
  args: z.strictObject({
    verb: z.literal('list', {
      error: (issue) =>
        issue.input === undefined
          ? 'write: ipset <target> list [SETNAME]'
          : `${listOnly}: '${String(issue.input)}' is not list`,
    }),
    set: z
      .array(identifier(31))
      .max(1, { error: 'list takes one set name at most' })
      .default([])
      .transform((names) => names[0]),
    namesOnly: flag,
    terse: flag,
    sorted: flag,
    output: z.enum(['plain', 'save', 'xml']).optional(),
  }),
  argv: (args) => [
    'ipset',
    ...(args.namesOnly ? ['-n'] : []),
    ...(args.terse ? ['-t'] : []),
    ...(args.sorted ? ['-s'] : []),
    ...(args.output ? ['-o', args.output] : []),
    'list',
    ...(args.set ? [args.set] : []),
  ],
});
