import type { Logger } from 'pino';
import type { Config } from '../config/env.js';
import { ConfigError } from '../config/env.js';
import type { Executor } from './executor.js';
import { createDockerExecutor } from './docker/docker-executor.js';
import { createLocalExecutor } from './local/local-executor.js';
import { createKubernetesExecutorFromConfig } from './kubernetes/kubernetes-from-config.js';

type ExecutorName = Config['NETSHOOT_EXECUTOR'];

/**
 * How each NETSHOOT_EXECUTOR value is built. The docker and kubernetes executors register here with
 * one line each (their factory, from the config); until then choosing them stops the worker with a
 * message instead of failing on the first job.
 */
const factories: Partial<Record<ExecutorName, (config: Config, logger?: Logger) => Executor>> = {
  local: (_config, logger) => createLocalExecutor(logger ? { logger } : {}),
  docker: (config, logger) =>
    createDockerExecutor({
      image: config.NETSHOOT_IMAGE,
      idleMs: config.NETSHOOT_SESSION_IDLE,
      ...(logger ? { logger } : {}),
    }),
  kubernetes: (config, logger) => createKubernetesExecutorFromConfig(config, logger),
};

/**
 * The executors of one worker, in preference order for createExecutorSelector: the configured one
 * first, then local (for `netns/` targets), which every worker can run. `logger` gets the failures
 * they work around (a toolbox not removed, a failed reap).
 */
export function createConfiguredExecutors(config: Config, logger?: Logger): Executor[] {
  const factory = factories[config.NETSHOOT_EXECUTOR];
  if (!factory) {
    throw new ConfigError([
      {
        variable: 'NETSHOOT_EXECUTOR',
        message: `the ${config.NETSHOOT_EXECUTOR} executor is not available in this build; write local, or one of: ${Object.keys(factories).join(', ')}`,
      },
    ]);
  }
  const primary = factory(config, logger);
  return primary.name === 'local' ? [primary] : [primary, createLocalExecutor(logger ? { logger } : {})];
}
