import type { Measure, Summary, TextTable } from '../summary.js';

// What dig, drill, host and nslookup found, in one shape, judged one way: each tool's reader parses
// its own text into a DnsLookup and this file says what it means, so that NXDOMAIN reads the same
// whichever tool found it.

export interface DnsRecord {
  readonly name: string;
  readonly type: string;
  readonly data: string;
  readonly ttl?: number;
}

export interface DnsLookup {
  /** The name asked about, without the root dot. */
  readonly name: string;
  /** The type asked for, when the tool says it (A when it does not). */
  readonly type?: string;
  /** NOERROR, NXDOMAIN, SERVFAIL, REFUSED, ...; undefined when no server answered. */
  readonly rcode?: string;
  readonly answers: readonly DnsRecord[];
  /** Who answered (or was asked), `198.18.0.2` or `198.18.0.2#5353` off port 53. */
  readonly server?: string;
  readonly queryMs?: number;
  readonly authoritative?: boolean;
  /** No server answered: what the tool said ("timed out", "host unreachable"). */
  readonly unanswered?: { readonly reason: string; readonly tries?: number; readonly perTrySeconds?: number };
  /** Further lookups of the same name that found nothing (host and nslookup also ask AAAA, MX). */
  readonly otherFailures?: readonly string[];
}

/** What each failing rcode means, in the words of someone on call. */
const rcodeMeaning: Readonly<Record<string, string>> = {
  NXDOMAIN: 'no such name',
  SERVFAIL: 'the server failed to resolve it',
  REFUSED: 'the server refused to answer',
  FORMERR: 'the server could not read the query',
  NOTIMP: 'the server does not do this kind of query',
  NOTAUTH: 'the server is not authoritative for the zone',
};

/** The answer a person looks for: addresses first, then whatever the query was about. */
function keyAnswers(lookup: DnsLookup): readonly DnsRecord[] {
  const asked = lookup.type?.toUpperCase();
  const ofType = (type: string) => lookup.answers.filter((record) => record.type === type);
  if (asked && ofType(asked).length) return ofType(asked);
  const addresses = [...ofType('A'), ...ofType('AAAA')];
  if (addresses.length) return addresses;
  return lookup.answers.filter((record) => record.type !== 'CNAME').length
    ? lookup.answers.filter((record) => record.type !== 'CNAME')
    : lookup.answers;
}

/** "198.18.0.2 in 3 ms" for the facts. */
function servedBy(lookup: DnsLookup): string | undefined {
  if (!lookup.server) return undefined;
  const time = lookup.queryMs === undefined ? '' : ` in ${lookup.queryMs} ms`;
  return `answered by ${lookup.server}${time}${lookup.authoritative ? ' (authoritative)' : ''}`;
}

/** One measure per answered type, its values sorted: round-robin order is not a change. */
function measuresOf(lookup: DnsLookup): Measure[] {
  const byType = new Map<string, string[]>();
  for (const record of lookup.answers)
    byType.set(record.type, [...(byType.get(record.type) ?? []), record.data]);
  return [
    ...[...byType].map(([type, values]) => ({
      key: `answer.${type}`,
      label: `${type} record`,
      value: [...new Set(values)].sort().join(', '),
    })),
    ...(lookup.rcode ? [{ key: 'rcode', label: 'DNS status', value: lookup.rcode }] : []),
    ...(lookup.unanswered ? [{ key: 'rcode', label: 'DNS status', value: 'no answer' }] : []),
    ...(lookup.queryMs === undefined
      ? []
      : [{ key: 'query.time', label: 'query time', value: lookup.queryMs, unit: 'ms' }]),
  ];
}

function answersTable(lookup: DnsLookup): TextTable {
  return {
    title: `answers (${lookup.answers.length})`,
    columns: ['name', 'ttl', 'type', 'data'],
    rows: lookup.answers.map((record) => [
      record.name,
      record.ttl === undefined ? '' : String(record.ttl),
      record.type,
      record.data,
    ]),
    align: ['left', 'right', 'left', 'left'],
  };
}

