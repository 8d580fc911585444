import { z } from 'zod';
import { defineCommand } from '../src/catalogue/define-command.js';
import { count, flag, httpHeader, httpUrl } from '../src/catalogue/values.js';

const writesFiles = 'writes files in the toolbox';

/** ab wants a path: `http://db:8080` is refused by ab itself, `http://db:8080/` is fine. */
const abUrl = httpUrl.transform((url) => (/^https?:\/\/[^/]+$/i.test(url) ? `${url}/` : url));

export default defineCommand({
  name: 'ab',
  summary: 'ApacheBench: a bounded burst of GET (or HEAD) requests, latency percentiles',
  usage:
    'ab <target> [-n REQUESTS] [-c CONCURRENCY] [-t SECONDS] [-s SECONDS] [-k] [-i] [-H "Name: value"]... [-r] [-l] URL',
  examples: [
    'ab pod/frontend -n 200 -c 10 http://svc-api:8080/health',
    'ab container/web -k -n 1000 -c 20 http://198.18.0.1:8080/',
    'ab pod/frontend -t 10 -c 5 -H "Host: shop.example.com" http://10.0.0.12/',
  ],
  targets: 1,
  privilege: 'read',
  // SIGINT prints the results of the requests done so far; SIGTERM ends ab without them.
  stopSignal: 'SIGINT',
  timeout: { default: '1m', max: '2m' },
  syntax: {
    flags: {
      '-n': { key: 'requests', kind: 'value' },
      '-c': { key: 'concurrency', kind: 'value' },
      '-t': { key: 'timelimit', kind: 'value' },
      '-s': { key: 'wait', kind: 'value' },
      '-k': { key: 'keepalive', kind: 'boolean' },
      '-i': { key: 'head', kind: 'boolean' },
      '-H': { key: 'headers', kind: 'value', repeatable: true },
      '-r': { key: 'keepGoing', kind: 'boolean' },
      '-l': { key: 'variableLength', kind: 'boolean' },
      '-q': { key: 'quiet', kind: 'boolean' },
    },
    positionals: [{ key: 'url' }],
    denied: {
      '-p': 'POSTs a local file',
      '-u': 'PUTs a local file',
      '-T': 'sets a body type for -p or -u, which are refused',
      '-m': 'sets a method other than GET or HEAD',
      '-g': writesFiles,
      '-e': writesFiles,
      '-w': 'prints HTML tables; the summary reads the text report',
      '-X': 'sends the requests through a proxy',
      '-P': 'sends proxy credentials',
      '-A': 'sends credentials; put them in the URL, where they are redacted',
      '-C': 'sends cookies; use -H "Cookie: ..."',
      '-E': 'reads a client certificate file',
      '-Z': 'sets a cipher suite list',
      '-f': 'sets the TLS protocol',
    },
  },
  args: z
    .strictObject({
      url: abUrl,
      requests: count(1, 10_000).default(100),
      concurrency: count(1, 50).default(1),
      timelimit: count(1, 60).optional(),
      wait: count(1, 30).optional(),
      keepalive: flag,
      head: flag,
      headers: z.array(httpHeader).max(20, { error: 'at most 20 headers' }).default([]),
      keepGoing: flag,
      variableLength: flag,
      quiet: flag,
    })
    .refine((args) => args.concurrency <= args.requests, { error: '-c cannot exceed -n' }),
  argv: (args) => [
    'ab',
    // -t first: ab 2.4 sets the request count to 50,000 when it reads -t, so a -n before it would be
    // replaced (issue 12). With -n after it, ab stops at the time limit or at -n, whichever is first.
    ...(args.timelimit !== undefined ? ['-t', String(args.timelimit)] : []),
    '-n',
    String(args.requests),
    '-c',
    String(args.concurrency),
    ...(args.wait !== undefined ? ['-s', String(args.wait)] : []),
    ...(args.keepalive ? ['-k'] : []),
    ...(args.head ? ['-i'] : []),
    ...args.headers.flatMap((header) => ['-H', header]),
    ...(args.keepGoing ? ['-r'] : []),
    ...(args.variableLength ? ['-l'] : []),
    ...(args.quiet ? ['-q'] : []),
    args.url,
  ],
});
