import { pino, type Logger } from 'pino';
import type { Config } from '../config/env.js';
import { createConfiguredExecutors } from '../executors/configured-executors.js';
import type { Executor } from '../executors/executor.js';
import type { CliContext } from './cli-context.js';
import { reportUnreachable, startBot, type RunningBot } from './bot.js';
import { listenForStopSignal } from './until-stop-signal.js';
import { startReportingWorker } from './worker.js';

/**
 * `netshoot-bot all` (SPEC 2, the default of `npm start` and docker-compose; all-command.ts declares
 * it): the Slack app and a worker in one process, the worker reporting to Slack.
 *
 * Start-up checks everything before the worker exists: the whole configuration (the bot's Slack
 * values and the worker's executor), then the Slack app proves that Slack and Redis answer. A
 * container that restarts on a bad .env therefore never takes a queued job it cannot report.
 *
 * On SIGTERM the worker stops first: it takes no new job at once and finishes or cuts short its
 * running ones (NETSHOOT_WORKER_GRACE). The app keeps answering meanwhile and queues what comes,
 * "waiting for a worker", for the next process's worker; then it stops, with every acked command
 * queued. So a restart leaves Slack unanswered only while the new process starts, not for the grace.
 */
export async function runAll(context: CliContext, config: Config): Promise<void> {
  const logger = pino({ level: config.LOG_LEVEL });
  const executors = createConfiguredExecutors(config, logger);
  const stopSignal = listenForStopSignal();
  let started: { bot: RunningBot; worker: { stop(graceMs?: number): Promise<void> } } | undefined;
  try {
    started = await start(context, config, logger, executors);
  } finally {
    if (!started) stopSignal.dispose();
  }
  if (!started) return;
  const signal = await stopSignal.received;
  logger.info({ signal }, 'stopping: the worker first, the Slack app queueing meanwhile, then the app');
  await started.worker.stop();
  await started.bot.stop();
}

/** The Slack app, then the worker; undefined (the line told) or a throw when either cannot start. */
async function start(context: CliContext, config: Config, logger: Logger, executors: Executor[]) {
  const closeExecutors = () => Promise.all(executors.map((executor) => executor.close()));
  const bot = await startBot(config, { logger, commands: context.commands }).catch(async (error: unknown) => {
    await closeExecutors();
    return reportUnreachable(context)(error);
  });
  if (!bot) return undefined;
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
    return undefined;
  }
  return { bot, worker };
}
