import type { Summarizer, Summary } from '../../summary.js';
import { plural } from '../json.js';

/** Unanswered connection attempts beyond this: something drops the SYNs (a firewall, a dead backend). */
const unansweredMany = 10;

interface Entry {
  readonly protocol: string;
  readonly state: string;
  readonly destination: string;
  readonly unreplied: boolean;
}

/** One `conntrack -L` line: `tcp 6 431999 ESTABLISHED src=... dst=... sport=... dport=... [ASSURED] ...`. */
function readEntry(line: string): Entry | undefined {
  // -o extended puts the family first: `ipv4 2 tcp 6 ...`.
  const words = line.trim().split(/\s+/);
  const start = /^ipv[46]$/.test(words[0] ?? '') ? 2 : 0;
  const [protocol, number, , maybeState] = words.slice(start);
  if (!protocol || !/^\d+$/.test(number ?? '')) return undefined;
  const state = maybeState && /^[A-Z_]+$/.test(maybeState) ? maybeState : '';
  return {
    protocol,
    state,
    // The original direction's destination (the first dst=): who was being reached.
    destination: /\bdst=(\S+)/.exec(line)?.[1] ?? '',
    unreplied: line.includes('[UNREPLIED]'),
  };
}

function summarizeList(stdout: string, stderr: string): Summary | undefined {
  const entries = stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map(readEntry)
    .filter((entry): entry is Entry => entry !== undefined);
  const shown = /(\d+) flow entries have been shown/.exec(stderr)?.[1];
  if (entries.length === 0 && shown === undefined) return undefined;
  const count = (key: (entry: Entry) => string) => {
    const counts = new Map<string, number>();
    for (const entry of entries) counts.set(key(entry), (counts.get(key(entry)) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  };
  const byProtocol = count((entry) => entry.protocol);
  const byState = count(
    (entry) => `${entry.protocol}\t${entry.state || (entry.unreplied ? 'UNREPLIED' : '-')}`,
  );
  const byDestination = count((entry) => entry.destination).filter(([destination]) => destination);
  const unanswered = entries.filter((entry) => entry.unreplied && entry.protocol === 'tcp').length;
  const protocols = byProtocol.map(([protocol, n]) => `${n} ${protocol}`).join(', ');
  return {
    tone: unanswered >= unansweredMany ? 'degraded' : 'ok',
    headline:
      entries.length === 0
        ? 'no tracked connections'
        : `${plural(entries.length, 'tracked connection')}: ${protocols}${
            unanswered >= unansweredMany ? `; ${unanswered} TCP attempts unanswered` : ''
          }`,
    facts: unanswered >= unansweredMany ? [`${unanswered} TCP attempts never answered ([UNREPLIED])`] : [],
    tables: [
      {
        title: 'by protocol and state',
        columns: ['protocol', 'state', 'entries'],
        rows: byState.map(([key, n]) => [...key.split('\t'), String(n)]),
        align: ['left', 'left', 'right'],
      },
      ...(byDestination.length > 0
        ? [
            {
              title: 'top destinations',
              columns: ['destination', 'entries'],
              rows: byDestination.slice(0, 10).map(([destination, n]) => [destination, String(n)]),
              align: ['left', 'right'] as const,
            },
          ]
        : []),
    ],
    measures: [
      { key: 'entries', label: 'tracked connections', value: entries.length },
      ...byProtocol.map(([protocol, n]) => ({
        key: `entries.${protocol}`,
        label: `${protocol} entries`,
        value: n,
      })),
    ],
  };
}

/** `conntrack -S`: per-CPU counters; drops and failed inserts are a full table losing connections. */
function summarizeStats(stdout: string): Summary | undefined {
  const cpus = stdout.split('\n').filter((line) => /^cpu=\d+/.test(line));
  if (cpus.length === 0) return undefined;
  const totals = new Map<string, number>();
  for (const line of cpus) {
    for (const [, key, value] of line.matchAll(/(\w+)=(\d+)/g)) {
      if (key && key !== 'cpu') totals.set(key, (totals.get(key) ?? 0) + Number(value));
    }
  }
  const total = (key: string) => totals.get(key) ?? 0;
  const losing = total('drop') + total('early_drop') + total('insert_failed');
  return {
    tone: losing > 0 ? 'degraded' : 'ok',
    headline:
      losing > 0
        ? `${total('drop')} dropped, ${total('early_drop')} early drops, ${total('insert_failed')} failed inserts`
        : `no drops, ${total('invalid')} invalid`,
    facts: losing > 0 ? ['the table is full or contended: new connections are lost (nf_conntrack_max)'] : [],
    tables: [
      {
        columns: ['counter', 'total'],
        rows: [...totals].map(([key, value]) => [key, String(value)]),
        align: ['left', 'right'],
      },
    ],
    measures: ['drop', 'early_drop', 'insert_failed', 'invalid'].map((key) => ({
      key: `stats.${key}`,
      label: key.replace('_', ' '),
      value: total(key),
    })),
  };
}

/** conntrack -L (entries), -C (a count) or -S (statistics). */
export const summarizeConntrack: Summarizer = (result) => {
  if (result.exitCode !== 0) return undefined;
  if (result.argv.includes('-S')) return summarizeStats(result.stdout);
  if (result.argv.includes('-C')) {
    const count = /^\s*(\d+)\s*$/.exec(result.stdout)?.[1];
    if (count === undefined) return undefined;
    return {
      tone: 'ok',
      headline: plural(Number(count), 'tracked connection'),
      facts: [],
      measures: [{ key: 'entries', label: 'tracked connections', value: Number(count) }],
    };
  }
  return summarizeList(result.stdout, result.stderr);
};
