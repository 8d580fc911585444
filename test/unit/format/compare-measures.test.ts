import { compareMeasures, formatNumber } from '../../../src/format/compare-measures.js';
import type { Measure } from '../../../src/format/summaries/summary.js';

const rtt = (value: number): Measure => ({ key: 'rtt.avg', label: 'avg RTT', value, unit: 'ms' });
const loss = (value: number): Measure => ({ key: 'loss', label: 'loss', value, unit: '%' });
const port = (value: string): Measure => ({ key: 'port.5432', label: '5432', value });
const answer = (value: string): Measure => ({ key: 'answer.A', label: 'A record', value });

describe('what changed since the same command last ran', () => {
  it('says a latency that grew many times over with its ratio', () => {
    expect(compareMeasures([rtt(0.19)], [rtt(12.4)])).toEqual(['avg RTT 0.19 ms → 12.4 ms (×65)']);
  });

  it('says a drop with its ratio the other way, and a smaller change in percent', () => {
    expect(compareMeasures([rtt(40)], [rtt(10)])).toEqual(['avg RTT 40 ms → 10 ms (÷4)']);
    expect(compareMeasures([rtt(40)], [rtt(52)])).toEqual(['avg RTT 40 ms → 52 ms (+30%)']);
    expect(compareMeasures([rtt(40)], [rtt(25)])).toEqual(['avg RTT 40 ms → 25 ms (-38%)']);
    expect(compareMeasures([rtt(4)], [rtt(10)])).toEqual(['avg RTT 4 ms → 10 ms (×2.5)']);
  });

  it('keeps quiet about jitter: under a fifth, or under the unit floor', () => {
    expect(compareMeasures([rtt(40)], [rtt(46)])).toEqual([]);
    // ×1.8 on loopback is noise: 0.4 ms is under the 1 ms floor.
    expect(compareMeasures([rtt(0.05)], [rtt(0.45)])).toEqual([]);
    expect(compareMeasures([rtt(12)], [rtt(12)])).toEqual([]);
  });

  it('says loss in points, and a change from zero without a ratio', () => {
    expect(compareMeasures([loss(0)], [loss(30)])).toEqual(['loss 0% → 30% (+30 points)']);
    const hops = (value: number): Measure => ({ key: 'hops', label: 'hops', value });
    expect(compareMeasures([hops(0)], [hops(5)])).toEqual(['hops 0 → 5']);
  });

  it('says a state that changed as it was and as it is', () => {
    expect(compareMeasures([port('open')], [port('refused')])).toEqual(['5432 was open, now refused']);
    expect(compareMeasures([answer('10.0.0.5')], [answer('10.0.0.9')])).toEqual([
      'A record was 10.0.0.5, now 10.0.0.9',
    ]);
    expect(compareMeasures([port('open')], [port('open')])).toEqual([]);
  });

  it('says what appeared and what vanished', () => {
    expect(compareMeasures([rtt(0.2)], [])).toEqual(['avg RTT was 0.2 ms, now none']);
    expect(compareMeasures([], [answer('10.0.0.9')])).toEqual(['A record now 10.0.0.9, none before']);
  });

  it('puts states first, then presence, then the biggest numeric change', () => {
    const tput = (value: number): Measure => ({ key: 'tput', label: 'throughput', value, unit: 'Mbit/s' });
    const lines = compareMeasures(
      [rtt(10), tput(900), loss(0), port('open')],
      [rtt(100), tput(450), loss(0), port('refused'), answer('10.0.0.9')],
    );
    expect(lines).toEqual([
      '5432 was open, now refused',
      'A record now 10.0.0.9, none before',
      'avg RTT 10 ms → 100 ms (×10)',
      'throughput 900 Mbit/s → 450 Mbit/s (÷2)',
    ]);
  });

  it('says at most five lines, the last counting the rest', () => {
    const ports = (value: string) =>
      Array.from({ length: 8 }, (_, index) => ({ key: `port.${index}`, label: `${index}`, value }));
    const lines = compareMeasures(ports('open'), ports('closed'));
    expect(lines).toHaveLength(5);
    expect(lines.slice(0, 4)).toEqual([
      '0 was open, now closed',
      '1 was open, now closed',
      '2 was open, now closed',
      '3 was open, now closed',
    ]);
    expect(lines[4]).toBe('and 4 more changes');
  });

  it('writes numbers with three significant digits', () => {
    expect([0.19, 12.44, 941.6, 0.012345, 3, 1234.5].map(formatNumber)).toEqual([
      '0.19',
      '12.4',
      '942',
      '0.0123',
      '3',
      '1235',
    ]);
  });
});
