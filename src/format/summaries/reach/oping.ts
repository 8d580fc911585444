import type { Summarizer } from '../summary.js';
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
