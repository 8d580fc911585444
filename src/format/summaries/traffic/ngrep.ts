import type { PartialOutput, RunOutput, Summary } from '../summary.js';
import { countBy, pairsTable, plural, serviceEndpoint, splitEndpoint } from './top-pairs.js';

/** A matched packet's line: "T 198.18.0.2:8080 -> 198.18.0.10:45426 [AP] #3" (T, U, I: TCP, UDP, ICMP). */
const matchLine = /^([TUI]) (\S+) -> (\S+)(?: \[[^\]]*\])?(?: #\d+)?\s*$/gm;

const protocolNames: Readonly<Record<string, string>> = { T: 'TCP', U: 'UDP', I: 'ICMP' };

/** ngrep: how many packets matched the pattern, and between whom (the service's port kept). */
export function summarizeNgrep(result: RunOutput): Summary | undefined {
  const text = result.stdout;
  const pattern = /^match(?: \(JIT\))?: (.*)$/m.exec(text)?.[1];
  // Without its "match:" line ngrep never started to look (a bad interface, a usage error).
  if (pattern === undefined) return undefined;
  const matches = [...text.matchAll(matchLine)].map((match) => {
    const from = splitEndpoint(match[2] ?? '');
    const to = splitEndpoint(match[3] ?? '');
    return { protocol: protocolNames[match[1] ?? ''] ?? 'other', from, to };
  });
  const seen = /^(\d+) received, (\d+) matched$/m.exec(text);
  const pairs = countBy(
    matches,
    ({ from, to }) => `${serviceEndpoint(from, to)} ${serviceEndpoint(to, from)}`,
  ).map(([pair, count]) => {
    const [from = '', to = ''] = pair.split(' ');
    return { from, to, count };
  });
  const protocols = countBy(matches, (match) => match.protocol);
  return {
    tone: matches.length > 0 ? 'ok' : 'degraded',
    headline:
      matches.length > 0
        ? `${plural(matches.length, 'packet')} matched ${quote(pattern)}`
        : `no packet matched ${quote(pattern)}`,
    facts: [
      ...(seen ? [`${seen[2]} of ${plural(Number(seen[1]), 'packet')} seen matched`] : []),
      ...(protocols.length > 1 ? [protocols.map(([name, count]) => `${name} ${count}`).join(', ')] : []),
    ],
    ...(pairs.length > 0 ? { tables: [pairsTable('top pairs', pairs, 'matches')] } : {}),
    measures: [{ key: 'matches', label: 'matched packets', value: matches.length }],
  };
}

function quote(pattern: string): string {
  return pattern === '' ? 'the filter' : `'${pattern}'`;
}

/** The running line: "4 matches" so far. */
export function ngrepProgress(partial: PartialOutput): string | undefined {
  const matches = [...partial.stdout.matchAll(matchLine)].length;
  return matches > 0 ? plural(matches, 'match').replace(/matchs$/, 'matches') : undefined;
}
