import { z } from 'zod';
import { defineCommand } from '../src/catalogue/define-command.js';
import { count, flag, hostPort } from '../src/catalogue/values.js';

const listOnly = 'changes IPVS; ipvsadm is list-only here';

export default defineCommand({
  name: 'ipvsadm',
  summary: 'IPVS virtual services and their real servers (kube-proxy IPVS mode), list only',
  usage:
    'ipvsadm <target> [-L] [-n] [--stats|--rate|--thresholds|--persistent-conn|--timeouts] [-c] [--exact] [-t|-u VIP:PORT | -f FWMARK] [--sort]',
  examples: [
    'ipvsadm node/worker-1 -Ln',
    'ipvsadm node/worker-1 -Ln --stats',
    'ipvsadm node/worker-1 -Ln -t 10.96.0.1:443',
    'ipvsadm node/worker-1 -Lnc',
  ],
  targets: 1,
  privilege: 'privileged',
  timeout: { default: '15s', max: '60s' },
  syntax: {
    flags: {
      '-L': { key: 'list', kind: 'boolean' },
      '-l': { key: 'list', kind: 'boolean' },
      '--list': { key: 'list', kind: 'boolean' },
      '-n': { key: 'numeric', kind: 'boolean' },
      '--numeric': { key: 'numeric', kind: 'boolean' },
      '--stats': { key: 'stats', kind: 'boolean' },
      '--rate': { key: 'rate', kind: 'boolean' },
      '--thresholds': { key: 'thresholds', kind: 'boolean' },
      '--persistent-conn': { key: 'persistent', kind: 'boolean' },
      // ipvsadm's --timeout (list the IPVS timeouts) is spelt --timeouts here: --timeout is the bot's own.
      '--timeouts': { key: 'timeouts', kind: 'boolean' },
      '-c': { key: 'connections', kind: 'boolean' },
      '--connection': { key: 'connections', kind: 'boolean' },
      '--exact': { key: 'exact', kind: 'boolean' },
      '--sort': { key: 'sort', kind: 'boolean' },
      '-t': { key: 'tcpService', kind: 'value' },
      '--tcp-service': { key: 'tcpService', kind: 'value' },
      '-u': { key: 'udpService', kind: 'value' },
      '--udp-service': { key: 'udpService', kind: 'value' },
      '-f': { key: 'fwmark', kind: 'value' },
      '--fwmark-service': { key: 'fwmark', kind: 'value' },
    },
    positionals: [],
    denied: {
      '-A': listOnly,
      '--add-service': listOnly,
      '-E': listOnly,
      '--edit-service': listOnly,
      '-D': listOnly,
      '--delete-service': listOnly,
      '-C': 'clears every virtual service',
      '--clear': 'clears every virtual service',
      '-R': listOnly,
      '--restore': listOnly,
      '-S': listOnly,
      '--save': listOnly,
      '-a': listOnly,
      '--add-server': listOnly,
      '-e': listOnly,
      '--edit-server': listOnly,
      '-d': listOnly,
      '--delete-server': listOnly,
      '-Z': 'zeroes the counters',
      '--zero': 'zeroes the counters',
      '--set': listOnly,
      '--start-daemon': 'starts a sync daemon',
      '--stop-daemon': 'stops the sync daemon',
      '-h': 'shows help; see /netshoot help ipvsadm',
    },
  },
  args: z
    .strictObject({
      list: flag,
      numeric: flag,
      stats: flag,
      rate: flag,
      thresholds: flag,
      persistent: flag,
      timeouts: flag,
      connections: flag,
      exact: flag,
      sort: flag,
      tcpService: hostPort.optional(),
      udpService: hostPort.optional(),
      fwmark: count(1, 4_294_967_295).optional(),
    })
    .refine(
      (args) =>
        [args.stats, args.rate, args.thresholds, args.persistent, args.timeouts, args.connections].filter(
          Boolean,
        ).length <= 1,
      { error: 'choose one of --stats, --rate, --thresholds, --persistent-conn, --timeouts and -c' },
    )
    .refine(
      (args) =>
        [args.tcpService, args.udpService, args.fwmark].filter((value) => value !== undefined).length <= 1,
      {
        error: 'choose one service: -t, -u or -f',
      },
    ),
  argv: (args) => [
    'ipvsadm',
    '-L',
    ...(args.numeric ? ['-n'] : []),
    ...(args.stats ? ['--stats'] : []),
    ...(args.rate ? ['--rate'] : []),
    ...(args.thresholds ? ['--thresholds'] : []),
    ...(args.persistent ? ['--persistent-conn'] : []),
    ...(args.timeouts ? ['--timeout'] : []),
    ...(args.connections ? ['-c'] : []),
    ...(args.exact ? ['--exact'] : []),
    ...(args.sort ? ['--sort'] : []),
    ...(args.tcpService ? ['-t', args.tcpService] : []),
    ...(args.udpService ? ['-u', args.udpService] : []),
    ...(args.fwmark !== undefined ? ['-f', String(args.fwmark)] : []),
  ],
});
