import { z } from 'zod';
import { secondsBelowDeadline } from '../src/catalogue/below-deadline.js';
import { defineCommand } from '../src/catalogue/define-command.js';
import { count, curlResolve, decimal, flag, httpHeader, httpUrl, pattern } from '../src/catalogue/values.js';

/** The body is shown, not kept: more than this is cut off by curl itself. */
const maxBodyBytes = 10 * 1024 * 1024;

/** curl's own --max-time, below the bot's deadline so that curl gives up first and says why. */
export function maxTimeWithin(askedSeconds: number, deadlineMs: number | undefined): number {
  return deadlineMs === undefined ? askedSeconds : Math.min(askedSeconds, secondsBelowDeadline(deadlineMs));
}

const writesFiles = 'writes files in the toolbox';
const readsFiles = 'reads local files';
const followsRedirects =
  'follows redirects to places the bot cannot check before curl goes there (a cloud metadata address among them): run curl again on the Location the answer shows';
const sendsBody = 'sends a request body: only GET and HEAD are allowed';

export default defineCommand({
  name: 'curl',
  summary: 'HTTP(S) GET or HEAD from inside the target, with a timing breakdown',
  usage:
    'curl <target> [-I] [-i] [-k] [-v] [-f] [-H "Name: value"]... [--resolve HOST:PORT:ADDR]... [-A AGENT] [-X GET|HEAD] [-m SECONDS] [--connect-timeout SECONDS] [-4|-6] [--http1.1|--http2] [--compressed] URL',
  examples: [
    'curl pod/frontend http://db:8080/health',
    'curl container/web -I http://198.18.0.1:8080/',
    'curl pod/frontend -k -H "Host: shop.example.com" https://10.0.0.12/',
    'curl pod/frontend -sv --resolve api.example.com:443:10.0.0.12 https://api.example.com/ready',
  ],
  targets: 1,
  privilege: 'read',
  timeout: { default: '30s', max: '2m' },
  syntax: {
    flags: {
      '-I': { key: 'head', kind: 'boolean' },
      '--head': { key: 'head', kind: 'boolean' },
      '-i': { key: 'include', kind: 'boolean' },
      '--include': { key: 'include', kind: 'boolean' },
      '-k': { key: 'insecure', kind: 'boolean' },
      '--insecure': { key: 'insecure', kind: 'boolean' },
      '-v': { key: 'verbose', kind: 'boolean' },
      '--verbose': { key: 'verbose', kind: 'boolean' },
      '-f': { key: 'fail', kind: 'boolean' },
      '--fail': { key: 'fail', kind: 'boolean' },
      // Always on (the progress meter means nothing in chat); accepted because people type them.
      '-s': { key: 'silent', kind: 'boolean' },
      '--silent': { key: 'silent', kind: 'boolean' },
      '-S': { key: 'silent', kind: 'boolean' },
      '--show-error': { key: 'silent', kind: 'boolean' },
      '-H': { key: 'headers', kind: 'value', repeatable: true },
      '--header': { key: 'headers', kind: 'value', repeatable: true },
      '--resolve': { key: 'resolve', kind: 'value', repeatable: true },
      '-A': { key: 'userAgent', kind: 'value' },
      '--user-agent': { key: 'userAgent', kind: 'value' },
      '-X': { key: 'method', kind: 'value' },
      '--request': { key: 'method', kind: 'value' },
      '-m': { key: 'maxTime', kind: 'value' },
      '--max-time': { key: 'maxTime', kind: 'value' },
      '--connect-timeout': { key: 'connectTimeout', kind: 'value' },
      '--max-redirs': { key: 'maxRedirects', kind: 'value' },
      '-4': { key: 'ipv4', kind: 'boolean' },
      '--ipv4': { key: 'ipv4', kind: 'boolean' },
      '-6': { key: 'ipv6', kind: 'boolean' },
      '--ipv6': { key: 'ipv6', kind: 'boolean' },
      '--http1.1': { key: 'http11', kind: 'boolean' },
      '--http2': { key: 'http2', kind: 'boolean' },
      '--compressed': { key: 'compressed', kind: 'boolean' },
    },
    positionals: [{ key: 'url' }],
    denied: {
      '-o': writesFiles,
      '--output': writesFiles,
      '-O': writesFiles,
      '--remote-name': writesFiles,
      '--remote-name-all': writesFiles,
      '--output-dir': writesFiles,
      '--create-dirs': writesFiles,
      '-D': writesFiles,
      '--dump-header': writesFiles,
      '-c': writesFiles,
      '--cookie-jar': writesFiles,
      '--trace': writesFiles,
      '--trace-ascii': writesFiles,
      '--stderr': writesFiles,
      '--libcurl': writesFiles,
      '-K': 'reads a config file, which can set any option',
      '--config': 'reads a config file, which can set any option',
      '-T': 'uploads a local file',
      '--upload-file': 'uploads a local file',
      '-d': sendsBody,
      '--data': sendsBody,
      '--data-binary': sendsBody,
      '--data-raw': sendsBody,
      '--data-ascii': sendsBody,
      '--data-urlencode': sendsBody,
      '--json': sendsBody,
      '-F': sendsBody,
      '--form': sendsBody,
      '--form-string': sendsBody,
      '-b': readsFiles,
      '--cookie': readsFiles,
      '--netrc': readsFiles,
      '--netrc-file': readsFiles,
      '--netrc-optional': readsFiles,
      '-E': readsFiles,
      '--cert': readsFiles,
      '--key': readsFiles,
      '--cacert': readsFiles,
      '--capath': readsFiles,
      '--unix-socket': 'talks to local unix sockets',
      '--abstract-unix-socket': 'talks to local unix sockets',
      '-x': 'sends the request through another proxy',
      '--proxy': 'sends the request through another proxy',
      '-w': "is set by the bot: -w '%{json}' gives the timing breakdown",
      '--write-out': "is set by the bot: -w '%{json}' gives the timing breakdown",
      '--url': 'give the URL as the last word',
      // A redirect goes wherever the server says, after the bot checked the first URL: to a metadata
      // address too (issue 12). The first answer shows the Location; ask for it as its own request.
      '-L': followsRedirects,
      '--location': followsRedirects,
      '--location-trusted': followsRedirects,
      '--connect-to': 'connects somewhere other than the URL says: use --resolve HOST:PORT:ADDRESS',
      '-Z': 'runs transfers in parallel',
      '--parallel': 'runs transfers in parallel',
      '-:': 'starts another request',
      '--next': 'starts another request',
    },
  },
  args: z
    .strictObject({
      url: httpUrl,
      head: flag,
      include: flag,
      insecure: flag,
      verbose: flag,
      fail: flag,
      silent: flag,
      headers: z.array(httpHeader).max(20, { error: 'at most 20 headers' }).default([]),
      resolve: z.array(curlResolve).max(10, { error: 'at most 10 --resolve entries' }).default([]),
      userAgent: pattern(200).optional(),
      method: z
        .string()
        .transform((method) => method.toUpperCase())
        .pipe(z.enum(['GET', 'HEAD'], { error: 'only GET and HEAD are allowed' }))
        .optional(),
      maxTime: decimal(0.1, 120).default(30),
      connectTimeout: decimal(0.1, 60).optional(),
      maxRedirects: count(0, 10).optional(),
      ipv4: flag,
      ipv6: flag,
      http11: flag,
      http2: flag,
      compressed: flag,
    })
    .refine((args) => !(args.ipv4 && args.ipv6), { error: '-4 and -6 exclude each other' })
    .refine((args) => !(args.http11 && args.http2), { error: '--http1.1 and --http2 exclude each other' }),
  argv: (args, context) => [
    'curl',
    // -q first: no ~/.curlrc. Globbing off: `[1-1000]` in a URL is a loop, not a character.
    '-q',
    '--globoff',
    '--silent',
    '--show-error',
    '--proto',
    '=http,https',
    '--proto-redir',
    '=http,https',
    '--max-filesize',
    String(maxBodyBytes),
    '--max-time',
    String(maxTimeWithin(args.maxTime, context.timeoutMs)),
    '-w',
    '\n%{json}\n',
    ...(args.head || args.method === 'HEAD' ? ['--head'] : []),
    ...(args.include ? ['--include'] : []),
    ...(args.maxRedirects !== undefined ? ['--max-redirs', String(args.maxRedirects)] : []),
    ...(args.insecure ? ['--insecure'] : []),
    ...(args.verbose ? ['--verbose'] : []),
    ...(args.fail ? ['--fail'] : []),
    ...args.headers.flatMap((header) => ['--header', header]),
    ...args.resolve.flatMap((entry) => ['--resolve', entry]),
    ...(args.userAgent ? ['--user-agent', args.userAgent] : []),
    ...(args.connectTimeout !== undefined ? ['--connect-timeout', String(args.connectTimeout)] : []),
    ...(args.ipv4 ? ['--ipv4'] : []),
    ...(args.ipv6 ? ['--ipv6'] : []),
    ...(args.http11 ? ['--http1.1'] : []),
    ...(args.http2 ? ['--http2'] : []),
    ...(args.compressed ? ['--compressed'] : []),
    args.url,
  ],
});
