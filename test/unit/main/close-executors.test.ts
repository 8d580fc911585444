import { pino } from 'pino';
import type { Executor } from '../../../src/executors/executor.js';
import { closeExecutors } from '../../../src/main/close-executors.js';

/** An executor that only closes and reaps, as `close` and `reap` say. */
function executorThat(close: () => Promise<void>, reap: () => Promise<number>, calls: string[]): Executor {
  return {
    name: 'docker',
    supports: () => true,
    open: () => Promise.reject(new Error('not in this test')),
    resolveAddress: () => Promise.reject(new Error('not in this test')),
    async close() {
      calls.push('close');
      await close();
    },
    async reap() {
      calls.push('reap');
      return reap();
    },
  } as Executor;
}

describe('closeExecutors, the last step of a worker stop', () => {
  const logger = pino({ level: 'silent' });

  it('closes each executor, then reaps what it left, and counts what the reaps removed', async () => {
    const calls: string[] = [];
    const removed = await closeExecutors(
      [
        executorThat(
          async () => undefined,
          async () => 2,
          calls,
        ),
      ],
      logger,
    );
    expect(calls).toEqual(['close', 'reap']);
    expect(removed).toBe(2);
  });

  it('gives up on an executor that does not close within the bound, leaving it to the next worker', async () => {
    const calls: string[] = [];
    const started = performance.now();
    const removed = await closeExecutors(
      [
        executorThat(
          () => new Promise<void>(() => undefined),
          async () => 1,
          calls,
        ),
        executorThat(
          () => Promise.reject(new Error('engine away')),
          async () => 1,
          [],
        ),
      ],
      logger,
      200,
    );
    expect(performance.now() - started).toBeLessThan(2000);
    expect(calls).toEqual(['close']);
    expect(removed).toBe(0);
  });
});
