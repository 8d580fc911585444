import { TargetUnavailableError } from '../../../src/errors.js';
import type { Executor } from '../../../src/executors/executor.js';
import { createLocalExecutor } from '../../../src/executors/local/local-executor.js';
import { createExecutorSelector } from '../../../src/executors/select-executor.js';

/** Only `name` and `supports` matter to the selector; the rest is never called. */
function servingKinds(name: Executor['name'], kinds: string[]): Executor {
  const unused = () => {
    throw new Error('not used by the selector');
  };
  return {
    name,
    supports: (target) => kinds.includes(target.kind),
    open: unused,
    resolveAddress: unused,
    reap: unused,
    close: unused,
  };
}

describe('choosing the executor for a target', () => {
  const local = createLocalExecutor();
  const docker = servingKinds('docker', ['container', 'service', 'network', 'host']);

  it('gives host to the configured executor first and netns/ to local on any worker', () => {
    const select = createExecutorSelector([docker, local]);
    expect(select({ kind: 'host', name: '' }).name).toBe('docker');
    expect(select({ kind: 'netns', name: 'a' }).name).toBe('local');
    expect(select({ kind: 'container', name: 'web' }).name).toBe('docker');
    expect(createExecutorSelector([local])({ kind: 'host', name: '' }).name).toBe('local');
  });

  it('says which executors this worker has when none serves the target', () => {
    const select = createExecutorSelector([local]);
    expect(() => select({ kind: 'pod', name: 'web' })).toThrow(TargetUnavailableError);
    expect(() => select({ kind: 'pod', name: 'web' })).toThrow('no executor on this worker serves pod/web');
  });
});
