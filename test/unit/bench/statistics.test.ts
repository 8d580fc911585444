import { percentile, ratesByKey, summarise } from '../../../bench/e2e/statistics.js';

describe('the benches’ statistics', () => {
  const hundred = Array.from({ length: 100 }, (_, index) => index + 1);

  it('takes the nearest rank: p50 of 1..100 is 50, p99 is 99, p100 the largest', () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
  });

  it('makes p99 of fewer than 100 samples the slowest, never an interpolation below it', () => {
    expect(percentile([10, 20, 30], 99)).toBe(30);
    expect(percentile([10, 20, 30], 50)).toBe(20);
  });

  it('says NaN for no samples rather than a number nobody measured', () => {
    expect(percentile([], 50)).toBeNaN();
  });

  it('sorts before it ranks', () => {
    expect(summarise([5, 1, 4, 2, 3])).toEqual({ p50: 3, p99: 5 });
  });

  it('counts each key per command, by key in order', () => {
    const rates = ratesByKey(['chat.update', 'chat.postMessage', 'chat.update', 'chat.update'], 2);
    expect([...rates]).toEqual([
      ['chat.postMessage', 0.5],
      ['chat.update', 1.5],
    ]);
  });
});
