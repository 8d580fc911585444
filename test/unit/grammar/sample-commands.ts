import { z } from 'zod';
import { defineCommand, type CommandDefinition } from '../../../src/catalogue/define-command.js';
import { targetRefSchema } from '../../../src/grammar/target.js';

/**
 * Throwaway definitions for the grammar's own tests, so they do not depend on the catalogue's
 * choices (commands/ has the real ones). Small on purpose: one of each shape the grammar handles.
 */
const word = z
  .string()
  .regex(/^[A-Za-z0-9_.:]+$/, { error: (issue) => `'${String(issue.input)}' is not a hostname` });
const destination = z.union([targetRefSchema, word]);
const port = z
  .string()
  .regex(/^\d{1,5}$/)
  .transform(Number)
  .pipe(z.number().int().min(1).max(65535));

export const sampleDig = defineCommand({
  name: 'dig',
  summary: 'DNS lookup from inside the target',
  usage: 'dig <target> [@server] NAME [TYPE] [+short]',
  examples: ['dig pod/frontend kubernetes.default', 'dig container/web @198.18.0.53 db MX +short'],
  targets: 1,
  privilege: 'read',
  timeout: { default: '15s', max: '60s' },
  syntax: {
    flags: { '+short': { key: 'short', kind: 'boolean' } },
    positionals: [{ key: 'name', destination: true }, { key: 'type' }],
    prefixes: { '@': 'server' },
  },
  args: z.strictObject({
    name: destination,
    type: z.enum(['A', 'AAAA', 'MX', 'TXT']).default('A'),
    server: word.optional(),
    short: z.boolean().default(false),
  }),
  argv: ({ name, type, server, short }) => [
    'dig',
    ...(server ? [`@${server}`] : []),
    name,
    type,
    ...(short ? ['+short'] : []),
  ],
});

/** Declares `-n` itself, like the real tcpdump, and supports --pcap. */
export const sampleTcpdump = defineCommand({
  name: 'tcpdump',
  summary: 'Capture packets',
  usage: 'tcpdump <target> [-i IFACE] [-c COUNT] [-n] [FILTER...]',
  examples: ['tcpdump pod/web -i eth0 -c 5 port 80'],
  targets: 1,
  privilege: 'privileged',
  timeout: { default: '30s', max: '5m' },
  supportsPcap: true,
  syntax: {
    flags: {
      '-i': { key: 'interface', kind: 'value' },
      '-c': { key: 'count', kind: 'value' },
      '--count': { key: 'count', kind: 'value' },
      '-n': { key: 'numeric', kind: 'boolean' },
    },
    positionals: [{ key: 'filter', rest: true }],
    denied: { '-w': 'a path is never given by the user; use --pcap' },
  },
  args: z.strictObject({
    interface: word.default('any'),
    count: z
      .string()
      .regex(/^\d{1,4}$/, { error: 'must be a number of packets' })
      .default('10'),
    numeric: z.boolean().default(false),
    filter: z.array(word).default([]),
  }),
  argv: ({ interface: iface, count, numeric, filter }, context) => [
    'tcpdump',
    '-i',
    iface,
    '-c',
    count,
    ...(numeric ? ['-n'] : []),
    ...(context.pcapFile ? ['-w', context.pcapFile] : []),
    ...(filter.length > 0 ? ['--', ...filter] : []),
  ],
});

export const samplePing = defineCommand({
  name: 'ping',
  summary: 'ICMP echo',
  usage: 'ping <target> HOST [-c COUNT]',
  examples: ['ping pod/a pod/b -c 3'],
  targets: 1,
  privilege: 'read',
  timeout: { default: '20s', max: '2m' },
  syntax: {
    flags: { '-c': { key: 'count', kind: 'value' } },
    positionals: [{ key: 'host', destination: true }],
  },
  args: z.strictObject({ host: destination, count: z.string().regex(/^\d$/).default('4') }),
  argv: ({ host, count }) => ['ping', '-c', count, host],
});

export const sampleIperf3 = defineCommand({
  name: 'iperf3',
  summary: 'Throughput between two targets',
  usage: 'iperf3 <server-target> <client-target> [-p PORT] [-t SECONDS]',
  examples: ['iperf3 container/perf-test-a container/perf-test-b'],
  targets: 2,
  privilege: 'read',
  timeout: { default: '30s', max: '2m' },
  syntax: {
    flags: { '-p': { key: 'port', kind: 'value' }, '-t': { key: 'seconds', kind: 'value' } },
    positionals: [],
  },
  args: z.strictObject({
    port: port.default(5201),
    seconds: z
      .string()
      .regex(/^\d{1,2}$/)
      .default('5'),
  }),
  server: ({ port: listenPort }) => ['iperf3', '-s', '-1', '-p', String(listenPort)],
  client: ({ port: listenPort, seconds }, address) => [
    'iperf3',
    '-c',
    address,
    '-p',
    String(listenPort),
    '-t',
    seconds,
    '-J',
  ],
  listen: ({ port: listenPort }) => ({ port: listenPort, protocol: 'tcp' }),
});

export const sampleCalicoctl = defineCommand({
  name: 'calicoctl',
  summary: 'Calico datastore, read-only',
  usage: 'calicoctl get KIND',
  examples: ['calicoctl get nodes'],
  targets: 0,
  privilege: 'privileged',
  timeout: { default: '20s', max: '1m' },
  syntax: { flags: {}, positionals: [{ key: 'verb' }, { key: 'kind' }] },
  args: z.strictObject({ verb: z.literal('get'), kind: z.enum(['nodes', 'ippools']) }),
  argv: ({ verb, kind }) => ['calicoctl', verb, kind],
});

export const sampleCommands: readonly CommandDefinition[] = [
  sampleDig,
  sampleTcpdump,
  samplePing,
  sampleIperf3,
  sampleCalicoctl,
] as readonly CommandDefinition[];
