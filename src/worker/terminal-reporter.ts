import { formatDuration } from '../grammar/duration.js';
import { renderOutcomeText } from '../format/render-text.js';
import type { Reporter } from './reporter.js';

const stageWords = {
  queued: 'queued',
  'opening-session': 'opening session',
  running: 'running',
  done: 'done',
} as const;

/**
 * Progress as lines on the terminal's stderr ("[0.1s] running: dig db A"), and, with `printResult`,
 * the rendered result on `writeResult`. `run` prints the result itself (from Redis, so it works with a
 * remote worker too), and uses this for progress only.
 */
export function createTerminalReporter(options: {
  readonly writeProgress: (text: string) => void;
  readonly writeResult?: (text: string) => void;
}): Reporter {
  // What each job's last line said: a running tool reports every few seconds, and a line that would
  // only repeat the one before (same stage, same detail, nothing new found) is not printed again.
  const lastSaid = new Map<string, string>();
  return {
    async progress(_job, event) {
      const detail = event.detail ? `: ${event.detail}` : '';
      const found = event.found ? ` (${event.found})` : '';
      const line = `${stageWords[event.stage]}${detail}${found}`;
      if (lastSaid.get(event.jobId) === line) return;
      lastSaid.set(event.jobId, line);
      options.writeProgress(`[${formatDuration(event.elapsedMs)}] ${line}\n`);
    },
    async result(job, outcome) {
      lastSaid.delete(outcome.jobId);
      options.writeResult?.(
        renderOutcomeText(outcome, {
          tool: job.request.tool,
          raw: job.request.options.raw,
          ...(job.request.options.grep ? { grep: job.request.options.grep } : {}),
        }),
      );
    },
  };
}
