import { formatDuration } from '../grammar/duration.js';
import type { JobOutcome, OutcomeResult } from '../results/job-outcome.js';
import { summarize, type Summary } from './summaries/index.js';

/**
 * How a job ended, as a person judges it. The first three are the summary's tone (what the tool
 * found, issue 13), or, for a tool without a summary, its exit status; `failed` is the bot's own
 * failure; a deadline or a cancel marks what came as cut short, whatever it found.
 */
export type VerdictMark = 'ok' | 'degraded' | 'broken' | 'failed' | 'timed-out' | 'canceled';

/** The marks as plain text shows them (the terminal, Slack's notification text). */
export const markGlyphs: Readonly<Record<VerdictMark, string>> = {
  ok: '✅',
  degraded: '⚠️',
  broken: '❌',
  failed: '❌',
  'timed-out': '⏱️',
  canceled: '🚫',
};

/** Why a job's result is partial: the deadline, someone's cancel, or its worker stopping (SIGTERM). */
export type CutShort =
  | { readonly by: 'deadline'; readonly deadline?: string; readonly after: string }
  | { readonly by: 'cancel'; readonly who?: string; readonly after: string }
  | { readonly by: 'worker-restart'; readonly after: string };

export interface Verdict {
  readonly mark: VerdictMark;
  /** The key fact: the summary's headline, the bot's "failed: why", or words from the output. */
  readonly headline: string;
  readonly tool: string;
  /** Where it ran, as the outcome says it: "pod/web (ns default)". */
  readonly where: string;
  readonly cutShort?: CutShort;
  /** How long the job took: "229ms". */
  readonly took: string;
  /** "exit 7", "killed by SIGKILL": said where no summary judged the run, so the status still shows. */
  readonly exit?: string;
  /** For `failed`: the error's further lines (hints, "did you mean"), which the line leaves out. */
  readonly details: readonly string[];
  /** The summary the headline came from, for the layouts' facts and tables. */
  readonly summary?: Summary;
}

export interface VerdictContext {
  /** `--raw`: no parsed summary (SPEC 3); the headline then comes from the output's own words. */
  readonly raw?: boolean;
  /** The job's deadline (`--timeout`), for "cut short by the 30s deadline". */
  readonly deadlineMs?: number;
  /** Who canceled it (a Slack user id): the layouts turn it into a mention. */
  readonly canceledBy?: string;
}

/**
 * The verdict of a job, worded once here (STYLE.md: one result, one verdict, many layouts): the
 * terminal, the channel message, the thread and the notification only lay it out. The tool's summary
 * decides the mark from what it found; the bot's own failures say "failed"; a deadline or a cancel
 * keeps the summary of what came, marked as cut short.
 */
export function verdictOf(tool: string, outcome: JobOutcome, context: VerdictContext = {}): Verdict {
  const base = { tool, where: outcome.where, took: formatDuration(outcome.durationMs) };
  if (outcome.status === 'failed') {
    const [first, ...details] = (outcome.error ?? 'unknown error').split('\n');
    return { ...base, mark: 'failed', headline: clip(`failed: ${first ?? 'unknown error'}`), details };
  }
  const last = outcome.runs.at(-1)?.result;
  const summary = last && !context.raw ? summarize(tool, last) : undefined;
  const judged = summary
    ? { mark: summary.tone, headline: summary.headline }
    : judgeByOutput(last, outcome.status === 'completed');
  const exit = summary || !last || outcome.status !== 'completed' ? undefined : exitOf(last);
  return {
    ...base,
    mark: judged.mark,
    headline: clip(judged.headline),
    details: [],
    ...(outcome.status === 'completed'
      ? {}
      : { mark: outcome.status, cutShort: cutShortOf(outcome, context) }),
    ...(exit && exit !== 'exit 0' ? { exit } : {}),
    ...(summary ? { summary } : {}),
  };
}

/**
 * The verdict's one line without its mark: `<headline> · <tool> · <where>`, then how it was cut
 * short. `escape` makes tool and user words safe for a surface (Slack's mrkdwn); `person` names the
 * one who canceled (a mention in Slack).
 */
export function verdictText(
  verdict: Verdict,
  layout: { readonly escape?: (text: string) => string; readonly person?: (userId: string) => string } = {},
): string {
  const escape = layout.escape ?? ((text: string) => text);
  const line = [verdict.headline, verdict.tool, verdict.where].map(escape).join(' · ');
  const cut = verdict.cutShort;
  if (!cut) return line;
  if (cut.by === 'deadline') {
    return `${line} — cut short by the ${cut.deadline === undefined ? `deadline after ${cut.after}` : `${cut.deadline} deadline`}`;
  }
  if (cut.by === 'worker-restart') return `${line} — cut short by a worker restart after ${cut.after}`;
  const who = cut.who === undefined ? '' : ` by ${(layout.person ?? ((id: string) => `@${id}`))(cut.who)}`;
  return `${line} — canceled${who} after ${cut.after}`;
}

/** The line as plain text shows it, its mark first: the terminal's first line. */
export function verdictPlainLine(verdict: Verdict): string {
  return `${markGlyphs[verdict.mark]} ${verdictText(verdict)}`;
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

/**
 * A headline longer than this is cut: it has to fit a notification and the channel's first line, and
 * a tool's last words or an error can be any length. The thread still has the whole of them.
 */
const headlineChars = 200;

function clip(headline: string): string {
  return headline.length > headlineChars ? `${headline.slice(0, headlineChars - 1)}…` : headline;
}

/**
 * A run no summary read: the mark from its exit status, the words from what it printed. A failing
 * tool's last stderr line says why in its own words ("curl: (7) Failed to connect ..."), which
 * "exit status 7" alone does not.
 */
function judgeByOutput(
  result: OutcomeResult | undefined,
  completed: boolean,
): { mark: VerdictMark; headline: string } {
  if (!result) return { mark: 'ok', headline: completed ? 'done, no output' : 'no output' };
  const succeeded = result.exitCode === 0;
  const lastLine = (text: string) =>
    text
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .at(-1);
  const said = succeeded && completed ? undefined : (lastLine(result.stderr) ?? lastLine(result.stdout));
  const lines = result.stdout.split('\n').filter((line) => line.trim() !== '').length;
  const headline =
    said ??
    (succeeded || !completed
      ? `${completed ? 'done, ' : ''}${lines === 0 ? 'no output' : `${lines} line${lines === 1 ? '' : 's'} of output`}`
      : `${exitOf(result)}, no output`);
  return {
    mark: succeeded ? 'ok' : 'degraded',
    headline,
  };
}

function exitOf(result: OutcomeResult): string {
  return result.exitCode === null ? `killed by ${result.signal ?? 'a signal'}` : `exit ${result.exitCode}`;
}

function cutShortOf(outcome: JobOutcome, context: VerdictContext): CutShort {
  const after = formatDuration(outcome.durationMs);
  if (outcome.status === 'timed-out') {
    return context.deadlineMs === undefined
      ? { by: 'deadline', after }
      : { by: 'deadline', deadline: formatDuration(context.deadlineMs), after };
  }
  if (outcome.cutShortBy === 'worker-restart') return { by: 'worker-restart', after };
  return context.canceledBy === undefined
    ? { by: 'cancel', after }
    : { by: 'cancel', who: context.canceledBy, after };
}
