import type { Command } from 'commander';
import { pino } from 'pino';
import { loadConfig } from '../config/env.js';
import type { CliContext } from './cli-context.js';
import { reportUnreachable, startBot } from './bot.js';
import { untilStopSignal } from './until-stop-signal.js';
import { startReportingWorker } from './worker.js';

/**
 * `netshoot-bot all` (SPEC 2, the default of `npm start` and docker-compose): the Slack app and a
 * worker in one process, the worker reporting to Slack. On SIGTERM the app stops taking commands
 * first, then the worker finishes or hands back its running jobs.
 */
export function registerAll(program: Command, context: CliContext): void {
  program
    .command('all')
    .description('the Slack app and a worker in one process')
    .action(async () => {
      const config = loadConfig(context.env);
      const logger = pino({ level: config.LOG_LEVEL });
      const unreachable = reportUnreachable(context);
      const worker = await startReportingWorker(config, logger, context);
      if (!worker) return;
      const bot = await startBot(config, { logger, commands: context.commands }).catch(
        async (error: unknown) => {
          await worker.stop(0);
          return unreachable(error);
        },
      );
      if (!bot) return;
      const signal = await untilStopSignal();
      logger.info({ signal }, 'stopping: the Slack app first, then the worker');
      await bot.stop();
      await worker.stop();
    });
}
