import type { ActionsBlock, ContextBlock, KnownBlock, SectionBlock } from '@slack/types';
import { formatDuration } from '../../grammar/duration.js';
import { commandWithoutTargets } from '../../format/command-without-targets.js';
import { describeWhere } from '../../format/describe-where.js';
import type { TextTable } from '../../format/summaries/summary.js';
import { verdictOf } from '../../format/verdict.js';
import type { Request } from '../../grammar/request.js';
import type { JobOutcome, JobStage } from '../../results/job-outcome.js';
import { escapeMrkdwn, inlineCode, packLines } from '../slack-text.js';
import { actionIds, encodeJobReference } from './job-actions.js';
import { mention, slackVerdict } from './verdict.js';

/** The channel-visible message of one job (SPEC 5), at whatever point of its life it is. */
export interface JobMessageState {
  readonly jobId: string;
  /** The cluster whose queue holds the job (the buttons name it). */
  readonly cluster: string;
  readonly request: Request;
  readonly userId: string;
  /** Who approved it, when a rule required approval: kept on the message for the job's whole life. */
  readonly approvedBy?: string;
  readonly stage: JobStage;
  readonly detail?: string;
  readonly elapsedMs?: number;
  /** What a streaming tool has found so far (ProgressEvent.found): "12 replies, 0% loss". */
  readonly found?: string;
  /** Another worker took it over after its first one stopped under it (ProgressEvent.restarted). */
  readonly restarted?: boolean;
  /** Present once the job has ended: the first line turns into the verdict. */
  readonly outcome?: JobOutcome;
  /** Since the same command last ran in this channel (ResultExtras.changes): the message says the first. */
  readonly changes?: readonly string[];
  /** The Slack user who canceled it. */
  readonly canceledBy?: string;
  /** A Rerun: which job it reruns and who pressed the button. */
  readonly rerunOf?: { readonly jobId: string; readonly userId: string };
  /** The executor has no toolbox to start (local): the opening stage says "joining" instead. */
  readonly executor?: 'docker' | 'kubernetes' | 'local';
}

export interface SlackMessage {
  /** The notification and screen-reader text; Slack shows blocks when there are any. */
  readonly text: string;
  readonly blocks: KnownBlock[];
}

/** Slack's section holds 3000 characters; an overview is a few short rows, packed into more if not. */
const overviewChars = 2900;

/**
 * An overview as lines, one a row, its first column in bold: `*reach* · ❌️ failed · 10.0.0.5:8080
 * refused`. Not a code block: Slack's narrow column wraps a long cell mid-word in one, while a line
 * a row wraps as words. The terminal keeps the aligned table (src/format/render-text.ts).
 */
function overviewLines(table: TextTable): string[] {
  const lines = table.rows.map(([first = '', ...rest]) =>
    [`*${escapeMrkdwn(first)}*`, ...rest.filter(Boolean).map(escapeMrkdwn)].join(' · '),
  );
  return packLines(lines, overviewChars);
}

export function renderJobMessage(state: JobMessageState): SlackMessage {
  const ended = state.outcome ? verdictOfState(state, state.outcome) : undefined;
  const verdict = ended ? slackVerdict(ended) : undefined;
  const first = verdict?.text ?? statusLine(state);
  // A command can be as long as Slack lets one be; its first line must stay one line of a section.
  const typed = commandWithoutTargets(state.request);
  const command = inlineCode(typed.length > 300 ? `${typed.slice(0, 299)}…` : typed);
  // Once ended, the verdict names where it ran; the second line says what was typed, how long it took.
  // "exit 7" where no summary judged the run: the tool's own words lead, its status follows.
  const second = ended
    ? [command, ended.took, ...(ended.exit === undefined ? [] : [ended.exit]), `#${state.jobId}`].join(' · ')
    : `${command} in ${escapeMrkdwn(describeWhere(state.request))}, #${state.jobId}`;
  const reference = encodeJobReference({ cluster: state.cluster, jobId: state.jobId });
  const button = state.outcome
    ? {
        type: 'button' as const,
        action_id: actionIds.rerun,
        text: { type: 'plain_text' as const, text: 'Rerun' },
        value: reference,
      }
    : {
        type: 'button' as const,
        action_id: actionIds.cancel,
        style: 'danger' as const,
        text: { type: 'plain_text' as const, text: 'Cancel' },
        value: reference,
      };
  const section: SectionBlock = { type: 'section', text: { type: 'mrkdwn', text: `${first}\n${second}` } };
  // A summary's overview (diagnose's verdict table) is the answer itself: it goes in this message.
  const overview = ended?.summary?.overview;
  const table: SectionBlock[] = overview
    ? overviewLines(overview).map((text): SectionBlock => ({
        type: 'section',
        text: { type: 'mrkdwn', text },
      }))
    : [];
  const context: ContextBlock = {
    type: 'context',
    elements: [{ type: 'mrkdwn', text: whoAndWhat(state) }, ...changeElements(state)],
  };
  const actions: ActionsBlock = { type: 'actions', block_id: 'job-actions', elements: [button] };
  // The notification text is mrkdwn too: the request as typed would notify (<!channel>) or link.
  return {
    text: verdict?.notification ?? `${plain(first)}: ${escapeMrkdwn(state.request.text)}`,
    blocks: [section, ...table, context, actions],
  };
}

