import { z } from 'zod';
import { defineCommand } from '../src/catalogue/define-command.js';
import { bpfFilterText, cidr, count, flag, interfaceName } from '../src/catalogue/values.js';

export default defineCommand({
  name: 'iftop',
  summary: 'Bandwidth by pair of hosts on an interface, as a text snapshot after N seconds',
  usage: 'iftop <target> -i IFACE [-s SECONDS] [-L LINES] [-n] [-N] [-P] [-B] [-f "BPF FILTER"] [-F CIDR]',
  examples: [
    'iftop container/perf-test-a -i eth0',
    'iftop pod/frontend -i eth0 -s 20 -n -P',
    'iftop node/worker-1 -i eth0 -f "port 443" -L 20',
  ],
  targets: 1,
  // It sees who talks to whom on every interface it is given (on a node, every pod's veth): like tcpdump.
  privilege: 'privileged',
  // SIGINT lets iftop exit cleanly and flush its text output; SIGTERM loses what was buffered.
  stopSignal: 'SIGINT',
  timeout: { default: '30s', max: '2m' },
  syntax: {
    flags: {
      '-i': { key: 'interface', kind: 'value' },
      '-s': { key: 'seconds', kind: 'value' },
      '-L': { key: 'lines', kind: 'value' },
      '-n': { key: 'numeric', kind: 'boolean' },
      '-N': { key: 'numericPorts', kind: 'boolean' },
      '-P': { key: 'ports', kind: 'boolean' },
      '-B': { key: 'bytes', kind: 'boolean' },
      '-f': { key: 'filter', kind: 'value' },
      '-F': { key: 'network', kind: 'value' },
      // Always on: text mode, no terminal needed.
      '-t': { key: 'text', kind: 'boolean' },
    },
    positionals: [],
    denied: {
      '-c': 'reads a config file',
      '-p': 'puts the interface in promiscuous mode',
    },
  },
  args: z.strictObject({
    interface: interfaceName,
    seconds: count(1, 60).default(10),
    lines: count(1, 100).optional(),
    numeric: flag,
    numericPorts: flag,
    ports: flag,
    bytes: flag,
    filter: bpfFilterText.optional(),
    network: cidr.optional(),
    text: flag,
  }),
  argv: (args) => [
    'iftop',
    '-t',
    '-s',
    String(args.seconds),
    '-i',
    args.interface,
    ...(args.lines !== undefined ? ['-L', String(args.lines)] : []),
    ...(args.numeric ? ['-n'] : []),
    ...(args.numericPorts ? ['-N'] : []),
    ...(args.ports ? ['-P'] : []),
    ...(args.bytes ? ['-B'] : []),
    ...(args.filter ? ['-f', args.filter] : []),
    ...(args.network ? ['-F', args.network] : []),
  ],
});
