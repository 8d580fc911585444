import type { CaptureStats } from '../results/run-result.js';

// tshark's own statistics of a pcap (-q -z ...), read into CaptureStats. Its statistics rather than a
// line per packet: what it prints stays a few KB whatever the capture holds (10,000 packets, 50 MB).

/** The argv that prints what `parseTsharkStats` reads; -n: no name lookups from the toolbox. */
export function tsharkStatsArgv(pcapFile: string): string[] {
  return [
    'tshark',
    '-n',
    '-r',
    pcapFile,
    '-q',
    '-z',
    'io,phs',
    '-z',
    'conv,tcp',
    '-z',
    'conv,udp',
    '-z',
    'io,stat,0,COUNT(tcp.flags.reset)tcp.flags.reset==1,COUNT(tcp.analysis.retransmission)tcp.analysis.retransmission',
  ];
}

/** The link and network layers every packet has: not what people mean by "protocols". */
const carrierLayers = new Set(['eth', 'ethertype', 'sll', 'ip', 'ipv6', 'vlan', 'frame']);
/** What tshark lists below an application protocol (its payload, reassembly): not a protocol people name. */
const payloadLayers = new Set(['data', 'data-text-lines', 'media']);

/** The most conversations kept: the summary shows the busiest few. */
const conversationsKept = 10;

/** CaptureStats from tshark's output; undefined when it is not tshark's statistics (an error). */
export function parseTsharkStats(text: string): CaptureStats | undefined {
  const hierarchy = [...text.matchAll(/^( *)(\S+)\s+frames:(\d+)\s+bytes:(\d+)\s*$/gm)].map((match) => ({
    depth: (match[1] ?? '').length,
    name: match[2] ?? '',
    packets: Number(match[3]),
    bytes: Number(match[4]),
  }));
  const totals = /^\|\s*[\d.]+\s*<>\s*[\w.]+\s*\|\s*(\d+)\s*\|\s*(\d+)\s*\|/m.exec(text);
  // An empty capture still has its (empty) hierarchy: zero packets. No hierarchy at all: not tshark's statistics.
  if (!/^Protocol Hierarchy Statistics$/m.test(text)) return undefined;
  const top = hierarchy.filter((entry) => entry.depth === Math.min(...hierarchy.map((each) => each.depth)));
  const protocols: { name: string; packets: number }[] = [];
  for (const entry of hierarchy) {
    if (carrierLayers.has(entry.name) || payloadLayers.has(entry.name) || entry.name.includes('.')) continue;
    if (protocols.some((known) => known.name === entry.name)) continue;
    protocols.push({ name: entry.name, packets: entry.packets });
  }
  return {
    packets: top.reduce((sum, entry) => sum + entry.packets, 0),
    bytes: top.reduce((sum, entry) => sum + entry.bytes, 0),
    durationSeconds: Number(/^\|\s*Duration:\s*([\d.]+) secs/m.exec(text)?.[1] ?? 0),
    protocols,
    conversations: [...conversationsOf(text, 'tcp'), ...conversationsOf(text, 'udp')]
      .sort((a, b) => b.packets - a.packets || b.bytes - a.bytes)
      .slice(0, conversationsKept),
    resets: Number(totals?.[1] ?? 0),
    retransmissions: Number(totals?.[2] ?? 0),
  };
}

function conversationsOf(text: string, protocol: 'tcp' | 'udp'): CaptureStats['conversations'] {
  const section = new RegExp(`^${protocol.toUpperCase()} Conversations\\n([\\s\\S]*?)^=+$`, 'm').exec(
    text,
  )?.[1];
  if (!section) return [];
  const size = String.raw`([\d,.]+)\s*(bytes|[kMGT]i?B)`;
  const row = new RegExp(
    String.raw`^(\S+)\s+<->\s+(\S+)\s+\d+\s+${size}\s+\d+\s+${size}\s+(\d+)\s+${size}`,
    'gm',
  );
  return [...section.matchAll(row)].map((match) => ({
    protocol,
    a: match[1] ?? '',
    b: match[2] ?? '',
    packets: Number(match[7]),
    bytes: bytesOf(match[8] ?? '0', match[9] ?? 'bytes'),
  }));
}

const unitBytes: Readonly<Record<string, number>> = {
  bytes: 1,
  kB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
  TiB: 1024 ** 4,
};

/** "1,514 bytes", "12 kB": tshark writes sizes for people; back to bytes (rounded where it rounded). */
function bytesOf(number: string, unit: string): number {
  return Math.round(Number(number.replace(/,/g, '')) * (unitBytes[unit] ?? 1));
}
