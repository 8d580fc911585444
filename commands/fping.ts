import { z } from 'zod';
import { defineCommand } from '../src/catalogue/define-command.js';
import { count, destination, flag, network } from '../src/catalogue/values.js';

/** fping sweeps a network with -g: at most a /24's worth of addresses. */
const maxSweep = 256;

export default defineCommand({
  name: 'fping',
  summary: 'Ping many hosts (or a small network) at once: who is alive, loss and times',
  usage:
    'fping <target> [-c COUNT] [-p MS] [-i MS] [-t MS] [-r RETRIES] [-a] [-u] [-e] [-s] [-q] [-n] [-4|-6] (HOST... | -g CIDR)',
  examples: [
    'fping pod/frontend svc/db svc/cache 10.0.0.12',
    'fping container/web -c 5 -q 198.18.0.1 198.18.0.2',
    'fping host -a -g 198.18.0.0/28',
  ],
  targets: 1,
  privilege: 'read',
  // SIGINT prints the per-target xmt/rcv/%loss summary; SIGTERM ends fping without it.
  stopSignal: 'SIGINT',
  timeout: { default: '30s', max: '2m' },
  syntax: {
    flags: {
      '-c': { key: 'count', kind: 'value' },
      '-p': { key: 'period', kind: 'value' },
      '-i': { key: 'interval', kind: 'value' },
      '-t': { key: 'wait', kind: 'value' },
      '-r': { key: 'retries', kind: 'value' },
      '-g': { key: 'sweep', kind: 'value' },
      '-a': { key: 'alive', kind: 'boolean' },
      '-u': { key: 'unreachable', kind: 'boolean' },
      '-e': { key: 'elapsed', kind: 'boolean' },
      '-s': { key: 'stats', kind: 'boolean' },
      '-q': { key: 'quiet', kind: 'boolean' },
      '-n': { key: 'names', kind: 'boolean' },
      '-4': { key: 'ipv4', kind: 'boolean' },
      '-6': { key: 'ipv6', kind: 'boolean' },
    },
    positionals: [{ key: 'hosts', rest: true, destination: true }],
    denied: {
      '-f': 'reads the host list from a file',
      '-l': 'loops forever',
      '-b': 'sets the packet size up to 64K (a load)',
    },
  },
  args: z
    .strictObject({
      hosts: z.array(destination).max(32, { error: 'at most 32 hosts' }).default([]),
      sweep: network(maxSweep).optional(),
      count: count(1, 50).optional(),
      period: count(100, 10_000).optional(),
      interval: count(10, 1000).optional(),
      wait: count(50, 10_000).optional(),
      retries: count(0, 5).optional(),
      alive: flag,
      unreachable: flag,
      elapsed: flag,
      stats: flag,
      quiet: flag,
      names: flag,
      ipv4: flag,
      ipv6: flag,
    })
    .refine((args) => args.hosts.length > 0 !== (args.sweep !== undefined), {
      error: 'name the hosts to ping, or one network with -g CIDR (not both)',
    })
    .refine((args) => !(args.ipv4 && args.ipv6), { error: '-4 and -6 exclude each other' }),
  argv: (args) => [
    'fping',
    ...(args.count !== undefined ? ['-c', String(args.count)] : []),
    ...(args.period !== undefined ? ['-p', String(args.period)] : []),
    ...(args.interval !== undefined ? ['-i', String(args.interval)] : []),
    ...(args.wait !== undefined ? ['-t', String(args.wait)] : []),
    ...(args.retries !== undefined ? ['-r', String(args.retries)] : []),
    ...(args.alive ? ['-a'] : []),
    ...(args.unreachable ? ['-u'] : []),
    ...(args.elapsed ? ['-e'] : []),
    ...(args.stats ? ['-s'] : []),
    ...(args.quiet ? ['-q'] : []),
    ...(args.names ? ['-n'] : []),
    ...(args.ipv4 ? ['-4'] : []),
    ...(args.ipv6 ? ['-6'] : []),
    ...(args.sweep ? ['-g', args.sweep] : args.hosts),
  ],
});
