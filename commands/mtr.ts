import { z } from 'zod';
import { defineCommand } from '../src/catalogue/define-command.js';
import { count, decimal, destination, flag, port } from '../src/catalogue/values.js';

export default defineCommand({
  name: 'mtr',
  summary: 'Traceroute and ping combined: loss and latency per hop, as a hop table',
  usage: 'mtr <target> [-c CYCLES] [-i SECONDS] [-m HOPS] [-n] [-b] [-T|-u] [-P PORT] [-4|-6] [-r] [-w] HOST',
  examples: [
    'mtr pod/frontend svc/db',
    'mtr container/web -n -c 20 198.18.0.1',
    'mtr node/worker-1 -T -P 443 -c 5 10.0.0.12',
  ],
  targets: 1,
  privilege: 'read',
  // mtr 0.95 prints no report when interrupted (measured) and exits 130; later releases print the
  // hops measured so far on SIGINT (traviscross/mtr#589), which SIGTERM would lose.
  stopSignal: 'SIGINT',
  timeout: { default: '1m', max: '5m' },
  syntax: {
    flags: {
      '-c': { key: 'cycles', kind: 'value' },
      '--report-cycles': { key: 'cycles', kind: 'value' },
      '-i': { key: 'interval', kind: 'value' },
      '--interval': { key: 'interval', kind: 'value' },
      '-m': { key: 'maxHops', kind: 'value' },
      '--max-ttl': { key: 'maxHops', kind: 'value' },
      '-n': { key: 'numeric', kind: 'boolean' },
      '--no-dns': { key: 'numeric', kind: 'boolean' },
      '-b': { key: 'showIps', kind: 'boolean' },
      '--show-ips': { key: 'showIps', kind: 'boolean' },
      '-T': { key: 'tcp', kind: 'boolean' },
      '--tcp': { key: 'tcp', kind: 'boolean' },
      '-u': { key: 'udp', kind: 'boolean' },
      '--udp': { key: 'udp', kind: 'boolean' },
      '-P': { key: 'port', kind: 'value' },
      '--port': { key: 'port', kind: 'value' },
      '-4': { key: 'ipv4', kind: 'boolean' },
      '-6': { key: 'ipv6', kind: 'boolean' },
      // People type mtr's report flags out of habit; the bot always shows its own hop table.
      '-r': { key: 'report', kind: 'boolean' },
      '--report': { key: 'report', kind: 'boolean' },
      '-w': { key: 'report', kind: 'boolean' },
      '--report-wide': { key: 'report', kind: 'boolean' },
      '-j': { key: 'report', kind: 'boolean' },
      '--json': { key: 'report', kind: 'boolean' },
    },
    positionals: [{ key: 'host', destination: true }],
    denied: {
      '-F': 'reads the host list from a file',
      '--filename': 'reads the host list from a file',
      '-a': 'sets a source address',
      '--address': 'sets a source address',
      '-t': 'needs a terminal; the bot shows a hop table here',
      '--curses': 'needs a terminal; the bot shows a hop table here',
    },
  },
  args: z
    .strictObject({
      host: destination,
      cycles: count(1, 100).default(10),
      interval: decimal(0.5, 10).optional(),
      maxHops: count(1, 64).optional(),
      numeric: flag,
      showIps: flag,
      tcp: flag,
      udp: flag,
      port: port.optional(),
      ipv4: flag,
      ipv6: flag,
      report: flag,
    })
    .refine((args) => !(args.tcp && args.udp), { error: 'choose -T or -u, not both' })
    .refine((args) => !(args.ipv4 && args.ipv6), { error: '-4 and -6 exclude each other' }),
  argv: (args) => [
    'mtr',
    // The raw stream (a line per probe sent and answered), not --json: it shows hops while mtr runs,
    // and what came survives the SIGINT of a deadline or a cancel, where --json prints nothing.
    '--raw',
    '-c',
    String(args.cycles),
    ...(args.interval !== undefined ? ['-i', String(args.interval)] : []),
    ...(args.maxHops !== undefined ? ['-m', String(args.maxHops)] : []),
    ...(args.numeric ? ['-n'] : []),
    ...(args.showIps ? ['-b'] : []),
    ...(args.tcp ? ['-T'] : []),
    ...(args.udp ? ['-u'] : []),
    ...(args.port !== undefined ? ['-P', String(args.port)] : []),
    ...(args.ipv4 ? ['-4'] : []),
    ...(args.ipv6 ? ['-6'] : []),
    args.host,
  ],
});
