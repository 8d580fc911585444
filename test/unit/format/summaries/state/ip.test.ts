import { readerOf, summarize } from '../../../../../src/format/summaries/index.js';
import { renderTable } from '../../../../../src/format/text-table.js';
import { loadToolOutput, rigOf } from '../../load-tool-output.js';

// ip's summaries, from `ip -j` output recorded on the netns rig (test/fixtures/record/cases-state.ts).

const summaryOf = (name: string) => {
  const summary = summarize('ip', loadToolOutput(name));
  if (!summary) throw new Error(`no summary of ${name}`);
  return summary;
};
const interfaceOf = (name: string) => `nsb${rigOf(name).client.split('.')[2]}c`;

describe('ip summaries', () => {
  it('shows tables, not the JSON, in the thread', () => {
    expect(readerOf('ip')?.machineOutput).toBe(true);
  });

  it('ip addr: the interfaces as `ip -br addr` lays them out, the main one in the headline', () => {
    const { client } = rigOf('ip-addr');
    const face = interfaceOf('ip-addr');
    const summary = summaryOf('ip-addr');
    expect(summary.tone).toBe('ok');
    expect(summary.headline).toBe(`2 interfaces, ${face} ${client}/24 UP`);
    const table = renderTable(summary.tables![0]!).split('\n');
    expect(table[0]).toMatch(/^interface\s+state\s+addresses$/);
    expect(table[1]).toMatch(/^lo\s+UNKNOWN\s+127\.0\.0\.1\/8 ::1\/128$/);
    expect(table[2]).toMatch(
      new RegExp(`^${face}@if\\d+\\s+UP\\s+${client.replace(/\./g, '\\.')}/24 fe80::`),
    );
    expect(summary.measures).toContainEqual({
      key: `addresses.${face}`,
      label: `${face} addresses`,
      value: expect.stringContaining(`${client}/24`),
    });
  });

  it('ip -br addr reads the same from the brief JSON', () => {
    const summary = summaryOf('ip-addr-brief');
    expect(summary.headline).toBe(
      `2 interfaces, ${interfaceOf('ip-addr-brief')} ${rigOf('ip-addr-brief').client}/24 UP`,
    );
    expect(summary.tables![0]!.rows).toHaveLength(2);
  });

  it('an interface without carrier, or down, is a problem named in the headline', () => {
    const summary = summaryOf('ip-addr-no-carrier');
    expect(summary.tone).toBe('degraded');
    expect(summary.headline).toBe('4 interfaces, st1 DOWN, st0 NO-CARRIER');
    expect(summary.facts).toEqual([
      `up: ${interfaceOf('ip-addr-no-carrier')} ${rigOf('ip-addr-no-carrier').client}/24 UP`,
    ]);
    expect(summary.tables![0]!.rows).toContainEqual([
      'st0@st1',
      'LOWERLAYERDOWN NO-CARRIER',
      '198.19.250.10/24',
    ]);
  });

  it('ip link: state, MAC and MTU by interface', () => {
    const summary = summaryOf('ip-link');
    expect(summary.tone).toBe('degraded');
    expect(summary.headline).toBe('4 interfaces, st1 DOWN, st0 NO-CARRIER');
    expect(summary.tables![0]!.columns).toEqual(['interface', 'state', 'mac', 'mtu']);
    expect(summary.tables![0]!.rows[0]).toEqual(['lo', 'UNKNOWN', '00:00:00:00:00:00', '65536']);
    expect(summary.measures).toContainEqual({
      key: 'state.st0',
      label: 'st0 state',
      value: 'LOWERLAYERDOWN NO-CARRIER',
    });
  });

  it('ip route: the default route in the headline, every route a row', () => {
    const { server } = rigOf('ip-route');
    const face = interfaceOf('ip-route');
    const summary = summaryOf('ip-route');
    expect(summary.tone).toBe('ok');
    expect(summary.headline).toBe(`2 routes, default via ${server} dev ${face}`);
    expect(summary.tables![0]!.rows).toEqual([
      ['default', server, face, ''],
      [`${server.replace(/\.\d+$/, '.0')}/24`, '', face, 'kernel/link'],
    ]);
    expect(summary.measures).toEqual([
      { key: 'routes', label: 'routes', value: 2 },
      { key: 'route.default', label: 'default route', value: `via ${server} dev ${face}` },
    ]);
  });

  it('a namespace without a default route is degraded: nothing off the link is reachable', () => {
    const summary = summaryOf('ip-route-no-default');
    expect(summary.tone).toBe('degraded');
    expect(summary.headline).toBe('1 route, no default route');
    expect(summary.measures).toContainEqual({ key: 'route.default', label: 'default route', value: 'none' });
  });

  it('150 routes and more: all rows in the table, which the thread sends as a file when long', () => {
    const summary = summaryOf('ip-route-many');
    expect(summary.headline).toMatch(/^152 routes, default via /);
    expect(summary.tables![0]!.rows).toHaveLength(152);
    const lines = renderTable(summary.tables![0]!).split('\n');
    expect(lines).toHaveLength(1 + 1 + 152);
    expect(lines.at(-1)).toMatch(/^198\.19\.149\.0\/24\s+198\.18\.\d+\.2\s+nsb\d+c$/);
  });

  it('ip route get: which way the kernel sends it', () => {
    const { server, client } = rigOf('ip-route-get');
    const summary = summaryOf('ip-route-get');
    expect(summary.tone).toBe('ok');
    expect(summary.headline).toBe(`route to 198.19.7.1: via ${server} dev ${interfaceOf('ip-route-get')}`);
    expect(summary.facts).toEqual([`from ${client}`]);
  });

  it('ip route get without a route is broken, from what ip says on stderr', () => {
    const summary = summaryOf('ip-route-get-unreachable');
    expect(summary.tone).toBe('broken');
    expect(summary.headline).toBe('no route to 198.19.7.1: network is unreachable');
  });

  it('ip neigh: neighbour, MAC, device and state', () => {
    const { server } = rigOf('ip-neigh');
    const summary = summaryOf('ip-neigh');
    expect(summary.tone).toBe('ok');
    expect(summary.headline).toMatch(
      new RegExp(`^1 neighbour, ${server.replace(/\./g, '\\.')} at ([0-9a-f]{2}:){5}[0-9a-f]{2} REACHABLE$`),
    );
  });

  it('a FAILED neighbour is named: the kernel could not resolve it', () => {
    const summary = summaryOf('ip-neigh-failed');
    const silent = rigOf('ip-neigh-failed').server.replace(/\.\d+$/, '.99');
    expect(summary.tone).toBe('degraded');
    expect(summary.headline).toBe(`2 neighbours, unresolved: ${silent} FAILED`);
    expect(summary.tables![0]!.rows).toContainEqual([silent, '-', interfaceOf('ip-neigh-failed'), 'FAILED']);
    expect(summary.measures).toContainEqual({
      key: 'neighbours.unresolved',
      label: 'unresolved neighbours',
      value: 1,
    });
  });

  it('ip rule: priorities and lookups', () => {
    const summary = summaryOf('ip-rule');
    expect(summary.headline).toBe('3 rules, the standard local, main and default tables');
    expect(summary.tables![0]!.rows).toEqual([
      ['0', 'from all', 'lookup local'],
      ['32766', 'from all', 'lookup main'],
      ['32767', 'from all', 'lookup default'],
    ]);
  });

  it('ip -s link: packets, errors and drops each way, read from stats64', () => {
    const face = interfaceOf('ip-link-statistics');
    const summary = summaryOf('ip-link-statistics');
    expect(summary.tone).toBe('ok');
    expect(summary.tables![0]!.columns).toEqual([
      'interface',
      'state',
      'mac',
      'mtu',
      'rx pkts',
      'rx err',
      'rx drop',
      'tx pkts',
      'tx err',
      'tx drop',
    ]);
    // The setup pinged the server three times: at least three packets each way.
    const row = summary.tables![0]!.rows.find((cells) => cells[0]?.startsWith(face))!;
    expect(Number(row[4])).toBeGreaterThanOrEqual(3);
    expect(Number(row[7])).toBeGreaterThanOrEqual(3);
    expect(summary.measures).toContainEqual({ key: `errors.${face}`, label: `${face} errors`, value: 0 });
  });

  it('ip -6 route: no default route expected', () => {
    const summary = summaryOf('ip-route-ipv6');
    expect(summary.tone).toBe('ok');
    expect(summary.headline).toBe('1 route');
    expect(summary.tables![0]!.columns).toEqual([
      'destination',
      'gateway',
      'device',
      'proto/scope',
      'metric',
    ]);
  });

  it('ip -br link: state and MAC without the MTU brief leaves out', () => {
    const summary = summaryOf('ip-link-brief');
    expect(summary.headline).toBe(`2 interfaces, ${interfaceOf('ip-link-brief')} UP`);
    expect(summary.tables![0]!.columns).toEqual(['interface', 'state', 'mac']);
  });

  it('ip maddr, an object without a summary of its own: its fields as a table, not JSON', () => {
    const summary = summaryOf('ip-maddr');
    expect(summary.headline).toBe('2 interfaces');
    expect(summary.tables![0]!.columns).toEqual(['ifindex', 'ifname', 'maddr']);
    expect(summary.tables![0]!.rows[0]).toEqual(['1', 'lo', 'inet 224.0.0.1; inet6 ff02::1; inet6 ff01::1']);
  });

  it('JSON cut short is not summarised: the raw output speaks', () => {
    const cut = loadToolOutput('ip-route-many');
    expect(summarize('ip', { ...cut, stdout: cut.stdout.slice(0, 4000) })).toBeUndefined();
  });
});
