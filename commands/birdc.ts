import { z } from 'zod';
import { defineCommand } from '../src/catalogue/define-command.js';
import { flag } from '../src/catalogue/values.js';

/** Calico's BIRD control sockets, inside calico-node's (the node's) filesystem. */
const birdSocket = '/var/run/calico/bird.ctl';
const bird6Socket = '/var/run/calico/bird6.ctl';

const topics = ['protocols', 'route', 'status', 'interfaces', 'bfd', 'ospf', 'memory', 'symbols'] as const;
const word = /^[A-Za-z0-9_][A-Za-z0-9_.:/-]{0,63}$/;

export default defineCommand({
  name: 'birdc',
  summary: 'BIRD (Calico BGP) in restricted mode: show protocols, routes, status',
  usage:
    'birdc <target> [-6] show protocols|route|status|interfaces|bfd|ospf|memory|symbols [all] [for PREFIX] [table T] [protocol P] [count] [NAME]',
  examples: [
    'birdc node/worker-1 show protocols',
    'birdc node/worker-1 show protocols all Mesh_10_0_0_12',
    'birdc node/worker-1 show route for 10.244.1.0/24',
    'birdc node/worker-1 -6 show route count',
  ],
  targets: 1,
  privilege: 'read',
  timeout: { default: '15s', max: '60s' },
  syntax: {
    flags: {
      '-6': { key: 'ipv6', kind: 'boolean' },
    },
    positionals: [{ key: 'verb' }, { key: 'topic' }, { key: 'words', rest: true }],
    denied: {
      '-s': 'the socket is Calico’s; use -6 for its IPv6 daemon',
      '-l': 'the socket is Calico’s; use -6 for its IPv6 daemon',
    },
  },
  args: z.strictObject({
    verb: z.literal('show', {
      error: (issue) =>
        issue.input === undefined
          ? 'write: birdc <target> show protocols'
          : `birdc is show-only here: '${String(issue.input)}' is not show`,
    }),
    topic: z.enum(topics, {
      error: (issue) => `'${String(issue.input)}' is not one of: ${topics.join(' ')}`,
    }),
    words: z
      .array(
        z.string().regex(word, { error: (issue) => `'${String(issue.input)}' is not allowed after show` }),
      )
      .max(8, { error: 'at most 8 words after the topic' })
      .default([]),
    ipv6: flag,
  }),
  // -r: BIRD's restricted mode refuses anything but show, whatever the words say.
  argv: (args) => [
    'birdc',
    '-r',
    '-s',
    args.ipv6 ? bird6Socket : birdSocket,
    'show',
    args.topic,
    ...args.words,
  ],
});
