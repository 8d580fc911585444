import type { Measure, Summary, SummaryTone, TextTable } from '../../summary.js';
import { plural, text, words } from '../json.js';

/** One interface as `ip -j addr`, `ip -j link` and their `-br` forms give it. */
interface Interface {
  readonly name: string;
  /** operstate, with NO-CARRIER added when the flags say so: "UP", "LOWERLAYERDOWN NO-CARRIER". */
  readonly state: string;
  /** What the headline says of a troubled interface: NO-CARRIER rather than LOWERLAYERDOWN. */
  readonly trouble: string;
  readonly problem: boolean;
  readonly loopback: boolean;
  readonly addresses: readonly string[];
  readonly mac: string;
  readonly mtu: string;
  /** `ip -s`: packets, errors and drops each way. */
  readonly counters?: Counters;
}

interface Counters {
  readonly rxPackets: number;
  readonly rxErrors: number;
  readonly rxDropped: number;
  readonly txPackets: number;
  readonly txErrors: number;
  readonly txDropped: number;
}

function countersOf(item: Record<string, unknown>): Counters | undefined {
  const stats = (item.stats64 ?? item.stats) as
    { rx?: Record<string, unknown>; tx?: Record<string, unknown> } | undefined;
  if (!stats?.rx || !stats.tx) return undefined;
  const count = (side: Record<string, unknown>, field: string) =>
    typeof side[field] === 'number' ? side[field] : 0;
  return {
    rxPackets: count(stats.rx, 'packets'),
    rxErrors: count(stats.rx, 'errors'),
    rxDropped: count(stats.rx, 'dropped'),
    txPackets: count(stats.tx, 'packets'),
    txErrors: count(stats.tx, 'errors'),
    txDropped: count(stats.tx, 'dropped'),
  };
}

function readInterface(item: Record<string, unknown>): Interface {
  const flags = words(item.flags);
  const operstate = text(item.operstate) || 'UNKNOWN';
  const noCarrier = flags.includes('NO-CARRIER');
  const name = text(item.ifname);
  // Like `ip -br`: a veth shows its peer (`eth0@if12`), which says where the other end is.
  const peer = text(item.link) || (item.link_index !== undefined ? `if${text(item.link_index)}` : '');
  const loopback = text(item.link_type) === 'loopback' || flags.includes('LOOPBACK') || name === 'lo';
  const addresses = (Array.isArray(item.addr_info) ? item.addr_info : [])
    .filter((entry): entry is Record<string, unknown> => typeof entry === 'object' && entry !== null)
    .map((entry) => `${text(entry.local)}/${text(entry.prefixlen)}`)
    .filter((address) => address !== '/');
  return {
    name: peer ? `${name}@${peer}` : name,
    state: noCarrier && !operstate.includes('NO-CARRIER') ? `${operstate} NO-CARRIER` : operstate,
    // UNKNOWN is what lo, tun and wireguard devices report while they work; DOWN, LOWERLAYERDOWN,
    // DORMANT and NO-CARRIER are what an SRE looks into. A DOWN loopback breaks local services too.
    trouble: noCarrier ? 'NO-CARRIER' : operstate,
    problem: noCarrier || !['UP', 'UNKNOWN'].includes(operstate),
    loopback,
    addresses,
    mac: text(item.address),
    mtu: text(item.mtu),
    ...(countersOf(item) ? { counters: countersOf(item) } : {}),
  };
}

/** The bare name, for measures and headlines: `eth0@if12` is still eth0 on the next run. */
const bareName = (face: Interface): string => face.name.split('@')[0] ?? face.name;

/** The interface the namespace talks through: the first up one with an IPv4 address, not lo. */
function mainInterface(faces: readonly Interface[]): Interface | undefined {
  const candidates = faces.filter((face) => !face.loopback && !face.problem);
  return candidates.find((face) => face.addresses.some((address) => address.includes('.'))) ?? candidates[0];
}

