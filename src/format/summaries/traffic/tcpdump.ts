import type { CaptureStats } from '../../../results/run-result.js';
import type { Measure, PartialOutput, RunOutput, Summary, SummaryTone, TextTable } from '../summary.js';
import { formatBytes } from './format-bitrate.js';
import { countPackets, parsePackets, type Packet } from './tcpdump-packets.js';
import { countBy, describeCounts, pairsTable, plural, serviceEndpoint, topRows } from './top-pairs.js';

/** tcpdump's own counts on stderr when it ends: "86 packets captured", "0 packets dropped by kernel". */
function countsOf(stderr: string): { captured?: number; dropped?: number } {
  const captured = /^(\d+) packets? captured$/m.exec(stderr)?.[1];
  const dropped = /^(\d+) packets? dropped by kernel$/m.exec(stderr)?.[1];
  return {
    ...(captured !== undefined ? { captured: Number(captured) } : {}),
    ...(dropped !== undefined ? { dropped: Number(dropped) } : {}),
  };
}

/**
 * tcpdump: the text it printed (packets, protocols, top talkers, TCP resets and retransmissions),
 * or, for --pcap, what tshark read of the file (RunResult.capture).
 */
export function summarizeTcpdump(result: RunOutput): Summary | undefined {
  const counts = countsOf(result.stderr);
  if (result.argv.includes('-w')) return summarizePcap(result.capture, counts);
  const packets = parsePackets(result.stdout);
  // Nothing printed and no counts: tcpdump did not capture at all (a bad interface, no permission).
  if (packets.length === 0 && counts.captured === undefined) return undefined;
  return summarizeText(packets, counts, /^listening on ([^,]+),/m.exec(result.stderr)?.[1]);
}

function summarizeText(
  packets: readonly Packet[],
  counts: { dropped?: number },
  listenedOn: string | undefined,
): Summary {
  const resets = packets.filter((packet) => packet.flags?.includes('R'));
  const retransmits = retransmissionsOf(packets);
  const duration = durationOf(packets);
  const protocols = countBy(packets, (packet) => packet.protocol);
  const talkers = countBy(
    packets.filter((packet) => packet.from && packet.to),
    (packet) => `${packet.from} ${packet.to}`,
  ).map(([pair, count]) => {
    const [from = '', to = ''] = pair.split(' ');
    return { from, to, count };
  });
  const tables: TextTable[] = [];
  if (talkers.length > 0) tables.push(pairsTable(`top talkers (${talkers.length} pairs)`, talkers));
  if (resets.length > 0) tables.push(resetsTable(resets));
  return {
    tone: toneOf(packets.length, resets.length, retransmits, counts.dropped ?? 0),
    headline: headlineOf(packets.length, duration, resets.length, retransmits),
    facts: [
      ...(packets.length === 0 && listenedOn ? [`nothing passed ${listenedOn} that the filter matched`] : []),
      ...(protocols.length > 0 ? [`protocols: ${describeCounts(protocols)}`] : []),
      ...(counts.dropped ? [droppedFact(counts.dropped)] : []),
    ],
    ...(tables.length > 0 ? { tables } : {}),
    measures: measuresOf(packets.length, resets.length, retransmits),
  };
}

function summarizePcap(
  capture: CaptureStats | undefined,
  counts: { captured?: number; dropped?: number },
): Summary | undefined {
  if (!capture) {
    if (counts.captured === undefined) return undefined;
    // tshark could not read the file: tcpdump's own count is all there is.
    return {
      tone: counts.captured === 0 ? 'degraded' : 'ok',
      headline: `${plural(counts.captured, 'packet')} captured to the pcap`,
      facts: counts.dropped ? [droppedFact(counts.dropped)] : [],
      measures: measuresOf(counts.captured, 0, 0),
    };
  }
  const tables: TextTable[] =
    capture.conversations.length > 0
      ? [
          {
            title: 'top conversations',
            columns: ['proto', 'A', 'B', 'packets', 'bytes'],
            rows: capture.conversations
              .slice(0, topRows)
              .map((each) => [each.protocol, each.a, each.b, String(each.packets), formatBytes(each.bytes)]),
            align: ['left', 'left', 'left', 'right', 'right'],
          },
        ]
      : [];
  return {
    tone: toneOf(capture.packets, capture.resets, capture.retransmissions, counts.dropped ?? 0),
    headline: headlineOf(capture.packets, capture.durationSeconds, capture.resets, capture.retransmissions),
    facts: [
      `${formatBytes(capture.bytes)} in the pcap`,
      ...(capture.protocols.length > 0
        ? [`protocols: ${capture.protocols.map((each) => `${each.name} ${each.packets}`).join(', ')}`]
        : []),
      ...(counts.dropped ? [droppedFact(counts.dropped)] : []),
    ],
    ...(tables.length > 0 ? { tables } : {}),
    measures: measuresOf(capture.packets, capture.resets, capture.retransmissions),
  };
}

