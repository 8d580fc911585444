import { closestNames } from '../../../src/grammar/closest-names.js';

const tools = [
  'dig',
  'drill',
  'host',
  'nslookup',
  'ping',
  'fping',
  'oping',
  'traceroute',
  'tracepath',
  'tcpdump',
  'iperf',
  'iperf3',
];

describe('closestNames', () => {
  it('suggests the tool one letter away first', () => {
    expect(closestNames('digg', tools)[0]).toBe('dig');
  });

  it('suggests every tool that begins with what was typed', () => {
    expect(closestNames('trace', tools)).toEqual(expect.arrayContaining(['traceroute', 'tracepath']));
  });

  it('ignores case', () => {
    expect(closestNames('TCPDUMP', tools)[0]).toBe('tcpdump');
  });

  it('suggests nothing for a word unlike any tool', () => {
    expect(closestNames('kubectl', tools)).toEqual([]);
  });

  it('returns at most the limit, nearest first', () => {
    expect(closestNames('iperf2', tools)).toEqual(['iperf', 'iperf3']);
    expect(closestNames('iperf2', tools, 1)).toEqual(['iperf']);
  });
});

describe('closestNames with swapped letters', () => {
  it('suggests the tool whose two letters were swapped', () => {
    expect(closestNames('dgi', tools)[0]).toBe('dig');
  });
});
