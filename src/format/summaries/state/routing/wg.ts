import type { Summarizer, Summary } from '../../summary.js';
import { plural } from '../json.js';

/** WireGuard drops a session this long after its last handshake (REJECT_AFTER_TIME): older is no tunnel. */
const staleAfterSeconds = 180;

interface Peer {
  readonly interfaceName: string;
  readonly key: string;
  endpoint: string;
  allowedIps: string;
  /** Seconds since the latest handshake; undefined when there was none. */
  handshakeAgo?: number;
  handshakeText: string;
  transfer: string;
}

/** "1 minute, 5 seconds ago" -> 65. */
function secondsOf(ago: string): number {
  const units: Record<string, number> = { second: 1, minute: 60, hour: 3600, day: 86400, year: 31536000 };
  let total = 0;
  for (const [, count, unit] of ago.matchAll(/(\d+) (year|day|hour|minute|second)s?/g)) {
    total += Number(count) * (units[unit ?? 'second'] ?? 1);
  }
  return total;
}

/** `wg show [IFACE]`: interfaces and their peers, each with endpoint, allowed IPs, latest handshake, transfer. */
export const summarizeWg: Summarizer = (result): Summary | undefined => {
  if (result.exitCode !== 0) return undefined;
  const interfaces: string[] = [];
  const peers: Peer[] = [];
  let current: Peer | undefined;
  for (const line of result.stdout.split('\n')) {
    const [, key, value = ''] = /^\s*([a-z ]+):\s*(.*)$/.exec(line) ?? [];
    if (key === 'interface') {
      interfaces.push(value);
      current = undefined;
    } else if (key === 'peer') {
      current = {
        interfaceName: interfaces.at(-1) ?? '',
        key: value,
        endpoint: '',
        allowedIps: '',
        handshakeText: 'never',
        transfer: '',
      };
      peers.push(current);
    } else if (current && key === 'endpoint') current.endpoint = value;
    else if (current && key === 'allowed ips') current.allowedIps = value;
    else if (current && key === 'latest handshake') {
      current.handshakeAgo = value === 'Now' ? 0 : secondsOf(value);
      current.handshakeText = value;
    } else if (current && key === 'transfer') current.transfer = value;
  }
  // `wg show wg0 latest-handshakes` and the other one-field forms print key<TAB>value: shown as printed.
  if (interfaces.length === 0) return undefined;
  const never = peers.filter((peer) => peer.handshakeAgo === undefined);
  const stale = peers.filter(
    (peer) => peer.handshakeAgo !== undefined && peer.handshakeAgo > staleAfterSeconds,
  );
  const fresh = peers.length - never.length - stale.length;
  const name = (peer: Peer) => peer.endpoint || `${peer.key.slice(0, 8)}…`;
  const problems = [
    ...never.map((peer) => `${name(peer)} never`),
    ...stale.map((peer) => `${name(peer)} ${peer.handshakeText}`),
  ];
  return {
    tone: peers.length > 0 && fresh === 0 ? 'broken' : problems.length > 0 ? 'degraded' : 'ok',
    headline:
      peers.length === 0
        ? `${plural(interfaces.length, 'interface')}, no peers`
        : `${plural(peers.length, 'peer')}, ${fresh} with a recent handshake${problems.length > 0 ? `; ${problems.slice(0, 3).join(', ')}` : ''}`,
    facts:
      never.length > 0 ? ['no handshake: the peer is unreachable, or the keys or endpoint are wrong'] : [],
    tables: [
      {
        columns: ['interface', 'peer', 'endpoint', 'allowed ips', 'latest handshake', 'transfer'],
        rows: peers.map((peer) => [
          peer.interfaceName,
          `${peer.key.slice(0, 8)}…`,
          peer.endpoint || '-',
          peer.allowedIps,
          peer.handshakeText,
          peer.transfer,
        ]),
      },
    ],
    measures: [
      { key: 'peers', label: 'peers', value: peers.length },
      { key: 'peers.fresh', label: 'peers with a recent handshake', value: fresh },
      ...peers.map((peer) => ({
        key: `endpoint.${peer.key}`,
        label: `${peer.key.slice(0, 8)}… endpoint`,
        value: peer.endpoint || 'none',
      })),
    ],
  };
};
