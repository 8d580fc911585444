import type { Summarizer, Summary, TextTable } from '../summary.js';
import { plural } from './json.js';

/** An ASCII table as calicoctl draws it (`+----+`, `| A | B |`): header and rows. */
function readBoxTable(lines: readonly string[]): { columns: string[]; rows: string[][] } | undefined {
  const cells = lines
    .filter((line) => line.startsWith('|'))
    .map((line) =>
      line
        .slice(1, line.lastIndexOf('|'))
        .split('|')
        .map((cell) => cell.trim()),
    );
  const [columns, ...rows] = cells;
  return columns ? { columns, rows } : undefined;
}

/** `calicoctl node status`: whether calico-node runs, and each BGP peer's state (IPv4 and IPv6 sections). */
function summarizeNodeStatus(text: string): Summary | undefined {
  if (!/Calico process is (not )?running/.test(text)) return undefined;
  const running = /Calico process is running/.test(text);
  const peers: string[][] = [];
  let columns: string[] = [];
  for (const section of text.split(/^(?=IPv[46] BGP status)/m)) {
    const family = /^IPv([46]) BGP status/.exec(section)?.[1];
    if (!family) continue;
    const table = readBoxTable(section.split('\n'));
    if (!table) continue;
    columns = ['family', ...table.columns];
    peers.push(...table.rows.map((row) => [`IPv${family}`, ...row]));
  }
  const infoAt = columns.indexOf('INFO');
  const down = peers.filter((peer) => !(peer[infoAt] ?? '').startsWith('Established'));
  const established = peers.length - down.length;
  return {
    tone:
      !running || (peers.length > 0 && established === 0) ? 'broken' : down.length > 0 ? 'degraded' : 'ok',
    headline: !running
      ? 'calico-node is not running'
      : peers.length === 0
        ? 'calico-node running, no BGP peers'
        : `${established} of ${plural(peers.length, 'BGP peer')} Established${
            down.length > 0
              ? `; ${down
                  .slice(0, 3)
                  .map((peer) => `${peer[1]} ${peer[infoAt] ?? ''}`)
                  .join(', ')}`
              : ''
          }`,
    facts: [],
    tables: peers.length > 0 ? [{ columns, rows: peers }] : [],
    measures: [
      { key: 'bgp.established', label: 'BGP peers Established', value: established },
      ...peers.map((peer) => ({
        key: `bgp.${peer[1] ?? ''}`,
        label: `peer ${peer[1] ?? ''}`,
        value: (peer[infoAt] ?? '').split(' ')[0] ?? '',
      })),
    ],
  };
}

/** `calicoctl ipam show`: the pools' use, from its box table (`IPS IN USE` "12 (5%)"). */
function summarizeIpam(text: string): Summary | undefined {
  const table = readBoxTable(text.split('\n'));
  if (!table?.columns.includes('IPS IN USE')) return undefined;
  const inUseAt = table.columns.indexOf('IPS IN USE');
  const cidrAt = table.columns.indexOf('CIDR');
  const usage = table.rows.map((row) =>
    Number(/\((\d+(?:\.\d+)?)%\)/.exec(row[inUseAt] ?? '')?.[1] ?? 'NaN'),
  );
  const fullest = Math.max(...usage.filter(Number.isFinite));
  const fullestRow = table.rows[usage.indexOf(fullest)];
  // A pool this full soon leaves new pods without an address.
  const nearlyFull = usage.filter((percent) => percent >= 90).length;
  return {
    tone: nearlyFull > 0 ? 'degraded' : 'ok',
    headline: `${plural(table.rows.length, 'pool')}${fullestRow ? `, fullest ${fullestRow[cidrAt] ?? ''} ${fullestRow[inUseAt] ?? ''} in use` : ''}`,
    facts: nearlyFull > 0 ? ['a pool over 90% used: new pods will soon get no address'] : [],
    tables: [table satisfies TextTable],
    measures: table.rows.map((row) => ({
      key: `ipam.${row[cidrAt] ?? ''}`,
      label: `${row[cidrAt] ?? ''} in use`,
      value: row[inUseAt] ?? '',
    })),
  };
}

/** `calicoctl get KIND` in its default (ps) or wide format: upper-case header, columns two spaces apart. */
function summarizeGet(text: string, kind: string): Summary | undefined {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const header = lines[0];
  if (!header || !/^[A-Z][A-Z0-9 ()/-]*$/.test(header.trim())) return undefined;
  const columns = header.trim().split(/\s{2,}/);
  const rows = lines.slice(1).map((line) => line.trim().split(/\s{2,}/));
  return {
    tone: 'ok',
    headline: plural(rows.length, kind.replace(/s$/, ''), kind.endsWith('s') ? kind : `${kind}s`),
    facts: [],
    tables: [{ columns, rows }],
    measures: [{ key: `count.${kind}`, label: kind, value: rows.length }],
  };
}

/** calicoctl: node status (BGP peers), ipam show (pool use), get (resources in the table format). */
export const summarizeCalicoctl: Summarizer = (result) => {
  if (result.exitCode !== 0) return undefined;
  const [, verb, what] = result.argv;
  if (verb === 'node') return summarizeNodeStatus(result.stdout);
  if (verb === 'ipam') return summarizeIpam(result.stdout);
  if (verb === 'get' && what && !result.argv.includes('-o')) return summarizeGet(result.stdout, what);
  return undefined;
};
