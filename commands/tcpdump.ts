import { z } from 'zod';
import { pcapCapBytes } from '../src/catalogue/capture-cap.js';
import { defineCommand } from '../src/catalogue/define-command.js';
import { bpfFilter, count, flag, captureInterface } from '../src/catalogue/values.js';

const files = 'reads or writes files of your choosing; use --pcap to get the capture as a file';

export default defineCommand({
  name: 'tcpdump',
  summary: 'Packet capture in the target’s namespace: text, or a pcap file with --pcap',
  usage:
    'tcpdump <target> [-i IFACE] [-c COUNT] [-s SNAPLEN] [-n|-nn] [-v|-vv|-vvv] [-e] [-q] [-t..-tttt] [-X|-XX|-x|-xx|-A] [-p] [-Q in|out|inout] [BPF FILTER] [--pcap]',
  examples: [
    'tcpdump container/perf-test-a -i eth0 port 9999 -c 1 -Xvv',
    'tcpdump pod/web -i eth0 port 9999 -c 1',
    'tcpdump pod/frontend -nn -i any host 10.0.0.12 and tcp port 5432',
    'tcpdump node/worker-1 -i eth0 -c 500 udp port 53 --pcap',
  ],
  targets: 1,
  privilege: 'privileged',
  // SIGINT is the stop tcpdump expects: it flushes the capture and prints its packet counts.
  stopSignal: 'SIGINT',
  supportsPcap: true,
  timeout: { default: '30s', max: '5m' },
  syntax: {
    flags: {
      '-i': { key: 'interface', kind: 'value' },
      '--interface': { key: 'interface', kind: 'value' },
      '-c': { key: 'count', kind: 'value' },
      '-s': { key: 'snaplen', kind: 'value' },
      '-n': { key: 'numeric', kind: 'count' },
      '-v': { key: 'verbose', kind: 'count' },
      '-e': { key: 'linkHeaders', kind: 'boolean' },
      '-q': { key: 'quiet', kind: 'boolean' },
      '-t': { key: 'timestamps', kind: 'count' },
      '-X': { key: 'hexAscii', kind: 'count' },
      '-x': { key: 'hex', kind: 'count' },
      '-A': { key: 'ascii', kind: 'boolean' },
      '-p': { key: 'noPromiscuous', kind: 'boolean' },
      '-Q': { key: 'direction', kind: 'value' },
      '-S': { key: 'absoluteSeq', kind: 'boolean' },
      '-K': { key: 'noChecksum', kind: 'boolean' },
      '-#': { key: 'numbers', kind: 'boolean' },
      // Always on for text: each packet shows up as it is seen.
      '-l': { key: 'lineBuffered', kind: 'boolean' },
    },
    positionals: [{ key: 'filter', rest: true }],
    denied: {
      '-w': files,
      '-r': files,
      '-F': files,
      '-V': files,
      '-z': 'runs a program on each saved file',
      '-Z': 'changes the user tcpdump runs as',
      '-C': 'rotates capture files',
      '-G': 'rotates capture files',
      '-W': 'rotates capture files',
      '-E': 'reads an ESP secret',
      '-M': 'takes a TCP-MD5 secret',
      '-y': 'changes the link type of the interface',
      '-I': 'puts a wireless interface in monitor mode',
      '-j': 'changes the clock of the interface',
      '-B': 'sets the kernel buffer size',
    },
  },
  args: z
    .strictObject({
      interface: captureInterface.optional(),
      count: count(1, 10_000).default(100),
      snaplen: count(0, 262_144).optional(),
      numeric: z.number().int().max(2, { error: '-n at most twice (-nn)' }).default(0),
      verbose: z.number().int().max(3, { error: '-v at most three times (-vvv)' }).default(0),
      linkHeaders: flag,
      quiet: flag,
      timestamps: z.number().int().max(5, { error: '-t at most five times' }).default(0),
      hexAscii: z.number().int().max(2, { error: '-X at most twice (-XX)' }).default(0),
      hex: z.number().int().max(2, { error: '-x at most twice (-xx)' }).default(0),
      ascii: flag,
      noPromiscuous: flag,
      direction: z.enum(['in', 'out', 'inout']).optional(),
      absoluteSeq: flag,
      noChecksum: flag,
      numbers: flag,
      lineBuffered: flag,
      filter: bpfFilter.optional(),
    })
    .refine((args) => [args.hexAscii > 0, args.hex > 0, args.ascii].filter(Boolean).length <= 1, {
      error: 'choose one of -X, -x and -A',
    }),
  argv: (args, context) => {
    const repeat = (letter: string, times: number): string[] =>
      times > 0 ? [`-${letter.repeat(times)}`] : [];
    return [
      // A pcap is bounded in size too (src/catalogue/capture-cap.ts): the kernel stops the file at
      // the cap. Text needs none: the process core caps what it reads.
      ...(context.pcapFile ? ['prlimit', `--fsize=${pcapCapBytes}`, '--'] : []),
      'tcpdump',
      // Text: line-buffered so each packet shows at once. Pcap: written packet by packet (-U), to
      // the executor's file only, so a capture cut short by the timeout or the size cap is still whole.
      ...(context.pcapFile ? ['-U', '-w', context.pcapFile] : ['-l']),
      ...(args.interface ? ['-i', args.interface] : []),
      '-c',
      String(args.count),
      ...(args.snaplen !== undefined ? ['-s', String(args.snaplen)] : []),
      ...repeat('n', args.numeric),
      ...repeat('v', args.verbose),
      ...(args.linkHeaders ? ['-e'] : []),
      ...(args.quiet ? ['-q'] : []),
      ...repeat('t', args.timestamps),
      ...repeat('X', args.hexAscii),
      ...repeat('x', args.hex),
      ...(args.ascii ? ['-A'] : []),
      ...(args.noPromiscuous ? ['-p'] : []),
      ...(args.direction ? ['-Q', args.direction] : []),
      ...(args.absoluteSeq ? ['-S'] : []),
      ...(args.noChecksum ? ['-K'] : []),
      ...(args.numbers ? ['-#'] : []),
      // `--` ends the options: the filter is one word that can never read as a flag.
      ...(args.filter ? ['--', args.filter] : []),
    ];
  },
});
