import { isIP } from 'node:net';
import { z } from 'zod';
import { defineCommand } from '../src/catalogue/define-command.js';
import { dataDestination, flag, hostname, port, servicePortOr } from '../src/catalogue/values.js';

/** ALPN protocol ids such as h2 and http/1.1, comma-separated. */
const alpnList = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9./]{0,31}(,[A-Za-z0-9][A-Za-z0-9./]{0,31}){0,7}$/, {
  error: (issue) => `'${String(issue.input)}' is not an ALPN list such as h2,http/1.1`,
});

export default defineCommand({
  name: 'tls',
  summary: 'TLS handshake with openssl s_client: certificate chain, expiry, protocol, SNI',
  usage:
    'tls <target> HOST [PORT] | HOST:PORT | -connect HOST:PORT [--sni NAME | -servername NAME] [-tls1_2|-tls1_3] [-alpn h2,http/1.1] [-starttls PROTOCOL]',
  examples: [
    'tls pod/frontend api.example.com',
    'tls pod/frontend db:5432 -starttls postgres',
    'tls container/web -connect [fd00::10]:8443',
    'tls container/web 198.18.0.1 8443 --sni shop.example.com',
    'tls pod/frontend svc/ingress 443 -servername shop.example.com -tls1_3',
    'tls pod/frontend mail.example.com 587 -starttls smtp',
  ],
  targets: 1,
  privilege: 'read',
  timeout: { default: '15s', max: '60s' },
  syntax: {
    flags: {
      '--sni': { key: 'sni', kind: 'value' },
      '-servername': { key: 'sni', kind: 'value' },
      '-tls1_2': { key: 'tls12', kind: 'boolean' },
      '-tls1_3': { key: 'tls13', kind: 'boolean' },
      '-alpn': { key: 'alpn', kind: 'value' },
      // openssl's own way to name the server; HOST:PORT as a word works without it too.
      '-connect': { key: 'host', kind: 'value', destination: true, portKey: 'port' },
      '-starttls': { key: 'starttls', kind: 'value' },
      // Always on: the chain is what the summary reads expiry from.
      '-showcerts': { key: 'showcerts', kind: 'boolean' },
    },
    positionals: [
      { key: 'host', destination: true, portKey: 'port' },
      { key: 'port', servicePortOf: 'host' },
    ],
    denied: {
      '-CAfile': 'reads local files',
      '-CApath': 'reads local files',
      '-cert': 'reads local files',
      '-key': 'reads local files',
      '-sess_out': 'writes files in the toolbox',
      '-sess_in': 'reads local files',
      '-keylogfile': 'writes files in the toolbox',
      '-msgfile': 'writes files in the toolbox',
    },
  },
  args: z
    .strictObject({
      host: dataDestination,
      port: servicePortOr(port).default(443),
      sni: hostname.optional(),
      tls12: flag,
      tls13: flag,
      alpn: alpnList.optional(),
      starttls: z
        .enum(['smtp', 'pop3', 'imap', 'ftp', 'xmpp', 'lmtp', 'nntp', 'sieve', 'ldap', 'postgres', 'mysql'])
        .optional(),
      showcerts: flag,
    })
    .refine((args) => !(args.tls12 && args.tls13), { error: '-tls1_2 and -tls1_3 exclude each other' }),
  argv: (args) => {
    const family = isIP(args.host);
    const connect = family === 6 ? `[${args.host}]:${args.port}` : `${args.host}:${args.port}`;
    // SNI is the name asked for; an address is not a name, so none is sent for it unless given.
    const sni = args.sni ?? (family === 0 ? args.host : undefined);
    return [
      'openssl',
      's_client',
      '-connect',
      connect,
      ...(sni ? ['-servername', sni] : ['-noservername']),
      '-showcerts',
      ...(args.tls12 ? ['-tls1_2'] : []),
      ...(args.tls13 ? ['-tls1_3'] : []),
      ...(args.alpn ? ['-alpn', args.alpn] : []),
      ...(args.starttls ? ['-starttls', args.starttls] : []),
    ];
  },
});
