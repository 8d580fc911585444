import { isIP } from 'node:net';
import { z } from 'zod';
import { isPortName, servicePortRefSchema } from '../grammar/service-port.js';
import { targetRefSchema } from '../grammar/target.js';
import { parseDuration } from '../grammar/duration.js';
import { forbiddenDestination, forbiddenUrl } from './forbidden-destinations.js';

/**
 * The shared value schemas of the catalogue (SPEC 6). Each accepts the raw string the tool-argument
 * parser hands over and refuses anything that starts with `-`, so a value can never turn into a flag
 * of the tool it is passed to. Commands build their argument schemas from these and nothing looser.
 */

const startsWithDash = (value: string): boolean => value.startsWith('-');

/** Printable ASCII without spaces: the base of every free-form value before its own rules. */
const printableWord = /^[\x21-\x7e]+$/;

/**
 * A DNS name as people use them in clusters: `db`, `kubernetes.default`, `api.example.com.`, and
 * Docker names such as `perf_test_a` (Docker's DNS answers for names with underscores, and so do SRV
 * labels like `_http._tcp`). RFC 1123 lengths: labels up to 63, the whole name up to 253.
 */
const hostnameLabel = /^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/;

export function isHostname(value: string): boolean {
  const name = value.endsWith('.') ? value.slice(0, -1) : value;
  if (name.length === 0 || name.length > 253) return false;
  return name.split('.').every((label) => hostnameLabel.test(label));
}

export const hostname = z
  .string()
  .refine((value) => !startsWithDash(value) && isHostname(value), {
    error: (issue) => `'${String(issue.input)}' is not a hostname`,
  })
  .describe('a hostname');

export const ipv4 = z
  .string()
  .refine((value) => isIP(value) === 4, {
    error: (issue) => `'${String(issue.input)}' is not an IPv4 address`,
  })
  .describe('an IPv4 address');

export const ipv6 = z
  .string()
  .refine((value) => isIP(value) === 6, {
    error: (issue) => `'${String(issue.input)}' is not an IPv6 address`,
  })
  .describe('an IPv6 address');

export const ipAddress = z
  .string()
  .refine((value) => isIP(value) !== 0, {
    error: (issue) => `'${String(issue.input)}' is not an IP address`,
  })
  .describe('an IP address');

/** A name or an address, as a tool's destination. */
export const hostOrIp = z
  .string()
  .refine((value) => !startsWithDash(value) && (isIP(value) !== 0 || isHostname(value)), {
    error: (issue) => `'${String(issue.input)}' is not a hostname or IP address`,
  })
  .describe('a hostname or IP address');

/**
 * Where a tool points: a host or an address, or a target written in its place (`pod/db`), which the
 * worker resolves to that target's address before the argv is built (SPEC 3).
 */
export const destination = z
  .union([targetRefSchema, hostOrIp], {
    error: (issue) => `'${String(issue.input)}' is not a hostname, IP address or target`,
  })
  .describe('a hostname, IP address or target (pod/NAME, svc/NAME, container/NAME, ...)');

/**
 * A destination a tool exchanges data with (nc, tls): as `destination`, but never a cloud metadata
 * service in any spelling (src/catalogue/forbidden-destinations.ts). Tools that only send probes
 * (ping, traceroute, mtr) keep `destination`: nothing comes back from them but timings.
 */
export const dataDestination = destination
  .superRefine((value, context) => {
    const reason = typeof value === 'string' ? forbiddenDestination(value) : undefined;
    if (reason !== undefined) context.addIssue({ code: 'custom', message: reason });
  })
  .describe(destination.description ?? 'a hostname, IP address or target');

/** `10.0.0.0/8`, `fd00::/64`. */
export const cidr = z
  .string()
  .refine(
    (value) => {
      const slash = value.indexOf('/');
      if (slash <= 0) return false;
      const family = isIP(value.slice(0, slash));
      const bits = value.slice(slash + 1);
      if (family === 0 || !/^\d{1,3}$/.test(bits)) return false;
      return Number(bits) <= (family === 4 ? 32 : 128);
    },
    {
      error: (issue) => `'${String(issue.input)}' is not a CIDR such as 10.0.0.0/8`,
    },
  )
  .describe('a CIDR such as 10.0.0.0/24');

/** 1..65535, from the string the parser hands over (or a number, for defaults written in code). */
export const port = z
  .union([
    z.number(),
    z.string().regex(/^\d{1,5}$/, {
      error: (issue) => `'${String(issue.input)}' is not a port`,
    }),
  ])
  .transform(Number)
  .pipe(
    z.number().int().min(1, { error: 'a port is 1 to 65535' }).max(65535, { error: 'a port is 1 to 65535' }),
  )
  .describe('a port');