/** The verdict of an ended job, with what the message knows: the deadline asked for, who canceled. */
function verdictOfState(state: JobMessageState, outcome: JobOutcome) {
  return verdictOf(state.request.tool, outcome, {
    raw: state.request.options.raw,
    deadlineMs: state.request.options.timeoutMs,
    ...(state.canceledBy === undefined ? {} : { canceledBy: state.canceledBy }),
  });
}

function whoAndWhat(state: JobMessageState): string {
  const parts = [`requested by ${mention(state.userId)}`];
  if (state.approvedBy !== undefined) parts.push(`approved by ${mention(state.approvedBy)}`);
  if (state.rerunOf) {
    parts.push(
      `a rerun of #${escapeMrkdwn(state.rerunOf.jobId)}${
        state.rerunOf.userId === state.userId ? '' : ` by ${mention(state.rerunOf.userId)}`
      }`,
    );
  }
  if (state.outcome) parts.push('result in the thread');
  if (state.outcome?.restarted) parts.push('restarted after the worker stopped');
  // Said while it runs again, so a second start of a capture or a load is never a surprise.
  else if (!state.outcome && state.restarted) parts.push(restartedWhileRunning);
  return parts.join(', ');
}

/** The first change since the same command last ran here; the thread has all of them. */
function changeElements(state: JobMessageState): ContextBlock['elements'] {
  const [change, ...more] = state.outcome ? (state.changes ?? []) : [];
  if (change === undefined) return [];
  const rest = more.length === 0 ? '' : ` (${more.length} more in the thread)`;
  return [{ type: 'mrkdwn', text: `changed since last time: ${escapeMrkdwn(change)}${rest}` }];
}

function statusLine(state: JobMessageState): string {
  const elapsed = state.elapsedMs === undefined ? '' : `, ${formatDuration(state.elapsedMs)}`;
  switch (state.stage) {
    case 'queued':
      // Said by the bot at once, whatever the workers do: one restarting does not leave people guessing.
      return `:hourglass_flowing_sand: queued as #${state.jobId}, waiting for a worker`;
    case 'opening-session': {
      // The local executor joins a namespace that exists; there is no toolbox to start.
      if (state.executor === 'local')
        return `:gear: joining ${escapeMrkdwn(describeWhere(state.request))}${elapsed}`;
      const detail = state.detail ? ` (${escapeMrkdwn(state.detail)})` : '';
      return `:gear: starting the toolbox${detail}${elapsed}`;
    }
    case 'running': {
      // Not the worker's detail: it is the argv with the bot's own flags and temporary paths, and
      // the second line already says what was typed. What the tool has found so far says more.
      const found = state.found ? ` · ${escapeMrkdwn(state.found)}` : '';
      return `:arrows_counterclockwise: running${elapsed}${found}`;
    }
    case 'done':
      return `:hourglass_flowing_sand: finishing${elapsed}`;
  }
}

/** A job a worker took over from one that stopped under it (killed, or past its grace). */
export const restartedWhileRunning = 'worker restarted; running again on another worker';

function plain(mrkdwn: string): string {
  return mrkdwn.replace(/:[a-z_]+: /, '').replace(/`/g, '');
}
