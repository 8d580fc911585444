import { z } from 'zod';
import { defineCommand } from '../src/catalogue/define-command.js';
import { flag } from '../src/catalogue/values.js';

/**
 * The objects worth reading on a bridge, by every abbreviation iproute2 accepts for them. A Map: the
 * word is the user's, and a plain object would answer for `constructor` (issue 12).
 */
const objects: ReadonlyMap<string, string> = new Map([
  ['a', 'address'],
  ['ad', 'address'],
  ['addr', 'address'],
  ['address', 'address'],
  ['r', 'route'],
  ['ro', 'route'],
  ['route', 'route'],
  ['n', 'neigh'],
  ['ne', 'neigh'],
  ['neigh', 'neigh'],
  ['neighbor', 'neigh'],
  ['neighbour', 'neigh'],
  ['l', 'link'],
  ['li', 'link'],
  ['link', 'link'],
  ['ru', 'rule'],
  ['rule', 'rule'],
  ['m', 'maddress'],
  ['maddr', 'maddress'],
  ['maddress', 'maddress'],
  ['ntable', 'ntable'],
  ['tunnel', 'tunnel'],
  ['netconf', 'netconf'],
  ['vrf', 'vrf'],
]);

/** Read-only verbs. `get` asks the kernel which route or neighbour it would use. */
const verbs = ['show', 'list', 'ls', 'lst', 'get'] as const;

/** Selector words and their values: names, addresses, prefixes, numbers. Never a verb. */
const selectorWord = /^[A-Za-z0-9_][A-Za-z0-9_.:/@-]{0,63}$/;
const actionWords = new Set([
  'add',
  'del',
  'delete',
  'change',
  'replace',
  'append',
  'prepend',
  'flush',
  'set',
  'save',
  'restore',
  'exec',
  'monitor',
  'test',
]);

const readOnly = 'changes or leaves the namespace; ip is read-only here';

export default defineCommand({
  name: 'ip',
  summary: 'iproute2, read-only: addresses, routes, neighbours, links and rules, as tables like ip -br',
  usage:
    'ip <target> [-4|-6] [-s] [-d] [-br] OBJECT [show|get] [SELECTORS]  (OBJECT: addr, route, neigh, link, rule, maddr, ntable, tunnel, netconf, vrf)',
  examples: [
    'ip container/perf-test-a route show',
    'ip container/perf-test-a neigh show',
    'ip pod/frontend addr show dev eth0',
    'ip pod/frontend route get 10.96.0.1',
    'ip node/worker-1 -s link show',
  ],
  targets: 1,
  privilege: 'read',
  timeout: { default: '15s', max: '60s' },
  syntax: {
    flags: {
      '-4': { key: 'ipv4', kind: 'boolean' },
      '-6': { key: 'ipv6', kind: 'boolean' },
      '-s': { key: 'statistics', kind: 'count' },
      '-d': { key: 'details', kind: 'boolean' },
      '-br': { key: 'brief', kind: 'boolean' },
      '-brief': { key: 'brief', kind: 'boolean' },
      // Always on: the summary reads ip's JSON.
      '-j': { key: 'json', kind: 'boolean' },
      '-json': { key: 'json', kind: 'boolean' },
      '-p': { key: 'json', kind: 'boolean' },
    },
    positionals: [{ key: 'object' }, { key: 'verb' }, { key: 'selectors', rest: true }],
    denied: {
      '-batch': 'runs commands from a batch file',
      '-b': 'runs commands from a batch file',
      '-force': 'runs commands from a batch file',
      '-netns': readOnly,
      '-all': readOnly,
      '-a': readOnly,
    },
  },
  args: z
    .strictObject({
      object: z
        .string()
        .refine((word) => objects.has(word), {
          error: (issue) =>
            `'${String(issue.input)}' is not something ip shows here: addr, route, neigh, link, rule, maddr, ntable, tunnel, netconf, vrf`,
        })
        .transform((word) => objects.get(word)!),
      verb: z
        .enum(verbs, {
          error: (issue) => `ip is read-only here: '${String(issue.input)}' is not show or get`,
        })
        .default('show'),
      selectors: z
        .array(
          z.string().refine((word) => selectorWord.test(word) && !actionWords.has(word), {
            error: (issue) => `'${String(issue.input)}' is not allowed in an ip selector`,
          }),
        )
        .max(12, { error: 'at most 12 selector words' })
        .default([]),
      ipv4: flag,
      ipv6: flag,
      statistics: z.number().int().max(2, { error: '-s at most twice' }).default(0),
      details: flag,
      brief: flag,
      json: flag,
    })
    .refine((args) => args.verb !== 'get' || ['route', 'neigh'].includes(args.object), {
      error: 'get works for route and neigh only',
    })
    .refine((args) => args.verb !== 'get' || args.selectors.length > 0, {
      error: 'get needs an address, as in: ip <target> route get 10.96.0.1',
    })
    .refine((args) => !(args.ipv4 && args.ipv6), { error: '-4 and -6 exclude each other' }),
  argv: (args) => [
    'ip',
    '-j',
    ...(args.ipv4 ? ['-4'] : []),
    ...(args.ipv6 ? ['-6'] : []),
    ...Array.from({ length: args.statistics }, () => '-s'),
    ...(args.details ? ['-d'] : []),
    ...(args.brief ? ['-br'] : []),
    args.object,
    args.verb === 'get' ? 'get' : 'show',
    ...args.selectors,
  ],
});
