import type { Command } from 'commander';
import type { CliContext } from './cli-context.js';

/** `netshoot-bot all`: declared here, built in all.ts (imported when the command runs, see bot-command.ts). */
export function registerAll(program: Command, context: CliContext): void {
  program
    .command('all')
    .description('the Slack app and a worker in one process')
    .action(async () => {
      const { runAll } = await import('./all.js');
      await runAll(context);
    });
}