function headlineOf(
  packets: number,
  seconds: number | undefined,
  resets: number,
  retransmits: number,
): string {
  if (packets === 0) return 'no packets matched';
  const over = seconds !== undefined && packets > 1 ? ` in ${formatSeconds(seconds)}` : '';
  const problems = [
    ...(resets > 0 ? [plural(resets, 'TCP reset')] : []),
    ...(retransmits > 0 ? [plural(retransmits, 'retransmission')] : []),
  ];
  return `${plural(packets, 'packet')}${over}${problems.length > 0 ? `, ${problems.join(', ')}` : ''}`;
}

/** "2.5 s"; a burst within a second in ms, "1.4 ms", rather than "0.0 s". */
function formatSeconds(seconds: number): string {
  if (seconds >= 1) return `${seconds.toFixed(1)} s`;
  const ms = seconds * 1000;
  return `${ms < 10 ? Number(ms.toFixed(1)) : Math.round(ms)} ms`;
}

/**
 * Resets are connections refused or torn down, retransmissions lost segments, drops a capture that
 * missed packets: each worth a look. No packet at all: what was looked for did not pass.
 */
function toneOf(packets: number, resets: number, retransmits: number, dropped: number): SummaryTone {
  return packets === 0 || resets > 0 || retransmits > 0 || dropped > 0 ? 'degraded' : 'ok';
}

function droppedFact(dropped: number): string {
  return `${plural(dropped, 'packet')} dropped by the kernel: a narrower filter or a smaller -s keeps up`;
}

function measuresOf(packets: number, resets: number, retransmits: number): Measure[] {
  return [
    { key: 'packets', label: 'packets', value: packets },
    { key: 'tcp.resets', label: 'TCP resets', value: resets },
    { key: 'tcp.retransmits', label: 'TCP retransmissions', value: retransmits },
  ];
}

function resetsTable(resets: readonly Packet[]): TextTable {
  const pairs = countBy(resets, (packet) => {
    const from = { host: packet.from ?? '?', ...(packet.fromPort ? { port: packet.fromPort } : {}) };
    const to = { host: packet.to ?? '?', ...(packet.toPort ? { port: packet.toPort } : {}) };
    return `${serviceEndpoint(from, to)} ${serviceEndpoint(to, from)}`;
  });
  return pairsTable(
    'TCP resets',
    pairs.map(([pair, count]) => {
      const [from = '', to = ''] = pair.split(' ');
      return { from, to, count };
    }),
    'resets',
  );
}

/** A data segment seen twice (same flow, same sequence range): tcpdump's only sign of a retransmission. */
function retransmissionsOf(packets: readonly Packet[]): number {
  const seen = new Set<string>();
  let count = 0;
  for (const packet of packets) {
    if (packet.seq === undefined) continue;
    const key = `${packet.from}.${packet.fromPort}>${packet.to}.${packet.toPort} ${packet.seq}`;
    if (seen.has(key)) count += 1;
    seen.add(key);
  }
  return count;
}

/** From the first packet's timestamp to the last's; a capture over midnight wraps once. */
function durationOf(packets: readonly Packet[]): number | undefined {
  const first = packets[0]?.time;
  const last = packets[packets.length - 1]?.time;
  if (first === undefined || last === undefined) return undefined;
  return last >= first ? last - first : last + 86_400 - first;
}

/** The running line: "230 packets" (", 2 TCP resets") so far (text only: a pcap's packets go to the file). */
export function tcpdumpProgress(partial: PartialOutput): string | undefined {
  if (partial.argv.includes('-w')) return undefined;
  const packets = countPackets(partial.stdout);
  if (packets === 0) return undefined;
  const whole = partial.stdout.slice(0, partial.stdout.lastIndexOf('\n') + 1);
  const resets = whole.match(/ Flags \[R/g)?.length ?? 0;
  return resets > 0
    ? `${plural(packets, 'packet')}, ${plural(resets, 'TCP reset')}`
    : plural(packets, 'packet');
}
