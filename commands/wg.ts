import { z } from 'zod';
import { defineCommand } from '../src/catalogue/define-command.js';
import { interfaceName } from '../src/catalogue/values.js';

/** What `wg show` can print. private-key, preshared-keys and dump would print secrets. */
const fields = [
  'public-key',
  'listen-port',
  'fwmark',
  'peers',
  'endpoints',
  'allowed-ips',
  'latest-handshakes',
  'transfer',
  'persistent-keepalive',
] as const;
const secrets = new Set(['private-key', 'preshared-keys', 'dump']);

export default defineCommand({
  name: 'wg',
  summary: 'WireGuard interfaces and peers: handshakes, endpoints, transfer (never keys)',
  usage:
    'wg <target> show [IFACE|all|interfaces] [public-key|listen-port|fwmark|peers|endpoints|allowed-ips|latest-handshakes|transfer|persistent-keepalive]',
  examples: [
    'wg node/worker-1 show',
    'wg node/worker-1 show wg0 latest-handshakes',
    'wg host show all transfer',
    'wg node/worker-1 show interfaces',
  ],
  targets: 1,
  privilege: 'privileged',
  timeout: { default: '15s', max: '60s' },
  syntax: { flags: {}, positionals: [{ key: 'verb' }, { key: 'interface' }, { key: 'field' }] },
  args: z
    .strictObject({
      verb: z.literal('show', {
        error: (issue) =>
          issue.input === undefined
            ? 'write: wg <target> show [IFACE]'
            : `wg is show-only here: '${String(issue.input)}' is not show (showconf, set, setconf, genkey are refused)`,
      }),
      interface: z.union([z.literal('all'), z.literal('interfaces'), interfaceName]).optional(),
      field: z
        .string()
        .refine((field) => !secrets.has(field), {
          error: (issue) => `${String(issue.input)} would print secret keys`,
        })
        .pipe(
          z.enum(fields, { error: (issue) => `'${String(issue.input)}' is not one of: ${fields.join(' ')}` }),
        )
        .optional(),
    })
    .refine((args) => !(args.interface === 'interfaces' && args.field), {
      error: 'show interfaces takes nothing after it',
    }),
  argv: (args) => [
    'wg',
    'show',
    ...(args.interface ? [args.interface] : []),
    ...(args.field ? [args.field] : []),
  ],
});
