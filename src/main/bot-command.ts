import type { Command } from 'commander';
import { loadBotConfig } from '../config/env.js';
import type { CliContext } from './cli-context.js';

/**
 * `netshoot-bot bot`: declared here, built in bot.ts. The import is dynamic so that `explain`, `help`
 * and `run` never load Bolt, the Web API client or prom-client (SPEC 8: start-up <= 3x `node -e 0`).
 * The configuration is checked first, so a missing value is reported before those load.
 */
export function registerBot(program: Command, context: CliContext): void {
  program
    .command('bot')
    .description('the Slack app: slash commands, interactivity, /healthz, /readyz, /metrics')
    .action(async () => {
      const { config } = loadBotConfig(context.env);
      const { runBot } = await import('./bot.js');
      await runBot(context, config);
    });
}
