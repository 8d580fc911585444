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
  syntax: { flags: {}, positionals: [{ key: 'verb' }, { key: 'words', rest: true }] },
  args: z
    .strictObject({
      verb: z.literal('show', {
        error: (issue) =>
          issue.input === undefined
            ? 'write: wg <target> show [IFACE]'
            : `wg is show-only here: '${String(issue.input)}' is not show (showconf, set, setconf, genkey are refused)`,
      }),
      words: z
        .array(z.string())
        .max(2, { error: 'show takes an interface and one field at most' })
        .default([]),
    })
    .superRefine(({ words: [device, field] }, context) => {
      const problem = checkShow(device, field);
      if (problem) context.addIssue({ code: 'custom', message: problem });
    }),
  argv: (args) => ['wg', 'show', ...args.words],
});

/** `show [IFACE|all|interfaces] [FIELD]`, where no field prints a secret. */
function checkShow(device: string | undefined, field: string | undefined): string | undefined {
  if (device === undefined) return undefined;
  const named = device === 'all' || device === 'interfaces' || interfaceName.safeParse(device).success;
  if (!named) return `'${device}' is not an interface name, all or interfaces`;
  if (field === undefined) return undefined;
  if (device === 'interfaces') return 'show interfaces takes nothing after it';
  if (secrets.has(field)) return `${field} would print secret keys`;
  return (fields as readonly string[]).includes(field)
    ? undefined
    : `'${field}' is not one of: ${fields.join(' ')}`;
}
