import { z } from 'zod';
import { defineCommand } from '../src/catalogue/define-command.js';
import { dataDestination, port, servicePortOr } from '../src/catalogue/values.js';

export default defineCommand({
  name: 'diagnose',
  summary:
    'Why FROM cannot reach TO: name, Service, policy, ICMP and TCP, HTTP/TLS, path, checked in order; the first broken layer is the verdict',
  usage: 'diagnose <target> TO[:PORT] [PORT|PORT_NAME]',
  examples: [
    'diagnose pod/checkout svc/payments:8080',
    'diagnose pod/checkout svc/db pg',
    'diagnose pod/checkout payments.shop 8080',
    'diagnose container/web container/db:5432',
    'diagnose netns/blue 198.18.0.1:80',
  ],
  targets: 1,
  privilege: 'read',
  // Not one process: the worker's orchestrator (src/diagnose/run-diagnosis.ts) runs read-only probes in
  // the target and asks its executor's API; the argv below is what help, docs and explain show.
  runsIn: 'diagnose',
  timeout: { default: '20s', max: '60s' },
  syntax: {
    flags: {},
    positionals: [
      { key: 'to', destination: true, portKey: 'port' },
      { key: 'port', servicePortOf: 'to' },
    ],
  },
  args: z.strictObject({
    // Probes exchange data with TO (curl, TLS), so a cloud metadata service is refused as for curl.
    to: dataDestination,
    port: servicePortOr(port).optional(),
  }),
  argv: (args) => ['diagnose', args.to, ...(args.port === undefined ? [] : [String(args.port)])],
});
