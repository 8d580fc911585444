import { summarize } from '../../../../../src/format/summaries/index.js';
import { loadToolOutput, rigOf } from '../../load-tool-output.js';
import { rowsOf, summaryOf } from './helpers.js';

// iptables, nft, ipset, conntrack and ipvsadm, from rules and sets the recorder made in the client
// namespace (test/fixtures/record/cases-state.ts): a chain of our own, a DROP policy on FORWARD, NAT.

describe('firewall summaries', () => {
  it('iptables -L -n -v: rules per chain, the DROP policy said', () => {
    const summary = summaryOf('iptables', 'iptables-filter');
    expect(summary.tone).toBe('ok');
    expect(summary.headline).toBe('6 rules in 4 chains (filter), FORWARD policy DROP');
    expect(summary.facts).toEqual(['FORWARD drops what no rule accepts (policy DROP)']);
    expect(rowsOf(summary)).toEqual([
      ['INPUT', 'ACCEPT', '4'],
      ['FORWARD', 'DROP', '0'],
      ['OUTPUT', 'ACCEPT', '0'],
      ['ST-WEB', '-', '2'],
    ]);
    expect(summary.measures).toContainEqual({
      key: 'policy.filter.FORWARD',
      label: 'FORWARD policy',
      value: 'DROP',
    });
    expect(summary.measures).toContainEqual({ key: 'rules.filter', label: 'filter rules', value: 6 });
  });

  it('iptables -S counts the same rules from the rule listing', () => {
    const summary = summaryOf('iptables', 'iptables-rules');
    expect(summary.headline).toBe('6 rules in 4 chains (filter), FORWARD policy DROP');
  });

  it('iptables -t nat names the table', () => {
    const summary = summaryOf('iptables', 'iptables-nat');
    expect(summary.headline).toBe('2 rules in 4 chains (nat)');
    expect(summary.measures).toContainEqual({
      key: 'rules.nat.POSTROUTING',
      label: 'POSTROUTING rules',
      value: 1,
    });
  });

  it('nft list ruleset: chains with hooks and policies, sets with their sizes', () => {
    for (const name of ['nft-ruleset', 'nft-image-ruleset']) {
      const summary = summaryOf('nft', name);
      expect(summary.headline).toBe('3 rules in 2 chains, 1 table; forward policy drop');
      expect(rowsOf(summary)).toEqual([
        ['inet st', 'input', 'input', 'accept', '3'],
        ['inet st', 'forward', 'forward', 'drop', '0'],
      ]);
      expect(rowsOf(summary, 'sets')).toEqual([['inet st', 'blocked', '2']]);
      expect(summary.measures).toContainEqual({
        key: 'policy.inet.st.forward',
        label: 'forward policy',
        value: 'drop',
      });
    }
  });

  it('nft -j list ruleset reads the same from nft’s JSON', () => {
    const summary = summaryOf('nft', 'nft-json');
    expect(summary.headline).toBe('3 rules in 2 chains, 1 table; forward policy drop');
    expect(rowsOf(summary)).toEqual([
      ['inet st', 'input', 'input', 'accept', '3'],
      ['inet st', 'forward', 'forward', 'drop', '0'],
    ]);
    expect(rowsOf(summary, 'sets')).toEqual([['inet st', 'blocked', '2']]);
  });

  it('ipset list and -t list: sets, types and entries', () => {
    for (const name of ['ipset-list', 'ipset-terse']) {
      const summary = summaryOf('ipset', name);
      expect(summary.headline).toBe('3 sets, 4 entries');
      expect(rowsOf(summary)).toEqual([
        ['st-allow', 'hash:ip', '3', '0'],
        ['st-nets', 'hash:net', '1', '0'],
        ['st-empty', 'hash:ip,port', '0', '0'],
      ]);
    }
  });

  it('conntrack -L: entries by protocol and state, the top destinations', () => {
    const { server } = rigOf('conntrack-list');
    const summary = summaryOf('conntrack', 'conntrack-list');
    expect(summary.tone).toBe('ok');
    expect(summary.headline).toBe('5 tracked connections: 4 tcp, 1 icmp');
    expect(rowsOf(summary, 'by protocol and state')).toEqual([
      ['tcp', 'ESTABLISHED', '3'],
      ['icmp', '-', '1'],
      ['tcp', 'TIME_WAIT', '1'],
    ]);
    expect(rowsOf(summary, 'top destinations')).toEqual([[server, '5']]);
  });

  it('many connection attempts never answered: degraded, the silent destination on top', () => {
    const silent = rigOf('conntrack-unreplied').server.replace(/\.\d+$/, '.99');
    const summary = summaryOf('conntrack', 'conntrack-unreplied');
    expect(summary.tone).toBe('degraded');
    expect(summary.headline).toBe('14 tracked connections: 13 tcp, 1 icmp; 12 TCP attempts unanswered');
    expect(rowsOf(summary, 'by protocol and state')[0]).toEqual(['tcp', 'SYN_SENT', '12']);
    expect(rowsOf(summary, 'top destinations')[0]).toEqual([silent, '12']);
  });

  it('conntrack -C and -S', () => {
    expect(summaryOf('conntrack', 'conntrack-count').headline).toBe('2 tracked connections');
    const stats = summaryOf('conntrack', 'conntrack-stats');
    expect(stats.tone).toBe('ok');
    expect(stats.headline).toBe('no drops, 0 invalid');
    expect(stats.measures).toContainEqual({ key: 'stats.drop', label: 'drop', value: 0 });
  });

  it('ipvsadm where the kernel has no IPVS says so, and where the rules are instead', () => {
    const recorded = loadToolOutput('ipvsadm-no-ipvs');
    expect(recorded.stderr).toMatch(/Can't initialize ipvs/);
    const summary = summarize('ipvsadm', recorded);
    expect(summary?.tone).toBe('degraded');
    expect(summary?.headline).toBe('no IPVS in this kernel (the ip_vs module is not loaded)');
  });
});
