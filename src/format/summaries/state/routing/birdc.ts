import type { Summarizer, Summary } from '../../summary.js';
import { plural } from '../json.js';

/** BIRD's banner and restricted-mode notice, before every answer. */
const banner = /^(BIRD [\d.]+ ready\.|Access restricted)$/;

/** `show protocols [all]`: the header "Name Proto Table State Since Info", then one line a protocol. */
function summarizeProtocols(lines: readonly string[]): Summary | undefined {
  const start = lines.findIndex((line) => /^Name\s+Proto\s+Table\s+State\s+Since\s+Info/.test(line));
  if (start < 0) return undefined;
  const protocols = lines
    .slice(start + 1)
    .filter((line) => /^\S/.test(line))
    .map((line) => {
      const [name = '', proto = '', table = '', state = '', since = '', ...info] = line.trim().split(/\s+/);
      // `Since` is a time, or a date and a time: the rest is the info (Established, Active, Connect ...).
      const rest = /^\d{2}:\d{2}/.test(info[0] ?? '') ? info.slice(1) : info;
      return { name, proto, table, state, since, info: rest.join(' ') };
    });
  const sessions = protocols.filter((protocol) => protocol.proto === 'BGP');
  const down = sessions.filter((session) => !session.info.startsWith('Established'));
  const established = sessions.length - down.length;
  return {
    tone: sessions.length > 0 && established === 0 ? 'broken' : down.length > 0 ? 'degraded' : 'ok',
    headline:
      sessions.length === 0
        ? `${plural(protocols.length, 'protocol')}, no BGP sessions`
        : `${established} of ${plural(sessions.length, 'BGP session')} Established${
            down.length > 0
              ? `; ${down
                  .slice(0, 3)
                  .map((session) => `${session.name} ${session.info.split(' ')[0] || session.state}`)
                  .join(', ')}`
              : ''
          }`,
    facts: [
      // BIRD says why after the state: "Active  Socket: Connection refused", "Connect  Received: Hold timer expired".
      ...down
        .filter((session) => session.info.includes(' '))
        .map((session) => `${session.name}: ${session.info}`),
      ...(down.length > 0
        ? ['a session not Established exchanges no routes: what that peer announces is unreachable']
        : []),
    ],
    tables: [
      {
        columns: ['name', 'proto', 'table', 'state', 'since', 'info'],
        rows: protocols.map((protocol) => [
          protocol.name,
          protocol.proto,
          protocol.table,
          protocol.state,
          protocol.since,
          protocol.info,
        ]),
      },
    ],
    measures: [
      { key: 'bgp.established', label: 'BGP sessions Established', value: established },
      ...sessions.map((session) => ({
        key: `bgp.${session.name}`,
        label: session.name,
        value: session.info.split(' ')[0] || session.state,
      })),
    ],
  };
}

/** `show route`: "PREFIX  TYPE [PROTOCOL TIME from PEER] * (PREF)" with "via X on IFACE" lines after. */
function summarizeRoutes(lines: readonly string[]): Summary | undefined {
  const routes: string[][] = [];
  let table = '';
  for (const line of lines) {
    const tableMatch = /^Table (\S+):$/.exec(line);
    if (tableMatch) {
      table = tableMatch[1] ?? '';
      continue;
    }
    const route = /^(\S+)\s+(\w+)\s+\[(\S+)[^\]]*\]\s*(\*)?/.exec(line);
    if (route) {
      routes.push([route[1] ?? '', route[2] ?? '', route[3] ?? '', '', table, route[4] ? 'best' : '']);
      continue;
    }
    // An alternative route for the same prefix starts with spaces and its type; a next hop with "via".
    const via = /^\s+via (\S+) on (\S+)/.exec(line);
    const last = routes.at(-1);
    if (via && last) last[3] = `${via[1]} on ${via[2]}`;
  }
  if (routes.length === 0 && !lines.some((line) => /^Table /.test(line))) return undefined;
  const prefixes = new Set(routes.map((route) => route[0])).size;
  return {
    tone: 'ok',
    headline: `${plural(prefixes, 'prefix', 'prefixes')}, ${plural(routes.length, 'route')}`,
    facts: [],
    tables: [{ columns: ['prefix', 'type', 'protocol', 'next hop', 'table', 'best'], rows: routes }],
    measures: [{ key: 'prefixes', label: 'prefixes', value: prefixes }],
  };
}

/** birdc's answers to `show protocols` and `show route`; other topics are shown as BIRD prints them. */
export const summarizeBirdc: Summarizer = (result) => {
  if (result.exitCode !== 0) return undefined;
  const lines = result.stdout.split('\n').filter((line) => !banner.test(line.trim()) && line.trim() !== '');
  const topic = result.argv[result.argv.indexOf('show') + 1];
  if (topic === 'protocols') return summarizeProtocols(lines);
  if (topic === 'route') return summarizeRoutes(lines);
  return undefined;
};
