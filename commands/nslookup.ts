import { z } from 'zod';
import { triesBelowDeadline } from '../src/catalogue/below-deadline.js';
import { defineCommand } from '../src/catalogue/define-command.js';
import { lookupName } from '../src/catalogue/dns-query-words.js';
import { count, flag, hostOrIp, port, recordType } from '../src/catalogue/values.js';

export default defineCommand({
  name: 'nslookup',
  summary: 'DNS lookup the way nslookup prints it',
  usage:
    'nslookup <target> [-type=TYPE] [-port=PORT] [-timeout=SECONDS] [-retry=N] [-debug] [-vc] NAME [SERVER]',
  examples: [
    'nslookup pod/frontend kubernetes.default',
    'nslookup container/web -type=MX example.com',
    'nslookup pod/frontend db 10.96.0.10',
  ],
  targets: 1,
  privilege: 'read',
  // 20 s: the resolver's own 15 s for a server that never answers (5 s a try, 3 tries) ends first.
  timeout: { default: '20s', max: '60s' },
  syntax: {
    flags: {
      '-type': { key: 'type', kind: 'value' },
      '-query': { key: 'type', kind: 'value' },
      '-q': { key: 'type', kind: 'value' },
      '-port': { key: 'port', kind: 'value' },
      '-timeout': { key: 'wait', kind: 'value' },
      '-retry': { key: 'retry', kind: 'value' },
      '-debug': { key: 'debug', kind: 'boolean' },
      '-vc': { key: 'tcp', kind: 'boolean' },
    },
    positionals: [{ key: 'name' }, { key: 'server' }],
  },
  args: z.strictObject({
    name: lookupName(hostOrIp, 'write the type with -type=, as in -type=MX'),
    server: hostOrIp.optional(),
    type: recordType.optional(),
    port: port.optional(),
    wait: count(1, 30).optional(),
    retry: count(0, 5).optional(),
    debug: flag,
    tcp: flag,
  }),
  argv: (args, context) => {
    // nslookup waits 5 s a try, 3 tries (-retry counts tries): fitted below the deadline, so that it
    // says "no servers could be reached" itself instead of being killed mute.
    const asked = { waitSeconds: args.wait ?? 5, tries: Math.max(1, args.retry ?? 3) };
    const fit = triesBelowDeadline(context.timeoutMs, asked.waitSeconds, asked.tries);
    return [
      'nslookup',
      ...(args.type ? [`-type=${args.type}`] : []),
      ...(args.port ? [`-port=${args.port}`] : []),
      ...(args.wait !== undefined || fit.waitSeconds !== asked.waitSeconds
        ? [`-timeout=${fit.waitSeconds}`]
        : []),
      ...(args.retry !== undefined || fit.tries !== asked.tries ? [`-retry=${fit.tries}`] : []),
      ...(args.debug ? ['-debug'] : []),
      ...(args.tcp ? ['-vc'] : []),
      args.name,
      ...(args.server ? [args.server] : []),
    ];
  },
});
