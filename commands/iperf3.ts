import { z } from 'zod';
import { defineCommand } from '../src/catalogue/define-command.js';
import { aggregateRateProblem } from '../src/catalogue/aggregate-rate.js';
import { bandwidth, bitsPerSecond, byteSize, count, flag, serverPort } from '../src/catalogue/values.js';

/** What a run may send in all: -b is per stream, and --bidir sends it both ways. */
const maxBitsPerSecond = 1e9;
/** iperf3's UDP rate when -b is not given, per stream. */
const defaultUdpRate = '1M';

const twoTargets = 'the server runs in the first target and the client in the second: write iperf3 A B';

export default defineCommand({
  name: 'iperf3',
  summary:
    'Throughput between two targets with iperf3, per interval and in total: the first serves, the second sends',
  usage:
    'iperf3 <server-target> <client-target> [-p PORT] [-t SECONDS] [-P STREAMS] [-i SECONDS] [-O SECONDS] [-u] [-b RATE] [-w WINDOW] [-l LENGTH] [-N] [-Z] [--bidir] [--reverse]',
  examples: [
    'iperf3 container/perf-test-a container/perf-test-b',
    'iperf3 pod/perf-a pod/perf-b -t 20 -P 4 -p 9999',
    'iperf3 container/perf-test-a container/perf-test-b -u -b 100M',
    'iperf3 pod/perf-a pod/perf-b --reverse',
  ],
  targets: 2,
  privilege: 'read',
  timeout: { default: '30s', max: '2m' },
  syntax: {
    flags: {
      '-p': { key: 'port', kind: 'value' },
      '--port': { key: 'port', kind: 'value' },
      '-t': { key: 'time', kind: 'value' },
      '--time': { key: 'time', kind: 'value' },
      '-P': { key: 'parallel', kind: 'value' },
      '--parallel': { key: 'parallel', kind: 'value' },
      '-i': { key: 'interval', kind: 'value' },
      '-O': { key: 'omit', kind: 'value' },
      '-u': { key: 'udp', kind: 'boolean' },
      '--udp': { key: 'udp', kind: 'boolean' },
      '-b': { key: 'bandwidth', kind: 'value' },
      '--bitrate': { key: 'bandwidth', kind: 'value' },
      '-w': { key: 'window', kind: 'value' },
      '-l': { key: 'length', kind: 'value' },
      '-N': { key: 'nodelay', kind: 'boolean' },
      '-Z': { key: 'zerocopy', kind: 'boolean' },
      '--bidir': { key: 'bidir', kind: 'boolean' },
      // Always on: the summary reads the JSON result.
      '-J': { key: 'json', kind: 'boolean' },
    },
    positionals: [],
    denied: {
      '-s': twoTargets,
      '-c': twoTargets,
      '-D': 'runs the server as a daemon that outlives the test',
      '-F': 'reads or writes a local file',
      '--logfile': 'writes files in the toolbox',
      '--pidfile': 'writes files in the toolbox',
      '-R': 'use --reverse, which swaps the two targets',
      '--rsa-public-key-path': 'reads local files',
      '-k': 'sends a block count instead of a bounded time: use -t',
    },
  },
  args: z
    .strictObject({
      port: serverPort.default(5201),
      time: count(1, 60).default(10),
      parallel: count(1, 8).default(1),
      interval: count(1, 10).optional(),
      omit: count(0, 10).optional(),
      udp: flag,
      bandwidth: bandwidth(maxBitsPerSecond).optional(),
      window: byteSize(16 * 1024 * 1024).optional(),
      length: byteSize(1024 * 1024).optional(),
      nodelay: flag,
      zerocopy: flag,
      bidir: flag,
      json: flag,
    })
    .superRefine((args, context) => {
      // Without -b a TCP test is paced by TCP's own congestion control; a UDP one sends 1 Mbit/s a stream.
      const rate = args.bandwidth ?? (args.udp ? defaultUdpRate : undefined);
      if (rate === undefined) return;
      const problem = aggregateRateProblem(
        { perStream: bitsPerSecond(rate)!, streams: args.parallel, directions: args.bidir ? 2 : 1 },
        maxBitsPerSecond,
      );
      if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
    }),
  // -1: the server ends after one test, so a lost stop signal cannot leave it running.
  server: (args) => ['iperf3', '-s', '-1', '-p', String(args.port)],
  client: (args, serverAddress) => [
    'iperf3',
    '-c',
    serverAddress,
    '-J',
    '-p',
    String(args.port),
    '-t',
    String(args.time),
    '-P',
    String(args.parallel),
    ...(args.interval !== undefined ? ['-i', String(args.interval)] : []),
    ...(args.omit !== undefined ? ['-O', String(args.omit)] : []),
    ...(args.udp ? ['-u'] : []),
    ...(args.bandwidth ? ['-b', args.bandwidth] : []),
    ...(args.window ? ['-w', args.window] : []),
    ...(args.length ? ['-l', args.length] : []),
    ...(args.nodelay ? ['-N'] : []),
    ...(args.zerocopy ? ['-Z'] : []),
    ...(args.bidir ? ['--bidir'] : []),
  ],
  // iperf3's control connection is TCP even for a UDP test.
  listen: (args) => ({ port: args.port, protocol: 'tcp' }),
});
