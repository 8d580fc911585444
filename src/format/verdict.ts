import { formatDuration } from '../catalogue/duration.js';
import type { JobOutcome } from '../worker/reporter.js';
import { summarize } from './summaries/index.js';

/**
 * The first line users read, in the terminal and as the Slack message's new first line (SPEC 5):
 * "dig in netns/a: db.test.internal -> 198.18.64.2 (exit 0, 12ms)". A tool's non-zero exit is a
 * result, said plainly; the bot's own failures say "failed".
 */
export function verdictOf(tool: string, outcome: JobOutcome, options: { raw?: boolean } = {}): string {
  const where = `${tool} in ${outcome.where}`;
  const took = formatDuration(outcome.durationMs);
  switch (outcome.status) {
    case 'failed':
      return `${where} failed: ${(outcome.error ?? 'unknown error').split('\n')[0]}`;
    case 'canceled':
      return `${where} was cancelled after ${took}`;
    case 'timed-out':
      return `${where} timed out after ${took}`;
    case 'completed': {
      const last = outcome.runs[outcome.runs.length - 1]?.result;
      if (!last) return `${where}: done in ${took}`;
      const summary = options.raw ? undefined : summarize(tool, last);
      const exit = last.exitCode === null ? `killed by ${last.signal}` : `exit ${last.exitCode}`;
      return `${where}: ${summary ? `${summary.headline} ` : ''}(${exit}, ${took})`;
    }
  }
}

/** The status a terminal run exits with: the tool's own, or the usual codes for the bot's outcomes. */
export function exitStatusOf(outcome: JobOutcome): number {
  switch (outcome.status) {
    case 'completed':
      return outcome.runs[outcome.runs.length - 1]?.result.exitCode ?? 1;
    case 'timed-out':
      return 124;
    case 'canceled':
      return 130;
    case 'failed':
      return 1;
  }
}
