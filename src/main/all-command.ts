import type { Command } from 'commander';
import { loadBotConfig } from '../config/env.js';
import type { CliContext } from './cli-context.js';

/**
 * `netshoot-bot all`: declared here, built in all.ts (imported when the command runs, see
 * bot-command.ts). The whole configuration, the bot's and the worker's, is checked before that import:
 * a container without its .env says what is missing at once, and starts nothing.
 */
export function registerAll(program: Command, context: CliContext): void {
  program
    .command('all')
    .description('the Slack app and a worker in one process')
    .action(async () => {
      const { config } = loadBotConfig(context.env);
      const { runAll } = await import('./all.js');
      await runAll(context, config);
    });
}
