import { markGlyphs, verdictText, type Verdict, type VerdictMark } from '../../format/verdict.js';
import { escapeMrkdwn } from '../slack-text.js';

/** Slack's mark for each verdict: the summary's tone, the bot's own failure, a cut-short run. */
const marks: Readonly<Record<VerdictMark, string>> = {
  ok: ':white_check_mark:',
  degraded: ':warning:',
  broken: ':x:',
  failed: ':x:',
  'timed-out': ':stopwatch:',
  canceled: ':no_entry_sign:',
};

/**
 * The verdict (worded once, in src/format/verdict.ts) laid out for Slack: `text`, the blocks' line
 * with Slack's emoji code; `notification`, the same line for the message's `text` field, which
 * notifications and screen readers show, with the emoji itself (a code shows as letters in some
 * notifications). Both escaped: a headline quotes a tool, and the tool quotes the network.
 */
export function slackVerdict(verdict: Verdict): {
  readonly text: string;
  readonly notification: string;
  readonly details: readonly string[];
} {
  const line = verdictText(verdict, { escape: escapeMrkdwn, person: mention });
  return {
    text: `${marks[verdict.mark]} ${line}`,
    notification: `${markGlyphs[verdict.mark]} ${line}`,
    details: verdict.details.map(escapeMrkdwn),
  };
}

/** A Slack user id as a mention; anything else (it never should be) as escaped words. */
export function mention(userId: string): string {
  return /^[UW][A-Z0-9]{2,20}$/.test(userId) ? `<@${userId}>` : escapeMrkdwn(userId);
}
