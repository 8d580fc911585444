import { z } from 'zod';
import { defineCommand } from '../src/catalogue/define-command.js';
import { count, destination, flag, interfaceName } from '../src/catalogue/values.js';

export default defineCommand({
  name: 'arping',
  summary: 'ARP requests on the local segment: who answers for an address, and duplicates',
  usage: 'arping <target> [-c COUNT] [-I IFACE] [-w SECONDS] [-f] [-D] [-b] [-q] ADDRESS',
  examples: [
    'arping container/web -c 3 198.18.0.1',
    'arping pod/frontend -I eth0 -c 2 svc/db',
    'arping host -D -I docker0 -c 2 198.18.0.1',
  ],
  targets: 1,
  privilege: 'read',
  timeout: { default: '15s', max: '1m' },
  syntax: {
    flags: {
      '-c': { key: 'count', kind: 'value' },
      '-I': { key: 'interface', kind: 'value' },
      '-w': { key: 'deadline', kind: 'value' },
      '-f': { key: 'first', kind: 'boolean' },
      '-D': { key: 'duplicates', kind: 'boolean' },
      '-b': { key: 'broadcast', kind: 'boolean' },
      '-q': { key: 'quiet', kind: 'boolean' },
    },
    positionals: [{ key: 'host', destination: true }],
    denied: {
      '-U': 'sends unsolicited ARP, which rewrites neighbours’ caches',
      '-A': 'sends ARP announcements, which rewrite neighbours’ caches',
      '-s': 'sets the source address (ARP spoofing)',
    },
  },
  args: z.strictObject({
    host: destination,
    count: count(1, 50).default(3),
    interface: interfaceName.optional(),
    deadline: count(1, 60).optional(),
    first: flag,
    duplicates: flag,
    broadcast: flag,
    quiet: flag,
  }),
  argv: (args) => [
    'arping',
    '-c',
    String(args.count),
    ...(args.interface ? ['-I', args.interface] : []),
    ...(args.deadline !== undefined ? ['-w', String(args.deadline)] : []),
    ...(args.first ? ['-f'] : []),
    ...(args.duplicates ? ['-D'] : []),
    ...(args.broadcast ? ['-b'] : []),
    ...(args.quiet ? ['-q'] : []),
    args.host,
  ],
});
