import type { PartialOutput, Summarizer } from '../summary.js';
import { summarizeHosts, type HostPings } from './hosts.js';

// liboping's oping: a statistics block per host at the end. Its RTT line rounds to whole
// milliseconds (0 on a LAN), so the average comes from the reply lines instead.

const replyLine = /^\d+ bytes from (\S+) .*time=([\d.]+) ms/;
const block =
  /--- (\S+) ping statistics ---\n(\d+) packets transmitted, (\d+) received, ([\d.]+)% packet loss/g;

export const summarizeOping: Summarizer = (result) => {
  const times = new Map<string, number[]>();
  for (const line of result.stdout.split('\n')) {
    const match = replyLine.exec(line);
    if (!match) continue;
    const host = match[1] ?? '';
    times.set(host, [...(times.get(host) ?? []), Number(match[2])]);
  }
  const hosts = [...result.stdout.matchAll(block)].map((match): HostPings => {
    const host = match[1] ?? '';
    const rtts = times.get(host) ?? [];
    const received = Number(match[3]);
    return {
      host,
      sent: Number(match[2]),
      received,
      alive: received > 0,
      lossPercent: Number(match[4]),
      ...(rtts.length ? { avgMs: rtts.reduce((sum, ms) => sum + ms, 0) / rtts.length } : {}),
    };
  });
  return summarizeHosts(hosts);
};

/** "3 replies, 3 timeouts from 2 hosts" from the reply and timeout lines so far. */
export function opingProgress(partial: PartialOutput): string | undefined {
  const lines = partial.stdout.split('\n');
  const replies = lines.filter((line) => replyLine.test(line)).length;
  const timeouts = lines.filter((line) => /^echo reply from \S+ .*: icmp_seq=\d+ timeout/.test(line)).length;
  if (replies + timeouts === 0) return undefined;
  const hosts = lines.filter((line) => /^PING \S+/.test(line)).length;
  return `${replies} ${replies === 1 ? 'reply' : 'replies'}, ${timeouts} ${timeouts === 1 ? 'timeout' : 'timeouts'}${hosts > 1 ? ` from ${hosts} hosts` : ''}`;
}
