import { z } from 'zod';
import { defineCommand } from '../src/catalogue/define-command.js';
import { destinationAddress, flag, port } from '../src/catalogue/values.js';

const changes = 'changes the connection tracking table; conntrack is read-only here';

export default defineCommand({
  name: 'conntrack',
  summary: 'Connection tracking entries, read-only: list (filtered), statistics, count',
  usage:
    'conntrack <target> [-L | -S | -C] [-p tcp|udp|icmp|sctp] [-s SRC] [-d DST] [--sport PORT] [--dport PORT] [--state STATE] [-f ipv4|ipv6] [-n|-g] [-o extended]',
  examples: [
    'conntrack node/worker-1 -L -p tcp --dport 5432',
    'conntrack host -S',
    'conntrack node/worker-1 -C',
    'conntrack host -L -p tcp -d 198.18.0.1 --state ESTABLISHED',
  ],
  targets: 1,
  privilege: 'privileged',
  timeout: { default: '30s', max: '60s' },
  syntax: {
    flags: {
      '-L': { key: 'list', kind: 'boolean' },
      '--dump': { key: 'list', kind: 'boolean' },
      '-S': { key: 'stats', kind: 'boolean' },
      '--stats': { key: 'stats', kind: 'boolean' },
      '-C': { key: 'count', kind: 'boolean' },
      '--count': { key: 'count', kind: 'boolean' },
      '-p': { key: 'protocol', kind: 'value' },
      '--proto': { key: 'protocol', kind: 'value' },
      '-s': { key: 'source', kind: 'value', destination: true },
      '--src': { key: 'source', kind: 'value', destination: true },
      '--orig-src': { key: 'source', kind: 'value', destination: true },
      '-d': { key: 'destination', kind: 'value', destination: true },
      '--dst': { key: 'destination', kind: 'value', destination: true },
      '--orig-dst': { key: 'destination', kind: 'value', destination: true },
      '--sport': { key: 'sourcePort', kind: 'value' },
      '--orig-port-src': { key: 'sourcePort', kind: 'value' },
      '--dport': { key: 'destinationPort', kind: 'value' },
      '--orig-port-dst': { key: 'destinationPort', kind: 'value' },
      '--state': { key: 'state', kind: 'value' },
      '-f': { key: 'family', kind: 'value' },
      '--family': { key: 'family', kind: 'value' },
      '-n': { key: 'snat', kind: 'boolean' },
      '--src-nat': { key: 'snat', kind: 'boolean' },
      '-g': { key: 'dnat', kind: 'boolean' },
      '--dst-nat': { key: 'dnat', kind: 'boolean' },
      '-o': { key: 'output', kind: 'value' },
      '--output': { key: 'output', kind: 'value' },
    },
    positionals: [],
    denied: {
      '-D': changes,
      '--delete': changes,
      '-F': changes,
      '--flush': changes,
      '-I': changes,
      '--create': changes,
      '-U': changes,
      '--update': changes,
      '-z': 'zeroes the counters it lists',
      '--zero': 'zeroes the counters it lists',
      '-E': 'follows events forever',
      '--event': 'follows events forever',
      '-R': 'loads entries from a file',
      '--load-file': 'loads entries from a file',
    },
  },
  args: z
    .strictObject({
      list: flag,
      stats: flag,
      count: flag,
      protocol: z.enum(['tcp', 'udp', 'icmp', 'icmpv6', 'sctp', 'dccp', 'gre', 'udplite']).optional(),
      source: destinationAddress.optional(),
      destination: destinationAddress.optional(),
      sourcePort: port.optional(),
      destinationPort: port.optional(),
      state: z
        .enum([
          'NONE',
          'SYN_SENT',
          'SYN_RECV',
          'ESTABLISHED',
          'FIN_WAIT',
          'CLOSE_WAIT',
          'LAST_ACK',
          'TIME_WAIT',
          'CLOSE',
          'LISTEN',
        ])
        .optional(),
      family: z.enum(['ipv4', 'ipv6']).optional(),
      snat: flag,
      dnat: flag,
      output: z.enum(['extended', 'id', 'timestamp', 'labels', 'ktimestamp']).optional(),
    })
    .refine((args) => [args.list, args.stats, args.count].filter(Boolean).length <= 1, {
      error: 'choose one of -L, -S and -C',
    })
    .refine(
      (args) =>
        !(args.stats || args.count) ||
        [
          args.protocol,
          args.source,
          args.destination,
          args.sourcePort,
          args.destinationPort,
          args.state,
        ].every((value) => value === undefined),
      { error: 'filters apply to -L only' },
    )
    .refine(
      (args) =>
        (args.sourcePort === undefined && args.destinationPort === undefined && args.state === undefined) ||
        args.protocol !== undefined,
      {
        error: 'ports and --state need a protocol, as in -p tcp --dport 5432',
      },
    ),
  argv: (args) => {
    if (args.stats) return ['conntrack', '-S'];
    if (args.count) return ['conntrack', '-C'];
    return [
      'conntrack',
      '-L',
      ...(args.family ? ['-f', args.family] : []),
      ...(args.protocol ? ['-p', args.protocol] : []),
      ...(args.source ? ['-s', args.source] : []),
      ...(args.destination ? ['-d', args.destination] : []),
      ...(args.sourcePort !== undefined ? ['--sport', String(args.sourcePort)] : []),
      ...(args.destinationPort !== undefined ? ['--dport', String(args.destinationPort)] : []),
      ...(args.state ? ['--state', args.state] : []),
      ...(args.snat ? ['-n'] : []),
      ...(args.dnat ? ['-g'] : []),
      ...(args.output ? ['-o', args.output] : []),
    ];
  },
});
