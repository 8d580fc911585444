import { z } from 'zod';
import { defineCommand } from '../src/catalogue/define-command.js';
import { count, flag } from '../src/catalogue/values.js';

export default defineCommand({
  name: 'stats',
  summary: 'What ctop shows, as a snapshot: CPU, memory, network and block I/O of the target’s containers',
  usage: 'stats <target> [--sort cpu|memory|net|io] [--limit N] [--all]',
  examples: [
    'stats container/perf-test-a',
    'stats host --sort memory --limit 10',
    'stats pod/frontend',
    'stats node/worker-1 --all',
  ],
  targets: 1,
  privilege: 'read',
  // Asked of the Docker or Kubernetes API, not run in the toolbox: the argv below is what docs show.
  runsIn: 'api',
  timeout: { default: '15s', max: '60s' },
  syntax: {
    flags: {
      '--sort': { key: 'sort', kind: 'value' },
      '--limit': { key: 'limit', kind: 'value' },
      '--all': { key: 'all', kind: 'boolean' },
      '-a': { key: 'all', kind: 'boolean' },
    },
    positionals: [],
  },
  args: z.strictObject({
    sort: z.enum(['cpu', 'memory', 'net', 'io']).default('cpu'),
    limit: count(1, 50).default(20),
    /** Stopped containers too, on a host or node target. */
    all: flag,
  }),
  argv: (args) => [
    'stats',
    '--sort',
    args.sort,
    '--limit',
    String(args.limit),
    ...(args.all ? ['--all'] : []),
  ],
});
