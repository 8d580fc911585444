import type { TextTable } from '../summary.js';

/** How many rows a "top" table shows: the busiest few are what people look at. */
export const topRows = 5;

/** Counts of things by a key, busiest first (ties in the order first seen). */
export function countBy<T>(items: readonly T[], keyOf: (item: T) => string): [string, number][] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(keyOf(item), (counts.get(keyOf(item)) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]);
}

/** "TCP 70, DNS 4, ICMP6 8": counts in words, busiest first. */
export function describeCounts(counts: readonly (readonly [string, number])[]): string {
  return counts.map(([name, count]) => `${name} ${count}`).join(', ');
}

/** The busiest src → dst pairs as a table: "top talkers". */
export function pairsTable(
  title: string,
  pairs: readonly { readonly from: string; readonly to: string; readonly count: number }[],
  countColumn = 'packets',
): TextTable {
  return {
    title,
    columns: ['from', 'to', countColumn],
    rows: pairs.slice(0, topRows).map((pair) => [pair.from, pair.to, String(pair.count)]),
    align: ['left', 'left', 'right'],
  };
}

/**
 * "198.18.0.2.8080" (tcpdump) or "198.18.0.2:8080" (ngrep) into host and port; a name tcpdump
 * resolved ("web.test.internal.http") stays whole, as its port cannot be told from its labels.
 */
export function splitEndpoint(endpoint: string): { host: string; port?: string } {
  const colon = /^([^:]+):(\d+)$/.exec(endpoint);
  if (colon) return { host: colon[1] ?? endpoint, port: colon[2] ?? '' };
  const ipv4 = /^(\d+\.\d+\.\d+\.\d+)(?:\.([\w-]+))?$/.exec(endpoint);
  if (ipv4) return ipv4[2] ? { host: ipv4[1] ?? '', port: ipv4[2] } : { host: ipv4[1] ?? '' };
  const ipv6 = /^([\da-f:]*:[\da-f:]*)(?:\.([\w-]+))?$/i.exec(endpoint);
  if (ipv6) return ipv6[2] ? { host: ipv6[1] ?? '', port: ipv6[2] } : { host: ipv6[1] ?? '' };
  return { host: endpoint };
}

/** "1 packet", "3 packets". */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * One end of a conversation as people name it: a service's end keeps its port (the lower of the
 * two), a client's ephemeral port is dropped, so that the connections of one client to one service
 * count together.
 */
export function serviceEndpoint(end: { host: string; port?: string }, other: { port?: string }): string {
  if (!end.port) return end.host;
  return other.port !== undefined && Number(end.port) > Number(other.port)
    ? end.host
    : `${end.host}:${end.port}`;
}
