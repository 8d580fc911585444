import { fateOf } from '../errors.js';
import type { Executor, Session } from '../executors/executor.js';
import type { WorkerMetrics } from './worker-metrics.js';

/**
 * An executor as the worker's metrics see it: each session it hands out counts as opened the first
 * time and reused after (executors return their cached session object itself, so identity tells), and
 * whatever it throws counts by its fate (src/errors.ts). Everything else passes through unchanged.
 */
export function countedExecutor(executor: Executor, metrics: WorkerMetrics): Executor {
  const seen = new WeakMap<Session, Session>();
  const counted = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      metrics.countExecutorError(executor.name, fateOf(error));
      throw error;
    }
  };
  const wrap = (session: Session): Session => {
    const known = seen.get(session);
    if (known) {
      metrics.countToolbox(executor.name, 'reused');
      return known;
    }
    metrics.countToolbox(executor.name, 'opened');
    const wrapped: Session = {
      target: session.target,
      artifactDir: session.artifactDir,
      run: (argv, options) => counted(() => session.run(argv, options)),
      start: (argv, options) => counted(() => session.start(argv, options)),
      addressFor: (peer) => counted(() => session.addressFor(peer)),
    };
    seen.set(session, wrapped);
    return wrapped;
  };
  // Every optional method passes through: the worker finds out what an executor can do by its methods.
  const { resolveServicePort, stats, calico, diagnose } = executor;
  return {
    name: executor.name,
    supports: (target) => executor.supports(target),
    open: async (target, options) => wrap(await counted(() => executor.open(target, options))),
    resolveAddress: (target, options) => counted(() => executor.resolveAddress(target, options)),
    ...(resolveServicePort
      ? {
          resolveServicePort: (service, portName, options) =>
            counted(() => resolveServicePort.call(executor, service, portName, options)),
        }
      : {}),
    ...(stats ? { stats: (target, options) => counted(() => stats.call(executor, target, options)) } : {}),
    ...(calico ? { calico: (query) => counted(() => calico.call(executor, query)) } : {}),
    ...(diagnose ? { diagnose: (query) => counted(() => diagnose.call(executor, query)) } : {}),
    reap: () => executor.reap(),
    close: () => executor.close(),
  };
}
