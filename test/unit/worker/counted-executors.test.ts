import { describe, expect, it } from '@jest/globals';
import type { Executor } from '../../../src/executors/executor.js';
import type { RunResult } from '../../../src/results/run-result.js';
import { countedExecutor } from '../../../src/worker/counted-executors.js';
import type { WorkerMetrics } from '../../../src/worker/worker-metrics.js';

const answer: RunResult = {
  argv: ['calicoctl', 'get', 'ippools'],
  exitCode: 0,
  signal: null,
  timedOut: false,
  canceled: false,
  stdout: 'NAME   CIDR\n',
  stderr: '',
  truncated: false,
  durationMs: 1,
  artifacts: [],
};

function recordingMetrics(): WorkerMetrics & { errors: string[] } {
  const errors: string[] = [];
  return {
    errors,
    countExecutorError: (executor: string, kind: string) => errors.push(`${executor}:${kind}`),
    countToolbox: () => undefined,
  } as unknown as WorkerMetrics & { errors: string[] };
}

const kubernetes: Executor = {
  name: 'kubernetes',
  supports: () => true,
  open: () => Promise.reject(new Error('not opened in this test')),
  resolveAddress: () => Promise.resolve('198.18.0.1'),
  calico: () => Promise.resolve(answer),
  diagnose: () => Promise.resolve({ findings: [], endpoints: [] }),
  reap: () => Promise.resolve(0),
  close: () => Promise.resolve(),
};

describe('the worker’s counted executors', () => {
  it('keep the API methods the worker finds by their presence (calicoctl without its binary, diagnose)', async () => {
    const counted = countedExecutor(kubernetes, recordingMetrics());
    await expect(counted.calico!({} as never)).resolves.toBe(answer);
    await expect(counted.diagnose!({} as never)).resolves.toEqual({ findings: [], endpoints: [] });
  });

  it('add no method the executor lacks', () => {
    const { calico: _calico, diagnose: _diagnose, ...bare } = kubernetes;
    const counted = countedExecutor(bare, recordingMetrics());
    expect(counted.calico).toBeUndefined();
    expect(counted.diagnose).toBeUndefined();
    expect(counted.stats).toBeUndefined();
  });

  it('count what an API method throws by its fate', async () => {
    const metrics = recordingMetrics();
    const failing = countedExecutor(
      { ...kubernetes, calico: () => Promise.reject(new Error('boom')) },
      metrics,
    );
    await expect(failing.calico!({} as never)).rejects.toThrow('boom');
    expect(metrics.errors).toHaveLength(1);
  });
});
