import { createBudget, minimumProbeMs } from '../../../src/diagnose/budget.js';

describe('the bound of a diagnosis', () => {
  it('grants a probe what it asks while enough remains, then only what remains, then nothing', () => {
    let now = 1000;
    const budget = createBudget(5000, new AbortController().signal, () => now);
    expect(budget.grant(3000)).toBe(3000);
    now += 3000;
    // 5000 less the 400 ms reserve, less the 3000 spent.
    expect(budget.grant(3000)).toBe(1600);
    now += 1600 - minimumProbeMs + 1;
    expect(budget.grant(3000)).toBeUndefined();
    expect(budget.exhausted()).toBe('no time left within the 5 s bound (--timeout gives more, up to 60 s)');
    expect(budget.elapsedMs()).toBe(3000 + 1600 - minimumProbeMs + 1);
  });

  it('grants nothing once the job is canceled, and says so', () => {
    const cancel = new AbortController();
    const budget = createBudget(20_000, cancel.signal);
    expect(budget.grant(1000)).toBe(1000);
    cancel.abort();
    expect(budget.grant(1000)).toBeUndefined();
    expect(budget.exhausted()).toMatch(/canceled or reached its deadline/);
  });
});
