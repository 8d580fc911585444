import { z } from 'zod';
import { defineCommand } from '../src/catalogue/define-command.js';
import { aggregateRateProblem } from '../src/catalogue/aggregate-rate.js';
import { bandwidth, bitsPerSecond, byteSize, count, flag, serverPort } from '../src/catalogue/values.js';

/** What a run may send in all: iperf 2's -b is per thread (-P), one direction (-d and -r are refused). */
const maxBitsPerSecond = 1e9;
/** iperf 2's UDP rate when -b is not given, per thread. */
const defaultUdpRate = '1M';

const twoTargets = 'the server runs in the first target and the client in the second: write iperf A B';

export default defineCommand({
  name: 'iperf',
  summary: 'Throughput between two targets with iperf 2: the first serves, the second sends',
  usage:
    'iperf <server-target> <client-target> [-p PORT] [-t SECONDS] [-P STREAMS] [-i SECONDS] [-u [-b RATE]] [-w WINDOW] [-l LENGTH] [-N] [--reverse]',
  examples: [
    'iperf container/perf-test-a container/perf-test-b -p 9999',
    'iperf pod/perf-a pod/perf-b -t 20 -P 4',
    'iperf container/perf-test-a container/perf-test-b -u -b 50M',
    'iperf container/perf-test-a container/perf-test-b --reverse',
  ],
  targets: 2,
  privilege: 'read',
  timeout: { default: '30s', max: '2m' },
  syntax: {
    flags: {
      '-p': { key: 'port', kind: 'value' },
      '-t': { key: 'time', kind: 'value' },
      '-P': { key: 'parallel', kind: 'value' },
      '-i': { key: 'interval', kind: 'value' },
      '-u': { key: 'udp', kind: 'boolean' },
      '-b': { key: 'bandwidth', kind: 'value' },
      '-w': { key: 'window', kind: 'value' },
      '-l': { key: 'length', kind: 'value' },
      '-N': { key: 'nodelay', kind: 'boolean' },
    },
    positionals: [],
    denied: {
      '-s': twoTargets,
      '-c': twoTargets,
      '-D': 'runs the server as a daemon that outlives the test',
      '-F': 'reads a local file to send',
      '-I': 'reads input from stdin',
      '-o': 'writes files in the toolbox',
      '-R': 'use --reverse, which swaps the two targets',
      '-d': 'runs a dual test with unbounded traffic both ways',
      '-r': 'runs a tradeoff test with traffic both ways; use --reverse',
    },
  },
  args: z
    .strictObject({
      port: serverPort.default(5001),
      time: count(1, 60).default(10),
      parallel: count(1, 8).default(1),
      // Each second by default: the running line and the intervals table read them as they come.
      interval: count(1, 10).default(1),
      udp: flag,
      bandwidth: bandwidth(maxBitsPerSecond).optional(),
      window: byteSize(16 * 1024 * 1024).optional(),
      length: byteSize(1024 * 1024).optional(),
      nodelay: flag,
    })
    .refine((args) => args.udp || args.bandwidth === undefined, { error: '-b sets a UDP rate: add -u' })
    .superRefine((args, context) => {
      if (!args.udp) return;
      const problem = aggregateRateProblem(
        {
          perStream: bitsPerSecond(args.bandwidth ?? defaultUdpRate)!,
          streams: args.parallel,
          directions: 1,
        },
        maxBitsPerSecond,
      );
      if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
    }),
  server: (args) => ['iperf', '-s', '-p', String(args.port), ...(args.udp ? ['-u'] : [])],
  // Text report: iperf 2's CSV mode drops the units people read in the raw output, and the summary
  // reads the text's last interval line.
  client: (args, serverAddress) => [
    'iperf',
    '-c',
    serverAddress,
    '-p',
    String(args.port),
    '-t',
    String(args.time),
    '-P',
    String(args.parallel),
    '-i',
    String(args.interval),
    ...(args.udp ? ['-u', '-b', args.bandwidth ?? defaultUdpRate] : []),
    ...(args.window ? ['-w', args.window] : []),
    ...(args.length ? ['-l', args.length] : []),
    ...(args.nodelay ? ['-N'] : []),
  ],
  listen: (args) => ({ port: args.port, protocol: args.udp ? 'udp' : 'tcp' }),
});
