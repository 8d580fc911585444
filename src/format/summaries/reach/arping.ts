import type { Measure, PartialOutput, Summarizer, TextTable } from '../summary.js';
import { formatMs } from './numbers.js';

// iputils arping: "Unicast reply from IP [MAC]  0.536ms" per reply, then "Sent N probes" and
// "Received N response(s)". Two MACs answering for one address is a conflict (two hosts, or a
// stale VIP), whatever the exit status. With -D (duplicate address detection) no reply is the
// good answer: nobody else holds the address.

const replyLine = /^(?:Unicast|Broadcast) reply from (\S+) \[([0-9A-Fa-f:]+)\]\s+([\d.]+)ms/;

export const summarizeArping: Summarizer = (result) => {
  const text = result.stdout;
  const address = /^ARPING (\S+)/m.exec(text)?.[1];
  const sent = /^Sent (\d+) probes?/m.exec(text)?.[1];
  if (!address || sent === undefined) return undefined;
  const replies = text.split('\n').flatMap((line) => {
    const match = replyLine.exec(line);
    return match ? [{ mac: (match[2] ?? '').toLowerCase(), ms: Number(match[3]) }] : [];
  });
  const macs = [...new Set(replies.map((reply) => reply.mac))];
  const byMac = macs.map((mac) => {
    const times = replies.filter((reply) => reply.mac === mac).map((reply) => reply.ms);
    return { mac, count: times.length, avgMs: times.reduce((sum, ms) => sum + ms, 0) / times.length };
  });
  const table: TextTable = {
    columns: ['MAC', 'REPLIES', 'AVG'],
    align: ['left', 'right', 'right'],
    rows: byMac.map((entry) => [entry.mac, String(entry.count), formatMs(entry.avgMs)]),
  };
  const measures: Measure[] = [{ key: 'mac', label: `MAC of ${address}`, value: macs.join(', ') || 'none' }];
  const facts = [`${replies.length} replies to ${sent} probes`];

  if (result.argv.includes('-D'))
    return macs.length === 0
      ? { tone: 'ok', headline: `no other host holds ${address}`, facts, measures }
      : {
          tone: 'broken',
          headline: `${address} is in use by ${macs.join(', ')}`,
          facts,
          tables: [table],
          measures,
        };
  if (macs.length === 0)
    return { tone: 'broken', headline: `no ARP reply from ${address} (${sent} sent)`, facts, measures };
  if (macs.length > 1)
    return {
      tone: 'broken',
      headline: `duplicate address: ${address} answered by ${macs.join(' and ')}`,
      facts,
      tables: [table],
      measures,
    };
  const only = byMac[0];
  return {
    tone: 'ok',
    headline: `${address} is at ${macs[0] ?? ''}`,
    facts: only ? [`${only.count} replies to ${sent} probes, avg ${formatMs(only.avgMs)}`] : facts,
    measures,
  };
};

/** "2 replies from 06:fa:85:fe:05:06", or both MACs as soon as a second one answers. */
export function arpingProgress(partial: PartialOutput): string | undefined {
  const macs = partial.stdout.split('\n').flatMap((line) => {
    const match = replyLine.exec(line);
    return match ? [(match[2] ?? '').toLowerCase()] : [];
  });
  if (macs.length === 0) return undefined;
  const distinct = [...new Set(macs)];
  return `${macs.length} ${macs.length === 1 ? 'reply' : 'replies'} from ${distinct.join(' and ')}${distinct.length > 1 ? ' (duplicate address)' : ''}`;
}