/** The verdict on a lookup: the answer, or what kept it from coming. */
export function judgeLookup(lookup: DnsLookup): Summary {
  const server = servedBy(lookup);
  const measures = measuresOf(lookup);
  if (lookup.unanswered) {
    const { reason, tries, perTrySeconds } = lookup.unanswered;
    const who = lookup.server ?? 'the DNS server';
    const timedOut = /timed out/.test(reason);
    const triesText = tries && tries > 1 ? `, ${tries} tries` : '';
    return {
      tone: 'broken',
      headline: timedOut
        ? `no answer from ${who}${perTrySeconds === undefined ? '' : ` within ${perTrySeconds} s`}${triesText}`
        : `no answer from ${who}: ${reason}`,
      facts: [
        tries && tries > 1
          ? `${lookup.name}: every try ${timedOut ? 'timed out' : `failed: ${reason}`}`
          : `${lookup.name}: ${reason}`,
      ],
      measures,
    };
  }
  const rcode = lookup.rcode ?? 'NOERROR';
  const facts = [...(server ? [server] : []), ...(lookup.otherFailures ?? [])];
  if (rcode !== 'NOERROR') {
    const meaning = rcodeMeaning[rcode];
    return {
      tone: 'broken',
      headline: `${lookup.name}: ${rcode}${meaning ? ` (${meaning})` : ''}`,
      facts,
      measures,
    };
  }
  const found = keyAnswers(lookup);
  if (found.length === 0) {
    return {
      tone: 'degraded',
      headline: `${lookup.name} has no ${lookup.type ?? 'A'} record (NOERROR)`,
      facts: ['NOERROR with an empty answer: the name exists, the record type does not', ...facts],
      measures,
    };
  }
  const type = found[0]?.type ?? '';
  const values = [...new Set(found.map((record) => record.data))];
  const aliases = lookup.answers.filter((record) => record.type === 'CNAME');
  return {
    tone: 'ok',
    headline: `${lookup.name} → ${values.join(', ')} (${type})`,
    facts: [
      ...(aliases.length
        ? [`via ${aliases.map((alias) => `${alias.name} → ${alias.data}`).join(', ')} (CNAME)`]
        : []),
      ...facts,
    ],
    ...(lookup.answers.length > 1 ? { tables: [answersTable(lookup)] } : {}),
    measures,
  };
}

/** `db.test.internal.` to `db.test.internal`; the root stays `.`. */
export function withoutRootDot(name: string): string {
  return name.length > 1 ? name.replace(/\.$/, '') : name;
}

/** The zone-file lines of an answer section (`name ttl class type data...`), as dig and drill print them. */
export function parseRecords(section: string): DnsRecord[] {
  return section
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith(';'))
    .map((line) => line.split(/\s+/))
    .filter((fields) => fields.length >= 5)
    .map((fields) => ({
      name: withoutRootDot(fields[0] ?? ''),
      ttl: Number(fields[1]),
      type: fields[3] ?? '',
      data: withoutRootDot(fields.slice(4).join(' ')),
    }));
}

/**
 * The BIND tools (dig, host, nslookup) when no server answered: `;; communications error to
 * X#53: timed out` (or `connection refused`) per try, then `no servers could be reached`.
 */
export function readUnanswered(text: string, name: string, perTrySeconds?: number): DnsLookup | undefined {
  // A run cut short by the deadline has the tries so far without the closing line: still no answer.
  if (!/no servers could be reached|^;; communications error to /m.test(text)) return undefined;
  const errors = [
    ...text.matchAll(
      /;; (?:communications error to|connection timed out)\s*([^\s:#;]*)(?:#(\d+))?:?\s*([^\n]*)/g,
    ),
  ];
  const last = errors[errors.length - 1];
  const address = last?.[1] || undefined;
  const port = last?.[2];
  const reason = (last?.[3] ?? '').replace(/;.*$/, '').trim() || 'timed out';
  return {
    name,
    answers: [],
    ...(address ? { server: port && port !== '53' ? `${address}#${port}` : address } : {}),
    unanswered: {
      reason,
      tries: Math.max(1, errors.length),
      ...(perTrySeconds !== undefined && reason === 'timed out' ? { perTrySeconds } : {}),
    },
  };
}
