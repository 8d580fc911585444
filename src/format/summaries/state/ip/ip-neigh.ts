import type { Summary, SummaryTone } from '../../summary.js';
import { plural, text, words } from '../json.js';

/** States where the kernel could not resolve the neighbour: nothing reaches it at layer 2. */
const unresolved = new Set(['FAILED', 'INCOMPLETE']);

/** `ip -j neigh show`: each neighbour, its MAC and state; FAILED and INCOMPLETE ones are the news. */
export function summarizeNeighbours(items: readonly Record<string, unknown>[]): Summary {
  const neighbours = items.map((item) => ({
    address: text(item.dst),
    mac: text(item.lladdr),
    device: text(item.dev),
    // -br leaves the state out.
    state: words(item.state).join(' '),
    router: item.router !== undefined,
  }));
  const bad = neighbours.filter((neighbour) =>
    neighbour.state.split(' ').some((state) => unresolved.has(state)),
  );
  const tone: SummaryTone =
    bad.length === 0 ? 'ok' : bad.length === neighbours.length ? 'broken' : 'degraded';
  const count = plural(neighbours.length, 'neighbour');
  const first = neighbours[0];
  const headline =
    bad.length > 0
      ? `${count}, unresolved: ${bad.map((neighbour) => `${neighbour.address} ${neighbour.state}`).join(', ')}`
      : neighbours.length === 1 && first
        ? `${count}, ${first.address} at ${first.mac}${first.state ? ` ${first.state}` : ''}`
        : count;
  return {
    tone,
    headline,
    facts: [],
    tables: [
      {
        columns: ['neighbour', 'mac', 'device', 'state'],
        rows: neighbours.map((neighbour) => [
          neighbour.address,
          neighbour.mac || '-',
          neighbour.device,
          [neighbour.state, neighbour.router ? 'router' : ''].filter(Boolean).join(' '),
        ]),
      },
    ],
    measures: [
      { key: 'neighbours', label: 'neighbours', value: neighbours.length },
      { key: 'neighbours.unresolved', label: 'unresolved neighbours', value: bad.length },
      // The MAC, not the state: REACHABLE and STALE alternate by themselves; a new MAC is a failover or a conflict.
      ...neighbours.map((neighbour) => ({
        key: `mac.${neighbour.address}`,
        label: `${neighbour.address} MAC`,
        value: neighbour.mac || 'none',
      })),
    ],
  };
}
