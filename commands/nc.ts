import { z } from 'zod';
import { defineCommand } from '../src/catalogue/define-command.js';
import { count, dataDestination, flag, portList, servicePortOr } from '../src/catalogue/values.js';

/** A connect test checks ports; a sweep of hundreds is nmap's job. */
const maxPorts = 100;

export default defineCommand({
  name: 'nc',
  summary: 'TCP or UDP connect test to a port (or a few): is it open from here?',
  usage: 'nc <target> [-v] [-z] [-u] [-n] [-w SECONDS] [-4|-6] HOST PORT[,PORT|-PORT]|PORT_NAME',
  examples: [
    'nc container/service-b -vz service-a 8080',
    'nc pod/frontend -vz svc/db 5432',
    'nc pod/frontend -vz svc/db pg',
    'nc pod/frontend -vzu 10.96.0.10 53',
    'nc container/web -vz -w 2 198.18.0.1 8000-8010',
  ],
  targets: 1,
  privilege: 'read',
  timeout: { default: '15s', max: '2m' },
  syntax: {
    flags: {
      '-v': { key: 'verbose', kind: 'boolean' },
      '-z': { key: 'scan', kind: 'boolean' },
      '-u': { key: 'udp', kind: 'boolean' },
      '-n': { key: 'numeric', kind: 'boolean' },
      '-w': { key: 'wait', kind: 'value' },
      '-4': { key: 'ipv4', kind: 'boolean' },
      '-6': { key: 'ipv6', kind: 'boolean' },
    },
    positionals: [
      { key: 'host', destination: true },
      { key: 'ports', servicePortOf: 'host' },
    ],
    denied: {
      '-e': 'runs a program',
      '-c': 'runs a command',
      '-l': 'listens for connections',
      '-k': 'keeps listening',
      '-U': 'talks to local unix sockets',
      '-x': 'connects through a proxy',
      '-X': 'connects through a proxy',
      '-s': 'sets a source address',
      '-p': 'sets the source port',
    },
  },
  args: z
    .strictObject({
      host: dataDestination,
      ports: servicePortOr(portList(maxPorts)),
      verbose: flag,
      scan: flag,
      udp: flag,
      numeric: flag,
      wait: count(1, 30).default(5),
      ipv4: flag,
      ipv6: flag,
    })
    .refine((args) => !(args.ipv4 && args.ipv6), { error: '-4 and -6 exclude each other' }),
  // Always -z (connect and close, send nothing) and -w (a silent port cannot hold it open).
  argv: (args) => [
    'nc',
    '-z',
    ...(args.verbose ? ['-v'] : []),
    ...(args.udp ? ['-u'] : []),
    ...(args.numeric ? ['-n'] : []),
    ...(args.ipv4 ? ['-4'] : []),
    ...(args.ipv6 ? ['-6'] : []),
    '-w',
    String(args.wait),
    args.host,
    ...args.ports.split(','),
  ],
});
