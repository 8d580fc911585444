import { readerOf } from '../../../../../src/format/summaries/index.js';
import { rigOf } from '../../load-tool-output.js';
import { rowsOf, summaryOf } from './helpers.js';

// wg (wireguard-go, one peer at the server where nothing answers), birdc (two BIRDs peering over
// loopback and a neighbour that never answers), calicoctl (Calico's documented sample), stats (the
// bot's own snapshot of real Docker stats).

describe('wg, birdc, calicoctl and stats summaries', () => {
  it('wg show: a peer that never completed a handshake is broken', () => {
    const { server } = rigOf('wg-show');
    const summary = summaryOf('wg', 'wg-show');
    expect(summary.tone).toBe('broken');
    expect(summary.headline).toBe(`1 peer, 0 with a recent handshake; ${server}:51820 never`);
    expect(rowsOf(summary)).toEqual([
      ['stwg0', 'QKhQU27G…', `${server}:51820`, '198.19.30.0/24', 'never', '0 B received, 148 B sent'],
    ]);
  });

  it('wg show: peers with a fresh handshake are fine, the one without is named', () => {
    const { server } = rigOf('wg-show-handshake');
    const summary = summaryOf('wg', 'wg-show-handshake');
    expect(summary.tone).toBe('degraded');
    expect(summary.headline).toBe(`3 peers, 2 with a recent handshake; ${server}:51820 never`);
    expect(rowsOf(summary).map((row) => [row[0], row[2], row[4]])).toEqual([
      ['stwg1', '127.0.0.1:51820', expect.stringMatching(/^\d+ seconds? ago$/)],
      ['stwg0', '127.0.0.1:51821', expect.stringMatching(/^\d+ seconds? ago$/)],
      ['stwg0', `${server}:51820`, 'never'],
    ]);
    expect(summary.measures).toContainEqual({
      key: 'peers.fresh',
      label: 'peers with a recent handshake',
      value: 2,
    });
  });

  it('birdc show protocols: a BGP session not Established degrades, and is named', () => {
    const summary = summaryOf('birdc', 'birdc-protocols');
    expect(summary.tone).toBe('degraded');
    expect(summary.headline).toBe('1 of 2 BGP sessions Established; Node_127_0_0_9 Active');
    expect(rowsOf(summary).map((row) => [row[0], row[5]])).toEqual([
      ['device1', ''],
      ['kernel4', ''],
      ['static4', ''],
      ['Mesh_127_0_0_2', 'Established'],
      ['Node_127_0_0_9', 'Active'],
    ]);
    expect(summary.measures).toContainEqual({
      key: 'bgp.Mesh_127_0_0_2',
      label: 'Mesh_127_0_0_2',
      value: 'Established',
    });
  });

  it('birdc show route: prefixes and where they come from', () => {
    const summary = summaryOf('birdc', 'birdc-route');
    expect(summary.headline).toBe('2 prefixes, 2 routes');
    expect(rowsOf(summary)).toContainEqual([
      '198.19.201.0/26',
      'unreachable',
      'Mesh_127_0_0_2',
      '',
      'master4',
      'best',
    ]);
  });

  it('calicoctl node status: BGP peers from its box table', () => {
    const summary = summaryOf('calicoctl', 'calicoctl-node-status');
    expect(summary.tone).toBe('ok');
    expect(summary.headline).toBe('1 of 1 BGP peer Established');
    expect(rowsOf(summary)).toEqual([
      ['IPv4', '172.17.8.102', 'node-to-node mesh', 'up', '23:30:04', 'Established'],
    ]);
  });

  it('stats: the busiest container leads, or the biggest when sorted by memory', () => {
    const byCpu = summaryOf('stats', 'stats-cpu');
    expect(byCpu.tone).toBe('ok');
    expect(byCpu.headline).toMatch(/^3 containers, busiest st-stats-busy [\d.]+% CPU$/);
    expect(summaryOf('stats', 'stats-memory').headline).toMatch(
      /^3 containers, most memory st-stats-\w+ [\d.]+KiB \/ [\d.]+GiB$/,
    );
    expect(byCpu.measures).toContainEqual({
      key: 'cpu.st-stats-idle',
      label: 'st-stats-idle CPU',
      value: 0,
      unit: '%',
    });
  });

  it('every state tool has a reader', () => {
    for (const tool of [
      'ip',
      'ss',
      'netstat',
      'conntrack',
      'bridge',
      'ethtool',
      'iptables',
      'ipset',
      'ipvsadm',
      'nft',
      'wg',
      'calicoctl',
      'birdc',
      'stats',
    ]) {
      expect(readerOf(tool)).toBeDefined();
    }
  });
});