/**
 * The port a server side binds in the first target (iperf, iperf3, netgen): 1024 and above. Ports
 * below belong to the target's own services, and a test server must not stand in for one (issue 12).
 */
export const serverPort = port
  .pipe(
    z.number().min(1024, {
      error: (issue) =>
        `the server side binds port ${String(issue.input)} in the first target; ports below 1024 are the target's own services: choose 1024 to 65535`,
    }),
  )
  .describe('a port from 1024 to 65535, which the server side binds');

/** How many ports a list or range may name: bounded, because a scan of all 65535 is a load. */
export const defaultMaxPorts = 1024;

/** Counts the ports in `22,80,443` or `12376-12390`, or returns undefined when it is not such a list. */
export function countPorts(value: string): number | undefined {
  if (!/^[0-9,-]+$/.test(value) || startsWithDash(value)) return undefined;
  let total = 0;
  for (const part of value.split(',')) {
    const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(part);
    if (!match) return undefined;
    const low = Number(match[1]);
    const high = match[2] === undefined ? low : Number(match[2]);
    if (low < 1 || high > 65535 || high < low) return undefined;
    total += high - low + 1;
  }
  return total;
}

/** `22,80,443`, `12376-12390`, `22,8000-8080`: at most `maxPorts` ports in all. */
export function portList(maxPorts = defaultMaxPorts) {
  return z
    .string()
    .superRefine((value, context) => {
      const total = countPorts(value);
      if (total === undefined) {
        context.addIssue({
          code: 'custom',
          message: `'${value}' is not a port list such as 22,80,443 or 12376-12390`,
        });
      } else if (total > maxPorts) {
        context.addIssue({
          code: 'custom',
          message: `'${value}' names ${total} ports; at most ${maxPorts} ports a run`,
        });
      }
    })
    .describe(`ports such as 22,80,443 or 8000-8010 (at most ${maxPorts})`);
}

/**
 * A port (or port list) as `schema` takes it, or the name of a port of the Service the command
 * points at (`nc pod/a svc/db pg`): the syntax's `servicePortOf` makes the ServicePortRef, which
 * the worker turns into the Service's port number. A name anywhere else says so.
 */
export function servicePortOr<Schema extends z.ZodType>(schema: Schema) {
  // The tool-argument parser hands over strings, which every port schema takes.
  const fromString = schema as unknown as z.ZodType<z.output<Schema>, string>;
  return z
    .union(
      [
        servicePortRefSchema,
        z
          .string()
          .refine((value) => !isPortName(value), {
            error: (issue) =>
              `'${String(issue.input)}' is a port name, and only a Service (svc/NAME) has named ports: write the number here`,
          })
          .pipe(fromString),
      ],
      // A string is never the object form: the user needs the string side's own reason.
      { error: (issue) => (issue.code === 'invalid_union' ? stringSideMessage(issue.errors) : undefined) },
    )
    .describe(`${schema.description ?? 'a port'}, or the name of a port of the svc/NAME it reaches`);
}

function stringSideMessage(options: readonly (readonly { code?: string; message?: string }[])[]) {
  return options.flat().find((issue) => issue.code !== 'invalid_type')?.message;
}

/**
 * libpcap's capture sources that are no network interface of the target (issue 12): `dbus-system`
 * reads the worker host's D-Bus, `usbmon*` its USB buses, `bluetooth*` its radios, `nflog` and
 * `nfqueue` netfilter's queues. `any` is all of the namespace's interfaces at once: tcpdump and ngrep
 * take it (captureInterface), nothing else does.
 */
const pseudoDevice = /^(?:any|dbus(?:-.*)?|nflog.*|nfqueue.*|usbmon.*|bluetooth.*|rdma.*)$/i;

/** Why `value` is not a network interface name, or undefined. */
function interfaceProblem(value: string): string | undefined {
  const hint = 'name an interface such as eth0 (ip <target> link show lists them)';
  if (isIP(value) !== 0) return `'${value}' is an address, not an interface: ${hint}`;
  if (pseudoDevice.test(value)) {
    return `'${value}' is a capture pseudo-device of libpcap, not a network interface of the target: ${hint}`;
  }
  // tcpdump and ngrep read a number as an index into libpcap's device list, pseudo-devices included.
  if (/^\d+$/.test(value)) return `'${value}' is an interface index, not a name: ${hint}`;
  // The kernel's rule (dev_valid_name): at most IFNAMSIZ - 1 = 15 bytes, no '/', ':' or space, not . or ..
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,14}$/.test(value))
    return `'${value}' is not an interface name: ${hint}`;
  return undefined;
}

