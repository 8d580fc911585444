import { formatDuration } from '../../catalogue/duration.js';
import type { JobOutcome } from '../../worker/reporter.js';

/**
 * The first line of a finished job, the one people read on an incident bridge. A tool's non-zero
 * exit is a result (NXDOMAIN, a closed port), shown as a warning, not as the bot failing.
 */
export function verdictLine(tool: string, outcome: JobOutcome): string {
  const took = formatDuration(outcome.durationMs);
  switch (outcome.status) {
    case 'completed': {
      const main = outcome.runs.at(-1)?.result;
      const exit = main?.exitCode ?? null;
      if (exit === 0) return `:white_check_mark: \`${tool}\` finished in ${took}`;
      if (exit === null && main?.signal)
        return `:warning: \`${tool}\` was stopped by ${main.signal} after ${took}`;
      return `:warning: \`${tool}\` exited with status ${exit ?? 'unknown'} after ${took}`;
    }
    case 'failed':
      return `:x: \`${tool}\` could not run: ${outcome.error ?? 'internal error'}`;
    case 'canceled':
      return `:no_entry_sign: \`${tool}\` was cancelled after ${took}`;
    case 'timed-out':
      return `:hourglass: \`${tool}\` hit its time limit after ${took}`;
  }
}
