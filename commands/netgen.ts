import { z } from 'zod';
import { defineCommand } from '../src/catalogue/define-command.js';
import { count, serverPort } from '../src/catalogue/values.js';

export default defineCommand({
  name: 'netgen',
  summary:
    'Steady test traffic between two targets: the first listens, the second sends a message every few seconds',
  usage: 'netgen <listener-target> <sender-target> PORT [-i SECONDS] [-c COUNT]',
  examples: [
    'netgen container/perf-test-a container/perf-test-b 9999',
    'netgen pod/web pod/client 8080 -i 2 -c 10',
    'netgen container/a container/b 9999 -c 3',
  ],
  targets: 2,
  privilege: 'read',
  timeout: { default: '1m', max: '10m' },
  syntax: {
    flags: {
      '-i': { key: 'interval', kind: 'value' },
      '-c': { key: 'count', kind: 'value' },
    },
    positionals: [{ key: 'port' }],
  },
  args: z.strictObject({
    port: serverPort,
    interval: count(1, 60).default(10),
    count: count(1, 100).default(3),
  }),
  // The image's netgen script (image/netgen): `--listen PORT`, `--send HOST PORT INTERVAL COUNT`.
  server: (args) => ['netgen', '--listen', String(args.port)],
  client: (args, serverAddress) => [
    'netgen',
    '--send',
    serverAddress,
    String(args.port),
    String(args.interval),
    String(args.count),
  ],
  listen: (args) => ({ port: args.port, protocol: 'tcp' }),
});
