import { z } from 'zod';
import { defineCommand } from '../src/catalogue/define-command.js';
import { nmapDestination, wholeRunAddressProblem } from '../src/catalogue/nmap-targets.js';
import { count, flag, portList } from '../src/catalogue/values.js';

/** A scan names at most this many ports, and reaches at most this many addresses in all its targets. */
const maxPorts = 1024;
const maxAddresses = 256;

const writesFiles = 'writes files in the toolbox';
const runsScripts = 'runs NSE scripts, which can do anything';

export default defineCommand({
  name: 'nmap',
  summary: 'Port scan of a few hosts: which ports are open, closed or filtered from here',
  usage:
    'nmap <target> [-p PORTS | -F | --top-ports N] [-sT|-sS|-sU] [-sV] [-sn] [-Pn] [-n] [-T0..-T4] [--open] [--reason] [--max-retries N] [-d|-dd] [-v|-vv] [-4|-6] HOST...',
  examples: [
    'nmap host -p 12376-12390 -dd 198.18.0.1',
    'nmap pod/frontend -p 5432,6379 svc/db svc/cache',
    'nmap container/web -sT -sV -p 80,443 198.18.0.1',
    'nmap host -sn 198.18.0.0/28',
  ],
  targets: 1,
  privilege: 'privileged',
  timeout: { default: '2m', max: '10m' },
  syntax: {
    flags: {
      '-p': { key: 'ports', kind: 'value' },
      '-F': { key: 'fast', kind: 'boolean' },
      '--top-ports': { key: 'topPorts', kind: 'value' },
      '-sT': { key: 'connectScan', kind: 'boolean' },
      '-sS': { key: 'synScan', kind: 'boolean' },
      '-sU': { key: 'udpScan', kind: 'boolean' },
      '-sV': { key: 'versions', kind: 'boolean' },
      '-sn': { key: 'pingOnly', kind: 'boolean' },
      '-Pn': { key: 'noPing', kind: 'boolean' },
      '-n': { key: 'numeric', kind: 'boolean' },
      '-T0': { key: 'timing0', kind: 'boolean' },
      '-T1': { key: 'timing1', kind: 'boolean' },
      '-T2': { key: 'timing2', kind: 'boolean' },
      '-T3': { key: 'timing3', kind: 'boolean' },
      '-T4': { key: 'timing4', kind: 'boolean' },
      '--open': { key: 'open', kind: 'boolean' },
      '--reason': { key: 'reason', kind: 'boolean' },
      '--max-retries': { key: 'maxRetries', kind: 'value' },
      '-d': { key: 'debug', kind: 'count' },
      '-v': { key: 'verbose', kind: 'count' },
      '-4': { key: 'ipv4', kind: 'boolean' },
      '-6': { key: 'ipv6', kind: 'boolean' },
    },
    positionals: [{ key: 'hosts', rest: true, destination: true }],
    denied: {
      '--script': runsScripts,
      '--script-args': runsScripts,
      '--script-args-file': runsScripts,
      '--script-updatedb': runsScripts,
      '-sC': runsScripts,
      '-A': 'runs NSE scripts and OS detection',
      '-iL': 'reads targets from a file',
      '-iR': 'scans random hosts on the internet',
      '-oN': writesFiles,
      '-oX': writesFiles,
      '-oG': writesFiles,
      '-oA': writesFiles,
      '-oS': writesFiles,
      '-oM': writesFiles,
      '-o': writesFiles,
      '--resume': 'reads a file to resume from',
      '--datadir': 'reads files from a directory of your choosing',
      '--servicedb': 'reads local files',
      '--versiondb': 'reads local files',
      '--excludefile': 'reads local files',
      '--stylesheet': 'writes files in the toolbox',
      '-D': 'sends decoy scans from other addresses',
      '-S': 'spoofs the source address',
      '--spoof-mac': 'spoofs the source address',
      '-b': 'bounces scans through an FTP server',
      '-T5': 'is too aggressive for a shared network',
      '--min-rate': 'raises the packet rate without bound',
    },
  },
  args: z
    .strictObject({
      hosts: z
        .array(nmapDestination(maxAddresses))
        .min(1, { error: 'name at least one host to scan' })
        .max(16, { error: 'at most 16 hosts' }),
      ports: portList(maxPorts).optional(),
      fast: flag,
      topPorts: count(1, 1000).optional(),
      connectScan: flag,
      synScan: flag,
      udpScan: flag,
      versions: flag,
      pingOnly: flag,
      noPing: flag,
      numeric: flag,
      timing0: flag,
      timing1: flag,
      timing2: flag,
      timing3: flag,
      timing4: flag,
      open: flag,
      reason: flag,
      maxRetries: count(0, 5).optional(),
      debug: z.number().int().max(2, { error: '-d at most twice (-dd)' }).default(0),
      verbose: z.number().int().max(2, { error: '-v at most twice (-vv)' }).default(0),
      ipv4: flag,
      ipv6: flag,
    })
    .refine(
      (args) =>
        [args.ports, args.fast || undefined, args.topPorts].filter((x) => x !== undefined).length <= 1,
      {
        error: 'choose one of -p, -F and --top-ports',
      },
    )
    .refine((args) => !(args.pingOnly && (args.ports || args.fast || args.topPorts)), {
      error: '-sn is a host discovery without ports: drop -p, -F or --top-ports',
    })
    .refine((args) => !(args.ipv4 && args.ipv6), { error: '-4 and -6 exclude each other' })
    .superRefine((args, context) => {
      const problem = wholeRunAddressProblem(args.hosts, maxAddresses);
      if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
    })
    .refine(
      (args) =>
        [args.timing0, args.timing1, args.timing2, args.timing3, args.timing4].filter(Boolean).length <= 1,
      { error: 'choose one timing template' },
    ),
  argv: (args) => {
    const timing = ['-T0', '-T1', '-T2', '-T3', '-T4'].filter(
      (_, level) => [args.timing0, args.timing1, args.timing2, args.timing3, args.timing4][level],
    );
    return [
      'nmap',
      // XML on stdout for the summary's host and port tables (src/format/summaries/reach/nmap.ts);
      // the thread shows those tables, and --raw the XML.
      '-oX',
      '-',
      ...(args.connectScan ? ['-sT'] : []),
      ...(args.synScan ? ['-sS'] : []),
      ...(args.udpScan ? ['-sU'] : []),
      ...(args.versions ? ['-sV'] : []),
      ...(args.pingOnly ? ['-sn'] : []),
      ...(args.noPing ? ['-Pn'] : []),
      ...(args.numeric ? ['-n'] : []),
      ...timing,
      ...(args.ports ? ['-p', args.ports] : []),
      ...(args.fast ? ['-F'] : []),
      ...(args.topPorts !== undefined ? ['--top-ports', String(args.topPorts)] : []),
      ...(args.open ? ['--open'] : []),
      ...(args.reason ? ['--reason'] : []),
      ...(args.maxRetries !== undefined ? ['--max-retries', String(args.maxRetries)] : []),
      ...(args.debug > 0 ? [`-${'d'.repeat(args.debug)}`] : []),
      ...(args.verbose > 0 ? [`-${'v'.repeat(args.verbose)}`] : []),
      ...(args.ipv4 ? ['-4'] : []),
      ...(args.ipv6 ? ['-6'] : []),
      ...args.hosts,
    ];
  },
});
