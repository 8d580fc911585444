import type { Command } from 'commander';
import { loadConfig } from '../config/env.js';
import type { CliContext } from './cli-context.js';

/**
 * `netshoot-bot worker`: declared here, built in worker.ts, which is imported only when the command
 * runs: the executors' clients (dockerode, @kubernetes/client-node) and BullMQ are slow to load. The
 * configuration is checked before that.
 */
export function registerWorker(program: Command, context: CliContext): void {
  program
    .command('worker')
    .description('consume jobs of NETSHOOT_CLUSTER and run them through NETSHOOT_EXECUTOR')
    .action(async () => {
      const config = loadConfig(context.env);
      const { runWorker } = await import('./worker.js');
      await runWorker(context, config);
    });
}
