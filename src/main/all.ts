import { pino } from 'pino';
import type { Config } from '../config/env.js';
import { createConfiguredExecutors } from '../executors/configured-executors.js';
import type { CliContext } from './cli-context.js';
import { reportUnreachable, startBot } from './bot.js';
import { untilStopSignal } from './until-stop-signal.js';
import { startReportingWorker } from './worker.js';

/**
 * `netshoot-bot all` (SPEC 2, the default of `npm start` and docker-compose; all-command.ts declares
 * it): the Slack app and a worker in one process, the worker reporting to Slack.
 *
 * Start-up checks everything before the worker exists: the whole configuration (the bot's Slack
 * values and the worker's executor), then the Slack app proves that Slack and Redis answer. A
 * container that restarts on a bad .env therefore never takes a queued job it cannot report. On
 * SIGTERM the app stops taking commands first, then the worker finishes or hands back its running jobs.
 */
export async function runAll(context: CliContext, config: Config): Promise<void> {
  const executors = createConfiguredExecutors(config);
  const logger = pino({ level: config.LOG_LEVEL });
  const closeExecutors = () => Promise.all(executors.map((executor) => executor.close()));
  const bot = await startBot(config, { logger, commands: context.commands }).catch(async (error: unknown) => {
    await closeExecutors();
    return reportUnreachable(context)(error);
  });
  if (!bot) return;
  // Whatever stops the worker's start, the app must not stay up alone: nothing would run its jobs.
  const stopBot = async () => {
    await bot.stop();
    await closeExecutors();
  };
  const worker = await startReportingWorker(config, logger, context, executors).catch(
    async (error: unknown) => {
      await stopBot();
      throw error;
    },
  );
  if (!worker) {
    await stopBot();
    return;
  }
  const signal = await untilStopSignal();
  logger.info({ signal }, 'stopping: the Slack app first, then the worker');
  await bot.stop();
  await worker.stop();
}
