import { z } from 'zod';
import { defineCommand } from '../src/catalogue/define-command.js';
import { flag } from '../src/catalogue/values.js';

const objects = ['fdb', 'link', 'vlan', 'mdb'] as const;
const selectorWord = /^[A-Za-z0-9_][A-Za-z0-9_.:/@-]{0,63}$/;
const actionWords = new Set([
  'add',
  'del',
  'delete',
  'change',
  'replace',
  'append',
  'flush',
  'set',
  'monitor',
]);

export default defineCommand({
  name: 'bridge',
  summary: 'iproute2 bridge, read-only: forwarding database, bridge ports, VLANs, multicast, as tables',
  usage: 'bridge <target> [-s] [-d] fdb|link|vlan|mdb [show] [dev IFACE] [br BRIDGE]',
  examples: [
    'bridge host fdb show',
    'bridge host fdb show br docker0',
    'bridge node/worker-1 link show',
    'bridge host -d vlan show',
  ],
  targets: 1,
  privilege: 'read',
  timeout: { default: '15s', max: '60s' },
  syntax: {
    flags: {
      '-s': { key: 'statistics', kind: 'boolean' },
      '-d': { key: 'details', kind: 'boolean' },
      '-j': { key: 'json', kind: 'boolean' },
      '-p': { key: 'json', kind: 'boolean' },
    },
    positionals: [{ key: 'object' }, { key: 'verb' }, { key: 'selectors', rest: true }],
    denied: {
      '-batch': 'runs commands from a batch file',
      '-b': 'runs commands from a batch file',
      '-force': 'runs commands from a batch file',
      '-netns': 'switches to another network namespace',
    },
  },
  args: z.strictObject({
    object: z.enum(objects, { error: (issue) => `'${String(issue.input)}' is not fdb, link, vlan or mdb` }),
    verb: z
      .enum(['show', 'list', 'ls'], {
        error: (issue) => `bridge is read-only here: '${String(issue.input)}' is not show`,
      })
      .default('show'),
    selectors: z
      .array(
        z.string().refine((word) => selectorWord.test(word) && !actionWords.has(word), {
          error: (issue) => `'${String(issue.input)}' is not allowed in a bridge selector`,
        }),
      )
      .max(8, { error: 'at most 8 selector words' })
      .default([]),
    statistics: flag,
    details: flag,
    json: flag,
  }),
  argv: (args) => [
    'bridge',
    '-j',
    ...(args.statistics ? ['-s'] : []),
    ...(args.details ? ['-d'] : []),
    args.object,
    'show',
    ...args.selectors,
  ],
});
