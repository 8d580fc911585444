import { z } from 'zod';
import { defineCommand } from '../src/catalogue/define-command.js';
import { nmapDestination } from '../src/catalogue/nmap-targets.js';
import { count, decimal, flag, portList } from '../src/catalogue/values.js';

/** nping reads its target as nmap does (`10.0.0.1-20`): at most this many addresses a run. */
const maxAddresses = 256;

const spoofs = 'spoofs what the packets claim to come from';

export default defineCommand({
  name: 'nping',
  summary: 'Crafted probes (TCP, UDP, ICMP, ARP) with per-packet timing',
  usage:
    'nping <target> [--tcp|--tcp-connect|--udp|--icmp|--arp] [-p PORTS] [--flags syn,ack,...] [-c COUNT] [--rate PER_SECOND | --delay SECONDS] [-v] [-q] HOST',
  examples: [
    'nping pod/frontend --tcp-connect -p 5432 svc/db',
    'nping host --tcp -p 80,443 --flags syn -c 3 198.18.0.1',
    'nping container/web --udp -p 53 -c 5 --rate 2 198.18.0.1',
    'nping host --icmp -c 3 198.18.0.1',
  ],
  targets: 1,
  privilege: 'privileged',
  // SIGINT prints the rtt and lost-packet summary; SIGTERM ends nping without it.
  stopSignal: 'SIGINT',
  timeout: { default: '30s', max: '2m' },
  syntax: {
    flags: {
      '--tcp': { key: 'tcp', kind: 'boolean' },
      '--tcp-connect': { key: 'tcpConnect', kind: 'boolean' },
      '--udp': { key: 'udp', kind: 'boolean' },
      '--icmp': { key: 'icmp', kind: 'boolean' },
      '--arp': { key: 'arp', kind: 'boolean' },
      '-p': { key: 'ports', kind: 'value' },
      '--dest-port': { key: 'ports', kind: 'value' },
      '--flags': { key: 'tcpFlags', kind: 'value' },
      '-c': { key: 'count', kind: 'value' },
      '--count': { key: 'count', kind: 'value' },
      '--rate': { key: 'rate', kind: 'value' },
      '--delay': { key: 'delay', kind: 'value' },
      '-v': { key: 'verbose', kind: 'count' },
      '-q': { key: 'quiet', kind: 'boolean' },
    },
    positionals: [{ key: 'host', destination: true }],
    denied: {
      '-S': spoofs,
      '--source-ip': spoofs,
      '--source-mac': spoofs,
      '--dest-mac': spoofs,
      '-g': spoofs,
      '--source-port': spoofs,
      '--data': 'sends a payload of your choosing',
      '--data-string': 'sends a payload of your choosing',
      '--data-length': 'sends a payload of your choosing',
      '--echo-server': 'runs a server',
      '--echo-client': 'talks to an echo server',
      '-H': 'hides sent packets, which makes the output misleading',
    },
  },
  args: z
    .strictObject({
      host: nmapDestination(maxAddresses),
      tcp: flag,
      tcpConnect: flag,
      udp: flag,
      icmp: flag,
      arp: flag,
      ports: portList(16).optional(),
      tcpFlags: z
        .string()
        .regex(/^(syn|ack|fin|rst|psh|urg|ece|cwr|all|none)(,(syn|ack|fin|rst|psh|urg|ece|cwr))*$/i, {
          error: (issue) => `'${String(issue.input)}' is not a list of TCP flags such as syn,ack`,
        })
        .optional(),
      count: count(1, 100).default(5),
      rate: count(1, 10).optional(),
      delay: decimal(0.1, 10).optional(),
      verbose: z.number().int().max(3, { error: '-v at most three times' }).default(0),
      quiet: flag,
    })
    .refine(
      (args) => [args.tcp, args.tcpConnect, args.udp, args.icmp, args.arp].filter(Boolean).length <= 1,
      {
        error: 'choose one probe mode',
      },
    )
    .refine((args) => !(args.rate !== undefined && args.delay !== undefined), {
      error: '--rate and --delay exclude each other',
    }),
  argv: (args) => [
    'nping',
    ...(args.tcp ? ['--tcp'] : []),
    ...(args.tcpConnect ? ['--tcp-connect'] : []),
    ...(args.udp ? ['--udp'] : []),
    ...(args.icmp ? ['--icmp'] : []),
    ...(args.arp ? ['--arp'] : []),
    ...(args.ports ? ['-p', args.ports] : []),
    ...(args.tcpFlags ? ['--flags', args.tcpFlags.toLowerCase()] : []),
    '-c',
    String(args.count),
    ...(args.rate !== undefined ? ['--rate', String(args.rate)] : []),
    ...(args.delay !== undefined ? ['--delay', `${args.delay}s`] : []),
    ...(args.verbose > 0 ? [`-v${args.verbose}`] : []),
    ...(args.quiet ? ['-q'] : []),
    args.host,
  ],
});
