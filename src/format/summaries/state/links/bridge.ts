import type { Summarizer, Summary } from '../../summary.js';
import { parseJsonArray, plural, text, words } from '../json.js';
import { jsonTable } from '../json-table.js';

/** `bridge -j fdb show`: the forwarding database; entries on a bridge (learned or static) first. */
function summarizeFdb(items: readonly Record<string, unknown>[]): Summary {
  const entries = items.map((item) => ({
    mac: text(item.mac),
    port: text(item.ifname),
    bridge: text(item.master),
    vlan: text(item.vlan),
    state: text(item.state) || 'learned',
    self: words(item.flags).includes('self'),
    destination: text(item.dst),
  }));
  const onBridge = entries.filter((entry) => entry.bridge);
  const own = entries.filter((entry) => !entry.bridge);
  const learned = onBridge.filter((entry) => entry.state === 'learned');
  const bridges = [...new Set(onBridge.map((entry) => entry.bridge))];
  const ports = new Map<string, number>();
  for (const entry of onBridge) ports.set(entry.port, (ports.get(entry.port) ?? 0) + 1);
  return {
    tone: 'ok',
    headline: `${plural(entries.length, 'entry', 'entries')}: ${onBridge.length} on ${
      bridges.length === 1 ? `bridge ${bridges[0]}` : plural(bridges.length, 'bridge')
    } (${learned.length} learned), ${own.length} the ports' own`,
    facts: [],
    tables: [
      {
        columns: [
          'mac',
          'port',
          'bridge',
          'vlan',
          'state',
          ...(entries.some((entry) => entry.destination) ? ['dst'] : []),
        ],
        rows: [...onBridge, ...own].map((entry) => [
          entry.mac,
          entry.port,
          entry.bridge || (entry.self ? 'self' : ''),
          entry.vlan,
          entry.state,
          ...(entries.some((other) => other.destination) ? [entry.destination] : []),
        ]),
      },
    ],
    measures: [
      { key: 'fdb.entries', label: 'fdb entries', value: entries.length },
      ...[...ports].map(([port, count]) => ({ key: `fdb.${port}`, label: `MACs on ${port}`, value: count })),
    ],
  };
}

/** Port states where the port passes no traffic though STP did not ask for it. */
function summarizeLinks(items: readonly Record<string, unknown>[]): Summary {
  const ports = items.map((item) => {
    const noCarrier = words(item.flags).includes('NO-CARRIER');
    return {
      name: text(item.ifname),
      bridge: text(item.master),
      state: text(item.state),
      noCarrier,
      // blocking and listening/learning are STP at work; disabled, or no carrier, is a port that carries nothing.
      problem: noCarrier || text(item.state) === 'disabled',
      mtu: text(item.mtu),
      cost: text(item.cost),
    };
  });
  const troubled = ports.filter((port) => port.problem);
  const forwarding = ports.filter((port) => port.state === 'forwarding');
  const bridges = [...new Set(ports.map((port) => port.bridge).filter(Boolean))];
  return {
    tone: troubled.length === 0 ? 'ok' : forwarding.length === 0 ? 'broken' : 'degraded',
    headline: `${plural(ports.length, 'port')}${bridges.length === 1 ? ` on ${bridges[0]}` : ''}, ${forwarding.length} forwarding${
      troubled.length > 0
        ? `; ${troubled.map((port) => `${port.name} ${port.state}${port.noCarrier ? ' NO-CARRIER' : ''}`).join(', ')}`
        : ''
    }`,
    facts: [],
    tables: [
      {
        columns: ['port', 'bridge', 'state', 'carrier', 'mtu', 'cost'],
        rows: ports.map((port) => [
          port.name,
          port.bridge,
          port.state,
          port.noCarrier ? 'no' : 'yes',
          port.mtu,
          port.cost,
        ]),
        align: ['left', 'left', 'left', 'left', 'right', 'right'],
      },
    ],
    measures: ports.map((port) => ({
      key: `port.${port.name}`,
      label: `${port.name} state`,
      value: port.state,
    })),
  };
}

/** `bridge -j fdb|link|vlan|mdb show` (commands/bridge.ts asks for JSON). */
export const summarizeBridge: Summarizer = (result) => {
  if (result.exitCode !== 0) return undefined;
  const items = parseJsonArray(result.stdout);
  if (!items) return undefined;
  const object = result.argv.slice(1).find((word) => !word.startsWith('-'));
  if (object === 'fdb') return summarizeFdb(items);
  if (object === 'link') return summarizeLinks(items);
  return jsonTable(items, 'entry', 'entries');
};
