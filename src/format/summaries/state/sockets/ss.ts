import type { Summarizer, Summary } from '../../summary.js';
import { plural } from '../json.js';
import { summarizeSockets, type Socket } from './sockets.js';

/** ss's socket states: a first word that is one of these starts a socket line without the Netid column. */
const states = new Set([
  'ESTAB',
  'SYN-SENT',
  'SYN-RECV',
  'FIN-WAIT-1',
  'FIN-WAIT-2',
  'TIME-WAIT',
  'CLOSE',
  'CLOSE-WAIT',
  'LAST-ACK',
  'LISTEN',
  'CLOSING',
  'UNCONN',
  'UNKNOWN',
]);

function readSocket(line: string, withNetid: boolean): Socket | undefined {
  const fields = line.trim().split(/\s+/);
  const [protocol, ...rest] = withNetid ? fields : ['tcp', ...fields];
  const [state, recvQ, sendQ, local, peer, ...process] = rest;
  if (!state || !states.has(state) || local === undefined || peer === undefined) return undefined;
  return {
    protocol: protocol ?? '',
    state,
    recvQ: Number(recvQ),
    sendQ: Number(sendQ),
    local,
    peer,
    // users:(("nc",pid=24443,fd=3)) -> nc
    process: [...process.join(' ').matchAll(/\("([^"]+)"/g)].map((match) => match[1]).join(','),
  };
}

/** `ss -s`: the totals by transport. */
function summarizeTotals(text: string): Summary | undefined {
  const tcp = /^TCP:\s+(\d+) \(estab (\d+), closed (\d+), orphaned (\d+), timewait (\d+)\)/m.exec(text);
  if (!tcp) return undefined;
  const [, total, estab, closed, orphaned, timewait] = tcp;
  const rows = [...text.matchAll(/^(RAW|UDP|TCP|INET|FRAG)\s+(\d+)\s+(\d+)\s+(\d+)/gm)].map((match) => [
    match[1] ?? '',
    match[2] ?? '',
    match[3] ?? '',
    match[4] ?? '',
  ]);
  const udp = rows.find((row) => row[0] === 'UDP')?.[1];
  return {
    tone: 'ok',
    headline: `TCP ${estab} established, ${timewait} time-wait${udp ? `; ${plural(Number(udp), 'UDP socket')}` : ''}`,
    facts: [`TCP ${total} in all: ${closed} closed, ${orphaned} orphaned`],
    tables: [
      { columns: ['transport', 'total', 'IP', 'IPv6'], rows, align: ['left', 'right', 'right', 'right'] },
    ],
    measures: [
      { key: 'tcp.estab', label: 'established TCP', value: Number(estab) },
      { key: 'tcp.timewait', label: 'TCP in time-wait', value: Number(timewait) },
      { key: 'tcp.orphaned', label: 'orphaned TCP', value: Number(orphaned) },
    ],
  };
}

/** ss's socket list (a header, then one line a socket; -e/-i/-m add indented lines) or its -s totals. */
export const summarizeSs: Summarizer = (result) => {
  if (result.exitCode !== 0) return undefined;
  if (result.argv.includes('-s') || result.argv.includes('--summary')) return summarizeTotals(result.stdout);
  const lines = result.stdout.split('\n').filter((line) => line.trim() !== '');
  const header = lines[0] && /^(Netid\s+)?State\s+Recv-Q/.test(lines[0]) ? lines[0] : undefined;
  const body = header ? lines.slice(1) : lines;
  // With -H there is no header: a first word that is a state means no Netid column.
  const withNetid = header ? header.startsWith('Netid') : !states.has(body[0]?.trim().split(/\s+/)[0] ?? '');
  if (!header && body.length > 0 && !readSocket(body[0] ?? '', withNetid)) return undefined;
  const sockets = body
    .filter((line) => !/^\s/.test(line))
    .map((line) => readSocket(line, withNetid))
    .filter((socket): socket is Socket => socket !== undefined);
  return summarizeSockets(sockets);
};