/** A Linux network interface name (IFNAMSIZ: 15 characters): `eth0`, `lo`, `cali1234abcd`. */
export const interfaceName = z
  .string()
  .superRefine((value, context) => {
    const problem = interfaceProblem(value);
    if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
  })
  .describe('a network interface name such as eth0');

/** What tcpdump and ngrep capture on: an interface, or `any` (every interface of the namespace). */
export const captureInterface = z
  .string()
  .superRefine((value, context) => {
    const problem = value === 'any' ? undefined : interfaceProblem(value);
    if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
  })
  .describe('a network interface name such as eth0, or any');

/**
 * An http(s) URL and nothing else: no file:, gopher:, dict:, telnet: (curl speaks them all). Any
 * credentials in it are allowed here and redacted from outputs later (SPEC 6).
 */
export const httpUrl = z
  .string()
  .max(2048, { error: 'a URL is at most 2048 characters' })
  .refine((value) => printableWord.test(value) && !startsWithDash(value), {
    error: (issue) => `'${String(issue.input)}' is not an http or https URL`,
  })
  .pipe(
    z.url({
      protocol: /^https?$/,
      hostname: /^[^\s]+$/,
      error: (issue) =>
        `'${String(issue.input)}' is not an http or https URL (only http:// and https:// are allowed)`,
    }),
  )
  // A backslash is a path separator to the URL standard and a host character to curl: the two would
  // disagree on where the request goes, so neither reading is trusted.
  .refine((value) => !value.includes('\\'), {
    error: (issue) => `'${String(issue.input)}' has a backslash: write the URL with / only`,
  })
  .superRefine((value, context) => {
    const reason = forbiddenUrl(value);
    if (reason !== undefined) context.addIssue({ code: 'custom', message: reason });
  })
  .describe('an http:// or https:// URL');

/**
 * A BPF filter as people type it after tcpdump's flags: `port 9999`, `host db and tcp`,
 * `tcp[tcpflags] & tcp-syn != 0`. The tokens arrive separately and are joined with spaces. Only BPF's
 * characters get through (no quotes, `$`, `;`, backslashes), no token starts with `-`, and the whole
 * filter is bounded so a pasted blob cannot reach the tool.
 */
export const maxBpfLength = 512;
const bpfToken = /^[A-Za-z0-9_.:/[\]&|!=<>()+*%^~-]+$/;

export const bpfFilter = z
  .array(z.string())
  .min(1)
  // A filter typed in quotes ('tcp[13] & 2 != 0') arrives as one word: judge its words one by one.
  .transform((words) => words.flatMap((word) => word.split(/\s+/)).filter((word) => word !== ''))
  .superRefine((tokens, context) => {
    for (const token of tokens) {
      if (startsWithDash(token) || !bpfToken.test(token)) {
        context.addIssue({ code: 'custom', message: `'${token}' is not allowed in a BPF filter` });
        return;
      }
    }
    if (tokens.join(' ').length > maxBpfLength) {
      context.addIssue({
        code: 'custom',
        message: `the filter is longer than ${maxBpfLength} characters`,
      });
    }
  })
  .transform((tokens) => tokens.join(' '))
  .describe('a BPF filter');

/** The record types people ask for on a bridge. AXFR and IXFR are zone transfers: not a lookup. */
export const recordTypes = [
  'A',
  'AAAA',
  'ANY',
  'CAA',
  'CNAME',
  'DNSKEY',
  'DS',
  'HTTPS',
  'MX',
  'NAPTR',
  'NS',
  'PTR',
  'SOA',
  'SRV',
  'SVCB',
  'TLSA',
  'TXT',
] as const;

export type RecordType = (typeof recordTypes)[number];

export function isRecordType(value: string): boolean {
  return (recordTypes as readonly string[]).includes(value.toUpperCase());
}

export const recordType = z
  .string()
  .transform((value) => value.toUpperCase())
  .pipe(
    z.enum(recordTypes, {
      error: (issue) => `'${String(issue.input)}' is not a DNS record type (${recordTypes.join(' ')})`,
    }),
  )
  .describe('a DNS record type');

/**
 * A whole number between min and max, from the parser's string (`-c 5`) or a number (a default, or
 * how many times a counted flag was given).
 */
export function count(min: number, max: number) {
  return z
    .union([
      z.number(),
      z.string().regex(/^\d{1,9}$/, {
        error: (issue) => `'${String(issue.input)}' is not a whole number`,
      }),
    ])
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(min, { error: `must be at least ${min}` })
        .max(max, { error: `must be at most ${max}` }),
    );
}

