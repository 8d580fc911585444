import { z } from 'zod';
import { defineCommand } from '../src/catalogue/define-command.js';
import { lookupName } from '../src/catalogue/dns-query-words.js';
import { count, flag, hostOrIp, port, recordType } from '../src/catalogue/values.js';

export default defineCommand({
  name: 'drill',
  summary: 'DNS lookup with ldns drill: verbose answers, DNSSEC chase and trace',
  usage: 'drill <target> [-V LEVEL] [-T] [-S] [-D] [-t] [-4|-6] [-p PORT] [-x] NAME [@server] [TYPE]',
  examples: [
    'drill container/perf-test-a -V 5 perf-test-b',
    'drill pod/frontend kubernetes.default.svc.cluster.local AAAA',
    'drill pod/frontend example.com @10.96.0.10 MX',
    'drill host -x 198.18.0.1',
  ],
  targets: 1,
  privilege: 'read',
  // 20 s: the resolver's own 15 s for a server that never answers (5 s a try, 3 tries) ends first.
  timeout: { default: '20s', max: '60s' },
  syntax: {
    flags: {
      '-V': { key: 'verbosity', kind: 'value' },
      '-T': { key: 'trace', kind: 'boolean' },
      '-S': { key: 'chase', kind: 'boolean' },
      '-D': { key: 'dnssec', kind: 'boolean' },
      '-t': { key: 'tcp', kind: 'boolean' },
      '-u': { key: 'udp', kind: 'boolean' },
      '-4': { key: 'ipv4', kind: 'boolean' },
      '-6': { key: 'ipv6', kind: 'boolean' },
      '-p': { key: 'port', kind: 'value' },
      '-x': { key: 'reverse', kind: 'boolean' },
      '-Q': { key: 'quiet', kind: 'boolean' },
    },
    positionals: [{ key: 'name' }, { key: 'type' }],
    prefixes: { '@': 'server' },
    denied: {
      '-f': 'reads the query from a file',
      '-i': 'reads a packet from a file',
      '-w': 'writes the answer to a file',
      '-k': 'reads a key file',
      '-y': 'takes a TSIG secret on the command line',
      '-r': 'reads a root hints file',
    },
  },
  args: z
    .strictObject({
      name: lookupName(hostOrIp, 'write the type after the name, as in: example.com MX'),
      type: recordType.optional(),
      server: hostOrIp.optional(),
      verbosity: count(0, 5).optional(),
      trace: flag,
      chase: flag,
      dnssec: flag,
      tcp: flag,
      udp: flag,
      ipv4: flag,
      ipv6: flag,
      port: port.optional(),
      reverse: flag,
      quiet: flag,
    })
    .refine((args) => !(args.tcp && args.udp), { error: '-t and -u exclude each other' })
    .refine((args) => !(args.ipv4 && args.ipv6), { error: '-4 and -6 exclude each other' }),
  argv: (args) => [
    'drill',
    ...(args.verbosity !== undefined ? ['-V', String(args.verbosity)] : []),
    ...(args.trace ? ['-T'] : []),
    ...(args.chase ? ['-S'] : []),
    ...(args.dnssec ? ['-D'] : []),
    ...(args.tcp ? ['-t'] : []),
    ...(args.udp ? ['-u'] : []),
    ...(args.ipv4 ? ['-4'] : []),
    ...(args.ipv6 ? ['-6'] : []),
    ...(args.port ? ['-p', String(args.port)] : []),
    ...(args.reverse ? ['-x'] : []),
    ...(args.quiet ? ['-Q'] : []),
    args.name,
    ...(args.server ? [`@${args.server}`] : []),
    ...(args.type ? [args.type] : []),
  ],
});
