import type { Measure, Summary, SummaryTone, TextTable } from '../../summary.js';
import { plural } from '../json.js';

/** One socket as ss or netstat lists it, in the tool's own words for the state. */
export interface Socket {
  /** tcp, udp, raw, u_str, ...; `tcp6` from netstat is tcp. */
  readonly protocol: string;
  /** LISTEN, ESTAB, TIME-WAIT (ss) or LISTEN, ESTABLISHED, TIME_WAIT (netstat); UNCONN for a bound UDP socket. */
  readonly state: string;
  readonly recvQ: number;
  readonly sendQ: number;
  readonly local: string;
  readonly peer: string;
  readonly process: string;
}

/** A socket waiting for connections: TCP LISTEN, or UDP bound and not connected. */
const isListener = (socket: Socket): boolean =>
  socket.state === 'LISTEN' || (socket.protocol.startsWith('udp') && ['UNCONN', ''].includes(socket.state));

/** Normalised for judgement: ss says CLOSE-WAIT, netstat CLOSE_WAIT. */
const stateKey = (state: string): string => state.replace(/_/g, '-').replace(/^ESTABLISHED$/, 'ESTAB');

/** "0.0.0.0:7443", "[::]:22", "*:68" into address and port; unix paths have no port. */
export function splitEndpoint(endpoint: string): { address: string; port: string } {
  const match = /^(.*):([^:\]]+)$/.exec(endpoint);
  if (!match) return { address: endpoint, port: '' };
  return { address: match[1] ?? '', port: match[2] ?? '' };
}

/** CLOSE-WAIT sockets beyond this say an application does not close what its peers closed: a leak. */
const closeWaitLeak = 10;

/** Listeners as a table, counts by state, the busiest peers; a leak of CLOSE-WAIT or a full accept queue degrades. */
export function summarizeSockets(sockets: readonly Socket[]): Summary {
  const listeners = sockets.filter(isListener);
  const others = sockets.filter((socket) => !isListener(socket));
  const byState = new Map<string, number>();
  for (const socket of sockets)
    byState.set(socket.state || 'UNCONN', (byState.get(socket.state || 'UNCONN') ?? 0) + 1);
  const states = [...byState].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const closeWait = others.filter((socket) => stateKey(socket.state) === 'CLOSE-WAIT').length;
  // A listener's Recv-Q is its accept queue and Send-Q its backlog: full means connections are dropped.
  const fullQueues = listeners.filter(
    (socket) => socket.state === 'LISTEN' && socket.sendQ > 0 && socket.recvQ >= socket.sendQ,
  );
  const tone: SummaryTone = closeWait >= closeWaitLeak || fullQueues.length > 0 ? 'degraded' : 'ok';
  const ports = (protocol: string) =>
    [
      ...new Set(
        listeners
          .filter((socket) => socket.protocol.startsWith(protocol))
          .map((socket) => splitEndpoint(socket.local).port),
      ),
    ].sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
  const tcpPorts = ports('tcp');
  const udpPorts = ports('udp');
  const listening = [
    ...(tcpPorts.length > 0 ? [`TCP ${tcpPorts.join(', ')}`] : []),
    ...(udpPorts.length > 0 ? [`UDP ${udpPorts.join(', ')}`] : []),
  ].join('; ');
  const stateCounts = states
    .filter(([state]) => others.length === 0 || (state !== 'LISTEN' && state !== 'UNCONN'))
    .map(([state, count]) =>
      stateKey(state) === 'CLOSE-WAIT' && count >= closeWaitLeak
        ? `${count} ${state} (a leak)`
        : `${count} ${state}`,
    )
    .join(', ');
  // The trouble first: it is what the channel message should say.
  const problems = [...fullQueues.map((socket) => `accept queue full on ${socket.local}`)];
  const usual =
    sockets.length === 0
      ? 'no sockets'
      : others.length === 0
        ? `listening on ${listening || plural(listeners.length, 'socket')}`
        : `${stateCounts}${listening ? `; listening on ${listening}` : ''}`;
  const headline = [...problems, usual].join('; ');
  const peers = new Map<string, number>();
  for (const socket of others) {
    if (socket.peer && !/^\*|:\*$/.test(socket.peer))
      peers.set(socket.peer, (peers.get(socket.peer) ?? 0) + 1);
  }
  const byPeerAddress = new Map<string, number>();
  for (const [peer, count] of peers) {
    const { address } = splitEndpoint(peer);
    byPeerAddress.set(address, (byPeerAddress.get(address) ?? 0) + count);
  }
  const tables: TextTable[] = [
    ...(listeners.length > 0
      ? [
          {
            title: `listening (${listeners.length})`,
            columns: [
              'proto',
              'address',
              'port',
              'queue',
              ...(listeners.some((socket) => socket.process) ? ['process'] : []),
            ],
            rows: listeners.map((socket) => {
              const { address, port } = splitEndpoint(socket.local);
              return [
                socket.protocol,
                address,
                port,
                `${socket.recvQ}/${socket.sendQ}`,
                ...(listeners.some((other) => other.process) ? [socket.process] : []),
              ];
            }),
            align: ['left', 'left', 'right', 'right', 'left'] as const,
          },
        ]
      : []),
    ...(others.length > 0
      ? [
          {
            title: 'by state',
            columns: ['state', 'sockets'],
            rows: states.map(([state, count]) => [state, String(count)]),
            align: ['left', 'right'] as const,
          },
          {
            title: 'by peer',
            columns: ['peer', 'sockets'],
            rows: [...byPeerAddress]
              .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
              .slice(0, 10)
              .map(([peer, count]) => [peer, String(count)]),
            align: ['left', 'right'] as const,
          },
        ]
      : []),
  ];
  const measures: Measure[] = [
    ...(listeners.length > 0 || others.length === 0
      ? [{ key: 'listening', label: 'listening ports', value: listening || 'none' }]
      : []),
    ...states.map(([state, count]) => ({
      key: `state.${stateKey(state)}`,
      label: `${state} sockets`,
      value: count,
    })),
  ];
  return {
    tone,
    headline,
    facts: [
      ...(closeWait >= closeWaitLeak
        ? [`${closeWait} sockets in CLOSE-WAIT: the peer closed and the application has not, a leak`]
        : []),
      ...fullQueues.map(
        (socket) =>
          `${socket.local}: accept queue full (${socket.recvQ} of ${socket.sendQ}), connections are dropped`,
      ),
    ],
    tables,
    measures,
  };
}