/**
 * A number with a fraction, for intervals written in seconds (`-i 0.2`), between min and max.
 */
export function decimal(min: number, max: number) {
  return z
    .union([
      z.number(),
      z.string().regex(/^\d{1,6}(\.\d{1,3})?$/, {
        error: (issue) => `'${String(issue.input)}' is not a number`,
      }),
    ])
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, { error: `must be at least ${min}` })
        .max(max, { error: `must be at most ${max}` }),
    );
}

/**
 * A duration as people type it (`30s`, `1500ms`, `2m`, or bare seconds), in milliseconds, between
 * min and max (written the same way).
 */
export function duration(min: string, max: string) {
  const minMs = parseDuration(min);
  const maxMs = parseDuration(max);
  return z
    .union([z.number(), z.string()])
    .transform((value, context) => {
      if (typeof value === 'number') return value;
      try {
        return parseDuration(value);
      } catch {
        context.addIssue({
          code: 'custom',
          message: `'${value}' is not a duration such as 10s or 2m`,
        });
        return z.NEVER;
      }
    })
    .pipe(
      z
        .number()
        .int()
        .min(minMs, { error: `must be at least ${min}` })
        .max(maxMs, { error: `must be at most ${max}` }),
    );
}

/** Whole seconds of a duration in milliseconds, rounded up: what most tools take. */
export function toSeconds(ms: number): string {
  return String(Math.max(1, Math.ceil(ms / 1000)));
}

/**
 * An HTTP header for curl, `Name: value`: a token name (RFC 9110), printable value, no line breaks
 * (curl would send them as more headers), bounded.
 */
export const httpHeader = z
  .string()
  .max(1024, { error: 'a header is at most 1024 characters' })
  .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~][A-Za-z0-9!#$%&'*+.^_`|~-]*:[\x20-\x7e]*$/, {
    error: (issue) => `'${String(issue.input)}' is not a header such as 'Accept: application/json'`,
  })
  .describe('a header, "Name: value"');

/**
 * Free text for patterns (ngrep's regular expression, --grep): printable, bounded, never a flag.
 */
export function pattern(maxLength = 200) {
  return z
    .string()
    .min(1)
    .max(maxLength, { error: `at most ${maxLength} characters` })
    .refine((value) => !startsWithDash(value) && /^[\x20-\x7e]+$/.test(value), {
      error: (issue) =>
        `'${String(issue.input)}' is not allowed as a pattern (printable text not starting with -)`,
    })
    .describe('text');
}

/** A present-or-absent flag (`-k`, `+short`): the parser gives `true` or nothing. */
export const flag = z.boolean().default(false);

/** `host:port:address` for curl --resolve: pins a name to an address without touching DNS. */
export const curlResolve = z
  .string()
  .refine(
    (value) => {
      const match = /^([^:]+):(\d{1,5}):(.+)$/.exec(value);
      if (!match) return false;
      const address = match[3]!.replace(/^\[(.*)\]$/, '$1');
      return isHostname(match[1]!) && port.safeParse(match[2]).success && isIP(address) !== 0;
    },
    {
      error: (issue) => `'${String(issue.input)}' is not HOST:PORT:ADDRESS such as db:443:10.0.0.5`,
    },
  )
  .superRefine((value, context) => {
    // The address is where curl connects, whatever the URL names.
    const reason = forbiddenDestination(value.slice(value.indexOf(':', value.indexOf(':') + 1) + 1));
    if (reason !== undefined) context.addIssue({ code: 'custom', message: `--resolve ${value}: ${reason}` });
  })
  .describe('HOST:PORT:ADDRESS');

/**
 * Tokens of a filter expression that a tool reads as separate words (ss's `state established dport =
 * :443`): BPF's characters, no token starting with `-`, bounded in number and length.
 */
export const filterTokens = z
  .array(z.string())
  .transform((words) => words.flatMap((word) => word.split(/\s+/)).filter((word) => word !== ''))
  .pipe(z.array(z.string()).max(64, { error: 'at most 64 words in a filter' }))
  .superRefine((tokens, context) => {
    for (const token of tokens) {
      if (startsWithDash(token) || !bpfToken.test(token)) {
        context.addIssue({ code: 'custom', message: `'${token}' is not allowed in a filter` });
        return;
      }
    }
    if (tokens.join(' ').length > maxBpfLength) {
      context.addIssue({ code: 'custom', message: `the filter is longer than ${maxBpfLength} characters` });
    }
  })
  .describe('filter words');

