import { formatDuration } from '../grammar/duration.js';
import type { JobOutcome } from '../results/job-outcome.js';
import { summarize } from './summaries/index.js';

/**
 * How a job ended, for a layout that marks it (Slack puts an emoji in front). A tool's non-zero exit
 * is a result (NXDOMAIN, a closed port), a `warning`, not the bot failing: only `failed` is that.
 */
export type VerdictTone = 'ok' | 'warning' | 'failed' | 'canceled' | 'timed-out';

export interface Verdict {
  readonly tone: VerdictTone;
  /** The one line, in plain text: "dig in netns/a: db.test.internal -> 198.18.64.2 (exit 0, 12ms)". */
  readonly line: string;
  /** For `failed`: the error's further lines (hints, "did you mean"), which the line leaves out. */
  readonly details: readonly string[];
}

/**
 * The first line users read, in the terminal and as the Slack message's first line (SPEC 5), worded
 * once here; each surface only lays it out. The tool's summary gives the key fact; the bot's own
 * failures say "failed".
 */
export function verdictOf(tool: string, outcome: JobOutcome, options: { raw?: boolean } = {}): Verdict {
  const where = `${tool} in ${outcome.where}`;
  const took = formatDuration(outcome.durationMs);
  switch (outcome.status) {
    case 'failed': {
      const [first, ...details] = (outcome.error ?? 'unknown error').split('\n');
      return { tone: 'failed', line: `${where} failed: ${first}`, details };
    }
    case 'canceled':
      return { tone: 'canceled', line: `${where} was cancelled after ${took}`, details: [] };
    case 'timed-out':
      return { tone: 'timed-out', line: `${where} timed out after ${took}`, details: [] };
    case 'completed': {
      const last = outcome.runs[outcome.runs.length - 1]?.result;
      if (!last) return { tone: 'ok', line: `${where}: done in ${took}`, details: [] };
      const summary = options.raw ? undefined : summarize(tool, last);
      const exit = last.exitCode === null ? `killed by ${last.signal}` : `exit ${last.exitCode}`;
      return {
        tone: last.exitCode === 0 ? 'ok' : 'warning',
        line: `${where}: ${summary ? `${summary.headline} ` : ''}(${exit}, ${took})`,
        details: [],
      };
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
