import type { RunOutput, Summary } from '../summary.js';
import { plural, topRows } from './top-pairs.js';

// iftop -t: one snapshot, a flow on two lines (=> what the first host sent, <= what it received),
// rates over the last 2, 10 and 40 s and the cumulative bytes, then the totals.

const rateColumns = String.raw`\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s*$`;
const sentLine = new RegExp(String.raw`^\s*(\d+) (\S+)\s+=>${rateColumns}`);
const receivedLine = new RegExp(String.raw`^\s+(\S+)\s+<=${rateColumns}`);

/** iftop's units ("40.2Kb", "1.20Mb", "812b"; bytes with -B): K is 1024 in iftop. */
function bitsPerSecond(rate: string): number | undefined {
  const match = /^([\d.]+)([KMGT]?)([bB])$/.exec(rate);
  if (!match) return undefined;
  const scale = 1024 ** ['', 'K', 'M', 'G', 'T'].indexOf(match[2] ?? '');
  return Number(match[1]) * scale * (match[3] === 'B' ? 8 : 1);
}

/** iftop in text mode: the busiest flows and the total rate over the snapshot. */
export function summarizeIftop(result: RunOutput): Summary | undefined {
  const lines = result.stdout.split('\n');
  const totals = /^Total send and receive rate:\s+(\S+)\s+(\S+)/m.exec(result.stdout);
  if (!totals) return undefined;
  // The last 10 s average a snapshot of 10 s or more (-s); a shorter one is the last 2 s.
  const seconds = Number(result.argv[result.argv.indexOf('-s') + 1] ?? 10);
  const window = seconds >= 10 ? 10 : 2;
  const column = window === 10 ? 1 : 0;
  const flows: string[][] = [];
  lines.forEach((line, index) => {
    const sent = sentLine.exec(line);
    const received = receivedLine.exec(lines[index + 1] ?? '');
    if (!sent || !received) return;
    flows.push([
      sent[2] ?? '',
      received[1] ?? '',
      sent[3 + column] ?? '',
      received[2 + column] ?? '',
      sent[6] ?? '',
      received[5] ?? '',
    ]);
  });
  const peak = /^Peak rate \(sent\/received\/total\):\s+\S+\s+\S+\s+(\S+)/m.exec(result.stdout)?.[1];
  const total = totals[1 + column] ?? '';
  const top = flows[0];
  const totalBits = bitsPerSecond(total);
  return {
    tone: flows.length > 0 ? 'ok' : 'degraded',
    headline:
      top === undefined
        ? 'no traffic seen'
        : `${total}/s over ${plural(flows.length, 'flow')}, busiest ${top[0]} ⇄ ${top[1]}`,
    facts: [
      ...(top ? [`busiest flow: ${top[0]} sent ${top[2]}/s, received ${top[3]}/s (last ${window} s)`] : []),
      ...(peak ? [`peak ${peak}/s`] : []),
    ],
    ...(flows.length > 0
      ? {
          tables: [
            {
              title: `flows (${flows.length}, rates over the last ${window} s)`,
              columns: ['host', 'peer', 'sent', 'received', 'total sent', 'total received'],
              rows: flows.slice(0, topRows),
              align: ['left', 'left', 'right', 'right', 'right', 'right'],
            },
          ],
        }
      : {}),
    measures: [
      ...(totalBits !== undefined
        ? [{ key: 'throughput', label: 'total rate', value: Math.round(totalBits), unit: 'bit/s' }]
        : []),
      { key: 'flows', label: 'flows', value: flows.length },
    ],
  };
}
