import type { Logger } from 'pino';
import type { Reporter } from './reporter.js';

/** A worker's own record of what it did: one log line per stage and per result, with the job id. */
export function createLogReporter(logger: Logger): Reporter {
  return {
    async progress(_job, event) {
      logger.debug({ jobId: event.jobId, stage: event.stage, detail: event.detail }, 'job progress');
    },
    async result(job, outcome) {
      const last = outcome.runs[outcome.runs.length - 1]?.result;
      logger.info(
        {
          jobId: outcome.jobId,
          tool: job.request.tool,
          where: outcome.where,
          status: outcome.status,
          exitCode: last?.exitCode,
          durationMs: outcome.durationMs,
          via: job.origin.via,
          ...(outcome.restarted ? { restarted: true } : {}),
          ...(outcome.error === undefined ? {} : { error: outcome.error }),
        },
        'job finished',
      );
    },
  };
}
