import type { Command } from 'commander';
import type { CliContext } from './cli-context.js';

/**
 * `netshoot-bot worker`: declared here, built in worker.ts, which is imported only when the command
 * runs: the executors' clients (dockerode, @kubernetes/client-node) and BullMQ are slow to load.
 */
export function registerWorker(program: Command, context: CliContext): void {
  program
    .command('worker')
    .description('consume jobs of NETSHOOT_CLUSTER and run them through NETSHOOT_EXECUTOR')
    .action(async () => {
      const { runWorker } = await import('./worker.js');
      await runWorker(context);
    });
}
