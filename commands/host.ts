import { z } from 'zod';
import { triesBelowDeadline } from '../src/catalogue/below-deadline.js';
import { defineCommand } from '../src/catalogue/define-command.js';
import { lookupName } from '../src/catalogue/dns-query-words.js';
import { count, flag, hostOrIp, recordType } from '../src/catalogue/values.js';

export default defineCommand({
  name: 'host',
  summary: 'Simple DNS lookup: names to addresses and back',
  usage: 'host <target> [-t TYPE] [-a] [-v] [-T] [-4|-6] [-W SECONDS] [-R TRIES] NAME [SERVER]',
  examples: [
    'host pod/frontend kubernetes.default',
    'host container/web -t MX example.com',
    'host pod/frontend 10.96.0.1',
    'host container/web db 198.18.0.53',
  ],
  targets: 1,
  privilege: 'read',
  timeout: { default: '15s', max: '60s' },
  syntax: {
    flags: {
      '-t': { key: 'type', kind: 'value' },
      '-a': { key: 'all', kind: 'boolean' },
      '-v': { key: 'verbose', kind: 'boolean' },
      '-T': { key: 'tcp', kind: 'boolean' },
      '-4': { key: 'ipv4', kind: 'boolean' },
      '-6': { key: 'ipv6', kind: 'boolean' },
      '-W': { key: 'wait', kind: 'value' },
      '-R': { key: 'retries', kind: 'value' },
    },
    positionals: [{ key: 'name' }, { key: 'server' }],
    denied: {
      '-l': 'asks for a zone transfer',
      '-m': 'sets memory debugging flags',
    },
  },
  args: z
    .strictObject({
      name: lookupName(hostOrIp, 'write the type with -t, as in -t MX'),
      server: hostOrIp.optional(),
      type: recordType.optional(),
      all: flag,
      verbose: flag,
      tcp: flag,
      ipv4: flag,
      ipv6: flag,
      wait: count(1, 30).optional(),
      retries: count(0, 5).optional(),
    })
    .refine((args) => !(args.ipv4 && args.ipv6), { error: '-4 and -6 exclude each other' }),
  argv: (args, context) => {
    // host waits 5 s a try, 2 tries (-R counts the retries after the first): fitted below the
    // deadline, so that it says "no servers could be reached" itself instead of being killed mute.
    const asked = { waitSeconds: args.wait ?? 5, tries: (args.retries ?? 1) + 1 };
    const fit = triesBelowDeadline(context.timeoutMs, asked.waitSeconds, asked.tries);
    return [
      'host',
      ...(args.type ? ['-t', args.type] : []),
      ...(args.all ? ['-a'] : []),
      ...(args.verbose ? ['-v'] : []),
      ...(args.tcp ? ['-T'] : []),
      ...(args.ipv4 ? ['-4'] : []),
      ...(args.ipv6 ? ['-6'] : []),
      ...(args.wait !== undefined || fit.waitSeconds !== asked.waitSeconds
        ? ['-W', String(fit.waitSeconds)]
        : []),
      ...(args.retries !== undefined || fit.tries !== asked.tries ? ['-R', String(fit.tries - 1)] : []),
      args.name,
      ...(args.server ? [args.server] : []),
    ];
  },
});
