import { z } from 'zod';
import { defineCommand } from '../src/catalogue/define-command.js';
import { flag } from '../src/catalogue/values.js';

/** What `nft list` can show; the singular forms take a family and a name. */
const listables = [
  'ruleset',
  'tables',
  'table',
  'chains',
  'chain',
  'sets',
  'set',
  'maps',
  'map',
  'counters',
  'counter',
  'quotas',
  'quota',
  'flowtables',
  'flowtable',
  'meters',
  'meter',
  'ct',
] as const;
const families = new Set(['ip', 'ip6', 'inet', 'arp', 'bridge', 'netdev']);
const nameWord = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/;

const listOnly = 'nft is list-only here';

export default defineCommand({
  name: 'nft',
  summary:
    'nftables, list only: the ruleset, tables, chains, sets, maps, counters; no verb lists the ruleset',
  usage:
    'nft <target> [-j] [-a] [-n] [-s] [-t] [list ruleset|tables|table|chains|chain|sets|set|maps|map|counters|flowtables [FAMILY] [TABLE] [NAME]]',
  examples: [
    'nft node/worker-1',
    'nft node/worker-1 list ruleset',
    'nft host list tables',
    'nft host -a list table inet filter',
    'nft node/worker-1 -j list chain ip nat KUBE-SERVICES',
  ],
  targets: 1,
  privilege: 'privileged',
  timeout: { default: '15s', max: '60s' },
  syntax: {
    flags: {
      '-j': { key: 'json', kind: 'boolean' },
      '--json': { key: 'json', kind: 'boolean' },
      '-a': { key: 'handles', kind: 'boolean' },
      '--handle': { key: 'handles', kind: 'boolean' },
      '-n': { key: 'numeric', kind: 'boolean' },
      '--numeric': { key: 'numeric', kind: 'boolean' },
      '-s': { key: 'stateless', kind: 'boolean' },
      '--stateless': { key: 'stateless', kind: 'boolean' },
      '-t': { key: 'terse', kind: 'boolean' },
      '--terse': { key: 'terse', kind: 'boolean' },
    },
    positionals: [{ key: 'verb' }, { key: 'what' }, { key: 'names', rest: true }],
    denied: {
      '-f': 'runs commands from a file',
      '-i': 'starts an interactive shell',
      '--interactive': 'starts an interactive shell',
      '-I': 'reads include files',
      '--includepath': 'reads include files',
      '-c': listOnly,
      '--check': listOnly,
    },
  },
  args: z
    .strictObject({
      // Nothing written (`nft node/n1`) means what someone typing it wants: the whole ruleset.
      verb: z
        .literal('list', {
          error: (issue) => `${listOnly}: '${String(issue.input)}' is not list`,
        })
        .default('list'),
      what: z
        .enum(listables, {
          error: (issue) => `'${String(issue.input)}' is not something nft lists: ${listables.join(' ')}`,
        })
        .default('ruleset'),
      names: z
        .array(
          z
            .string()
            .regex(nameWord, { error: (issue) => `'${String(issue.input)}' is not a family or name` }),
        )
        .max(3, { error: 'at most FAMILY TABLE NAME' })
        .default([]),
      json: flag,
      handles: flag,
      numeric: flag,
      stateless: flag,
      terse: flag,
    })
    .refine((args) => args.names.length === 0 || families.has(args.names[0]!) || args.names.length <= 2, {
      error: `start with a family: ${[...families].join(', ')}`,
    }),
  argv: (args) => [
    'nft',
    ...(args.json ? ['-j'] : []),
    ...(args.handles ? ['-a'] : []),
    ...(args.numeric ? ['-n'] : []),
    ...(args.stateless ? ['-s'] : []),
    ...(args.terse ? ['-t'] : []),
    'list',
    args.what,
    ...args.names,
  ],
});
