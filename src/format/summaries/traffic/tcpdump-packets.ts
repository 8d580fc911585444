import { splitEndpoint } from './top-pairs.js';

// tcpdump's text output, one packet at a time. A packet starts on a line with its timestamp; what
// -v, -X, -x and -A add to it follows on lines without one, so the count holds for every flag.

/** What the summary needs of one packet line. */
export interface Packet {
  /** Seconds since midnight, from the default timestamp or -tttt's; undefined with -t. */
  readonly time?: number;
  readonly protocol: string;
  readonly from?: string;
  readonly to?: string;
  readonly fromPort?: string;
  readonly toPort?: string;
  /** TCP flags as tcpdump writes them: "S", "S.", "P.", "R.". */
  readonly flags?: string;
  /** A TCP segment's sequence range with data, "186:212": the same range twice is a retransmission. */
  readonly seq?: string;
}

/**
 * A packet's first line: a timestamp (-t drops it, -tt.. -ttttt change it), or the link layer's
 * word and the endpoints. tcpdump's own lines and other tools' output are not packets.
 */
const packetStart =
  /^(?:\s*\d+ {2})?(?:\d\d:\d\d:\d\d\.\d+ |\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ |\d+\.\d{6} |(?:IP6?|ARP|STP|LLDP)\b)/;

/** Every packet in tcpdump's text output, in order. */
export function parsePackets(text: string): Packet[] {
  const packets: Packet[] = [];
  let header: string | undefined;
  let continuation = '';
  const flush = () => {
    if (header !== undefined) packets.push(parsePacket(header, continuation));
    header = undefined;
    continuation = '';
  };
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    if (!packetStart.test(line)) {
      // -v puts the addresses on the next line; the first continuation is enough.
      if (header !== undefined && continuation === '') continuation = line.trim();
      continue;
    }
    flush();
    header = line;
  }
  flush();
  return packets;
}

/** How many packets the output holds so far (a trailing half line is not one yet). */
export function countPackets(text: string): number {
  const whole = text.slice(0, text.lastIndexOf('\n') + 1);
  return whole.split('\n').filter((line) => packetStart.test(line)).length;
}

function parsePacket(header: string, continuation: string): Packet {
  const time = timeOf(header);
  // Where the endpoints are: on the header, or (-v) on the continuation when the header has none.
  const addressed = / > \S+?: /.test(header) ? header : `${header} ${continuation}`;
  const ends = /(?:^|\s)(\S+) > (\S+?):(?: |$)/.exec(addressed);
  const from = ends ? splitEndpoint(ends[1] ?? '') : undefined;
  const to = ends ? splitEndpoint(ends[2] ?? '') : undefined;
  const flags = /Flags \[([^\]]*)\]/.exec(addressed)?.[1];
  const seq = /, seq (\d+:\d+),/.exec(addressed)?.[1];
  return {
    ...(time !== undefined ? { time } : {}),
    protocol: protocolOf(addressed, flags, from?.port, to?.port),
    ...(from ? { from: from.host, ...(from.port ? { fromPort: from.port } : {}) } : {}),
    ...(to ? { to: to.host, ...(to.port ? { toPort: to.port } : {}) } : {}),
    ...(flags !== undefined ? { flags } : {}),
    ...(seq !== undefined ? { seq } : {}),
  };
}

/** "08:14:17.998047" (default) or "2026-11-30 08:14:17.998047" (-tttt): seconds since midnight. */
function timeOf(header: string): number | undefined {
  const clock = /^(?:\d{4}-\d\d-\d\d )?(\d\d):(\d\d):(\d\d(?:\.\d+)?) /.exec(header);
  if (!clock) return undefined;
  return Number(clock[1]) * 3600 + Number(clock[2]) * 60 + Number(clock[3]);
}

const dnsPorts = new Set(['53', 'domain', '5353', 'mdns']);

function protocolOf(text: string, flags: string | undefined, fromPort?: string, toPort?: string): string {
  if (/(^|\s)ARP,/.test(text)) return 'ARP';
  if (/\bICMP6,/.test(text)) return 'ICMP6';
  if (/\bICMP\b/.test(text)) return 'ICMP';
  if (flags !== undefined || /: tcp \d+/.test(text)) return 'TCP';
  if ((fromPort && dnsPorts.has(fromPort)) || (toPort && dnsPorts.has(toPort))) return 'DNS';
  if (/\bUDP\b|: udp \d+/.test(text) || (fromPort && toPort)) return 'UDP';
  // The link layer's word for what tcpdump does not decode further: "LLDP", "STP 802.1d", "IP6".
  const word = /^(?:[\d:. -]+ )?(?:\S+ (?:In|Out|M|P|B) )?([A-Za-z][\w-]*)/.exec(text)?.[1];
  return word && word !== 'IP' ? word : 'other';
}
