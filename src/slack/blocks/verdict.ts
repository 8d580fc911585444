import { verdictOf, type VerdictTone } from '../../format/verdict.js';
import type { JobOutcome } from '../../results/job-outcome.js';
import { escapeMrkdwn } from '../slack-text.js';

/** Slack's mark for each tone: a tool's non-zero exit is a warning, never the bot's :x:. */
const marks: Record<VerdictTone, string> = {
  ok: ':white_check_mark:',
  warning: ':warning:',
  failed: ':x:',
  canceled: ':no_entry_sign:',
  'timed-out': ':hourglass:',
};

/**
 * The verdict (worded once, in src/format/verdict.ts) laid out for Slack: its mark, then the line,
 * escaped. `details` are a failure's further lines (hints), for the thread reply.
 */
export function verdictLine(
  tool: string,
  outcome: JobOutcome,
  options: { raw?: boolean } = {},
): { readonly text: string; readonly details: readonly string[] } {
  const verdict = verdictOf(tool, outcome, options);
  return {
    text: `${marks[verdict.tone]} ${escapeMrkdwn(verdict.line)}`,
    details: verdict.details.map(escapeMrkdwn),
  };
}
