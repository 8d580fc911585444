import { z } from 'zod';
import { triesBelowDeadline } from '../src/catalogue/below-deadline.js';
import { defineCommand } from '../src/catalogue/define-command.js';
import { lookupName } from '../src/catalogue/dns-query-words.js';
import { flag, hostOrIp, hostname, ipAddress, port, recordType } from '../src/catalogue/values.js';

/** dig's own wait per try and tries (+time=5 +tries=3): 15 s for a server that never answers. */
const digWaitSeconds = 5;
const digTries = 3;

/** dig's `+` options that only change what is asked or shown. */
const plusOptions = {
  '+short': 'short',
  '+trace': 'trace',
  '+tcp': 'tcp',
  '+dnssec': 'dnssec',
  '+norecurse': 'norecurse',
  '+search': 'search',
  '+nosearch': 'nosearch',
  '+noall': 'noall',
  '+answer': 'answer',
  '+nocmd': 'nocmd',
  '+stats': 'stats',
  '+nostats': 'nostats',
} as const;

type PlusKey = (typeof plusOptions)[keyof typeof plusOptions];

const plusSchema = Object.fromEntries(Object.values(plusOptions).map((key) => [key, flag])) as Record<
  PlusKey,
  typeof flag
>;

export default defineCommand({
  name: 'dig',
  summary: 'DNS lookup with the target’s resolver (or a server you name)',
  usage:
    'dig <target> [@server] NAME [TYPE] [-t TYPE] [-x ADDRESS] [-p PORT] [-4|-6] [+short] [+trace] [+tcp]',
  examples: [
    'dig pod/frontend kubernetes.default',
    'dig container/web db +short',
    'dig pod/frontend @10.96.0.10 example.com MX',
    'dig host -x 198.18.0.1',
  ],
  targets: 1,
  privilege: 'read',
  // 20 s: the resolver's own 15 s for a server that never answers (5 s a try, 3 tries) ends first.
  timeout: { default: '20s', max: '60s' },
  syntax: {
    flags: {
      '-t': { key: 'typeFlag', kind: 'value' },
      '-x': { key: 'reverse', kind: 'value' },
      '-p': { key: 'port', kind: 'value' },
      '-4': { key: 'ipv4', kind: 'boolean' },
      '-6': { key: 'ipv6', kind: 'boolean' },
      ...Object.fromEntries(
        Object.entries(plusOptions).map(([written, key]) => [written, { key, kind: 'boolean' as const }]),
      ),
    },
    positionals: [{ key: 'name' }, { key: 'type' }],
    prefixes: { '@': 'server' },
    denied: {
      '-f': 'reads queries from a file',
      '-k': 'reads a TSIG key file',
      '-y': 'takes a TSIG secret on the command line',
    },
  },
  args: z
    .strictObject({
      server: hostOrIp.optional(),
      name: lookupName(z.union([z.literal('.'), hostname]), 'write the type with -t, as in -t MX').optional(),
      type: recordType.optional(),
      typeFlag: recordType.optional(),
      reverse: ipAddress.optional(),
      port: port.optional(),
      ipv4: flag,
      ipv6: flag,
      ...plusSchema,
    })
    .refine((args) => (args.name === undefined) !== (args.reverse === undefined), {
      error: 'give a NAME to look up, or -x ADDRESS for a reverse lookup (not both)',
    })
    .refine((args) => !(args.type && args.typeFlag), { error: 'give the record type once' })
    .refine((args) => !(args.ipv4 && args.ipv6), { error: '-4 and -6 exclude each other' }),
  argv: (args, context) => {
    const type = args.type ?? args.typeFlag;
    // Fewer tries when dig's 15 s would not end before the deadline: it then says "no servers could
    // be reached" itself instead of being killed mute.
    const fit = triesBelowDeadline(context.timeoutMs, digWaitSeconds, digTries);
    // SPEC: `dig pod/x db` asks for `db` with the target's search domains, as nslookup and host do;
    // dig alone would not (its +nosearch default), and a Service's short name would never resolve.
    const search =
      args.search || (args.name !== undefined && !args.name.endsWith('.') && !args.nosearch && !args.trace);
    const plus = (Object.entries(plusOptions) as [string, PlusKey][])
      // own-key: keys of this command's own table
      .filter(([, key]) => (key === 'search' ? search : args[key]))
      .map(([written]) => written);
    return [
      'dig',
      ...(args.server ? [`@${args.server}`] : []),
      ...(args.port ? ['-p', String(args.port)] : []),
      ...(args.ipv4 ? ['-4'] : []),
      ...(args.ipv6 ? ['-6'] : []),
      ...(args.reverse ? ['-x', args.reverse] : [args.name!]),
      ...(type ? [type] : []),
      ...plus,
      ...(fit.waitSeconds !== digWaitSeconds ? [`+time=${fit.waitSeconds}`] : []),
      ...(fit.tries !== digTries ? [`+tries=${fit.tries}`] : []),
    ];
  },
});