/** `ip link` as `ip -br link` shows it; with `-s`, the packets, errors and drops each way. */
function linkTable(faces: readonly Interface[]): TextTable {
  const withMtu = faces.some((face) => face.mtu);
  const withCounters = faces.some((face) => face.counters);
  const counterCells = (counters: Counters | undefined) =>
    counters
      ? [
          counters.rxPackets,
          counters.rxErrors,
          counters.rxDropped,
          counters.txPackets,
          counters.txErrors,
          counters.txDropped,
        ].map(String)
      : ['', '', '', '', '', ''];
  return {
    columns: [
      'interface',
      'state',
      'mac',
      ...(withMtu ? ['mtu'] : []),
      ...(withCounters ? ['rx pkts', 'rx err', 'rx drop', 'tx pkts', 'tx err', 'tx drop'] : []),
    ],
    rows: faces.map((face) => [
      face.name,
      face.state,
      face.mac,
      ...(withMtu ? [face.mtu] : []),
      ...(withCounters ? counterCells(face.counters) : []),
    ]),
    align: [
      'left',
      'left',
      'left',
      ...(withMtu ? ['right' as const] : []),
      ...Array.from({ length: withCounters ? 6 : 0 }, () => 'right' as const),
    ],
  };
}

/** `ip -j addr` / `ip -j link` (and -br): interfaces, their state and addresses, like `ip -br addr`. */
export function summarizeInterfaces(
  items: readonly Record<string, unknown>[],
  object: 'address' | 'link',
): Summary {
  const faces = items.map(readInterface);
  const troubled = faces.filter((face) => face.problem);
  const up = faces.filter((face) => !face.loopback && !face.problem);
  const others = faces.filter((face) => !face.loopback);
  // Errors are damaged frames (a bad cable, a duplex mismatch, a driver): worth a look. Drops alone are
  // often policy (unknown protocols, a full queue for a moment) and are only said.
  const erring = faces.filter((face) => face.counters && face.counters.rxErrors + face.counters.txErrors > 0);
  const dropping = faces.filter(
    (face) => face.counters && face.counters.rxDropped + face.counters.txDropped > 0,
  );
  const tone: SummaryTone =
    troubled.length === 0 && erring.length === 0
      ? 'ok'
      : others.length > 0 && up.length === 0
        ? 'broken'
        : 'degraded';
  const main = mainInterface(faces);
  const mainFact = main
    ? `${bareName(main)}${object === 'address' && main.addresses[0] ? ` ${main.addresses[0]}` : ''} ${main.state}`
    : undefined;
  const count = plural(faces.length, 'interface');
  const headline =
    troubled.length > 0
      ? `${count}, ${troubled.map((face) => `${bareName(face)} ${face.trouble}`).join(', ')}`
      : `${count}${mainFact ? `, ${mainFact}` : ''}`;
  const table: TextTable =
    object === 'address'
      ? {
          columns: ['interface', 'state', 'addresses'],
          rows: faces.map((face) => [face.name, face.state, face.addresses.join(' ')]),
        }
      : linkTable(faces);
  const measures: Measure[] = [
    { key: 'interfaces', label: 'interfaces', value: faces.length },
    ...faces.map((face) => ({
      key: `state.${bareName(face)}`,
      label: `${bareName(face)} state`,
      value: face.state,
    })),
    ...faces.flatMap((face) =>
      face.counters
        ? [
            {
              key: `errors.${bareName(face)}`,
              label: `${bareName(face)} errors`,
              value: face.counters.rxErrors + face.counters.txErrors,
            },
            {
              key: `dropped.${bareName(face)}`,
              label: `${bareName(face)} drops`,
              value: face.counters.rxDropped + face.counters.txDropped,
            },
          ]
        : [],
    ),
    ...(object === 'address'
      ? faces.map((face) => ({
          key: `addresses.${bareName(face)}`,
          label: `${bareName(face)} addresses`,
          value: [...face.addresses].sort().join(' ') || 'none',
        }))
      : []),
  ];
  return {
    tone,
    headline,
    facts: [
      ...(troubled.length > 0 && mainFact ? [`up: ${mainFact}`] : []),
      ...erring.map(
        (face) =>
          `${bareName(face)}: ${face.counters!.rxErrors} receive and ${face.counters!.txErrors} transmit errors`,
      ),
      ...dropping.map(
        (face) =>
          `${bareName(face)}: ${face.counters!.rxDropped} received and ${face.counters!.txDropped} sent packets dropped`,
      ),
      ...(troubled.length > 0 && !mainFact && others.length > 0 ? ['no interface besides lo is up'] : []),
    ],
    tables: [table],
    measures,
  };
}