/** A BPF filter given as one value (`iftop -f 'port 80'`): split on spaces, then judged as above. */
export const bpfFilterText = z
  .string()
  .transform((text) => text.split(/\s+/).filter((token) => token !== ''))
  .pipe(bpfFilter)
  .describe('a BPF filter, quoted');

/** A name of a thing in a tool's own namespace: a chain, a set, a table, a protocol, a resource. */
export function identifier(maxLength = 64) {
  return z
    .string()
    .max(maxLength, { error: `at most ${maxLength} characters` })
    .regex(/^[A-Za-z0-9_][A-Za-z0-9_.:/@-]*$/, {
      error: (issue) => `'${String(issue.input)}' is not a valid name`,
    })
    .describe('a name');
}

/** `10.96.0.1:443`, `[fd00::1]:443`, `db:5432`: an address with its port. */
export const hostPort = z
  .string()
  .refine(
    (value) => {
      const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(value);
      if (!match) return false;
      const host = match[1] ?? match[2]!;
      const hostOk = match[1] !== undefined ? isIP(host) === 6 : hostOrIp.safeParse(host).success;
      return hostOk && port.safeParse(match[3]).success;
    },
    { error: (issue) => `'${String(issue.input)}' is not ADDRESS:PORT such as 10.96.0.1:443` },
  )
  .describe('ADDRESS:PORT');

/** Bits per second of a rate written as iperf takes it (`10M`, `500K`, `1.5G`), or undefined. */
export function bitsPerSecond(value: string): number | undefined {
  const multipliers = new Map([
    ['', 1],
    ['K', 1e3],
    ['M', 1e6],
    ['G', 1e9],
  ]);
  const match = /^(\d{1,6}(?:\.\d{1,3})?)([KMGkmg]?)$/.exec(value);
  return match ? Number(match[1]) * multipliers.get(match[2]!.toUpperCase())! : undefined;
}

/**
 * The rate of iperf's `-b`: `10M`, `500K`, `1G`. This bounds one value; what a run sends in all
 * (rate × streams × directions) is bounded by the command (src/catalogue/aggregate-rate.ts).
 */
export function bandwidth(maxBitsPerSecond: number) {
  return z
    .string()
    .superRefine((value, context) => {
      const bits = bitsPerSecond(value);
      if (bits === undefined) {
        context.addIssue({ code: 'custom', message: `'${value}' is not a bandwidth such as 10M` });
      } else if (bits <= 0 || bits > maxBitsPerSecond) {
        context.addIssue({
          code: 'custom',
          message: `'${value}' is out of range: more than 0 and at most ${maxBitsPerSecond / 1e6}M`,
        });
      }
    })
    .describe(`a rate such as 10M, per stream (at most ${maxBitsPerSecond / 1e6}M for the whole run)`);
}

/** A size in bytes such as `256K` (iperf's window and length): bounded. */
export function byteSize(maxBytes: number) {
  const multipliers: Readonly<Record<string, number>> = { '': 1, K: 1024, M: 1024 * 1024 };
  return z
    .string()
    .superRefine((value, context) => {
      const match = /^(\d{1,7})([KMkm]?)$/.exec(value);
      // own-key: the suffix matched the pattern above
      const bytes = match ? Number(match[1]) * multipliers[match[2]!.toUpperCase()]! : Number.NaN;
      if (!(bytes > 0 && bytes <= maxBytes)) {
        context.addIssue({
          code: 'custom',
          message: `'${value}' is not a size from 1 to ${maxBytes / 1024}K, such as 256K`,
        });
      }
    })
    .describe(`a size such as 256K (at most ${maxBytes / 1024}K)`);
}

/** How many addresses a CIDR covers, so scans of a network can be bounded. */
export function cidrSize(value: string): number {
  const slash = value.indexOf('/');
  if (slash <= 0) return 1;
  const bits = (isIP(value.slice(0, slash)) === 6 ? 128 : 32) - Number(value.slice(slash + 1));
  return 2 ** bits;
}

/** An address, or a target written in its place (resolved to its address): for tools that take no names. */
export const destinationAddress = z
  .union([targetRefSchema, ipAddress], {
    error: (issue) => `'${String(issue.input)}' is not an IP address or target`,
  })
  .describe('an IP address or target (pod/NAME, svc/NAME, ...)');

/** A network to sweep (`fping -g`): a CIDR covering at most `maxAddresses` addresses. */
export function network(maxAddresses: number) {
  return cidr
    .refine((value) => cidrSize(value) <= maxAddresses, {
      error: (issue) =>
        `'${String(issue.input)}' covers ${cidrSize(String(issue.input))} addresses; at most ${maxAddresses}`,
    })
    .describe(`a CIDR covering at most ${maxAddresses} addresses`);
}
