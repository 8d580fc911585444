import type { ActionsBlock, ContextBlock, KnownBlock, SectionBlock } from '@slack/types';
import { formatDuration } from '../../grammar/duration.js';
import { describeWhere } from '../../format/describe-where.js';
import type { Request } from '../../grammar/request.js';
import { parseTargetToken } from '../../grammar/target.js';
import type { JobOutcome, JobStage } from '../../results/job-outcome.js';
import { escapeMrkdwn, inlineCode } from '../slack-text.js';
import { actionIds, encodeJobReference } from './job-actions.js';
import { verdictLine } from './verdict.js';

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

export function renderJobMessage(state: JobMessageState): SlackMessage {
  const first = statusLine(state);
  const second = `${inlineCode(commandWithoutTargets(state.request))} in ${escapeMrkdwn(describeWhere(state.request))}, #${state.jobId}`;
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
  const context: ContextBlock = {
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: `requested by <@${state.userId}>${
          state.approvedBy === undefined ? '' : `, approved by <@${state.approvedBy}>`
        }${state.outcome ? ', result in the thread' : ''}${
          state.outcome?.restarted ? ', restarted after the worker stopped' : ''
        }`,
      },
    ],
  };
  const actions: ActionsBlock = { type: 'actions', block_id: 'job-actions', elements: [button] };
  // The notification text is mrkdwn too: the request as typed would notify (<!channel>) or link.
  return {
    text: `${plain(first)}: ${escapeMrkdwn(state.request.text)}`,
    blocks: [section, context, actions],
  };
}

function statusLine(state: JobMessageState): string {
  if (state.outcome)
    return verdictLine(state.request.tool, state.outcome, { raw: state.request.options.raw }).text;
  const elapsed = state.elapsedMs === undefined ? '' : `, ${formatDuration(state.elapsedMs)}`;
  const detail = state.detail ? ` (${escapeMrkdwn(state.detail)})` : '';
  switch (state.stage) {
    case 'queued':
      return `:hourglass_flowing_sand: queued as #${state.jobId}`;
    case 'opening-session':
      return `:gear: starting the toolbox${detail}${elapsed}`;
    case 'running':
      return `:arrows_counterclockwise: running${elapsed}${detail}`;
    case 'done':
      return `:hourglass_flowing_sand: finishing${elapsed}`;
  }
}

/**
 * `dig kubernetes.default` for `dig pod/frontend kubernetes.default`: the "where" is said next to
 * it, so the targets the command runs in are left out of the command itself.
 */
export function commandWithoutTargets(request: Request): string {
  const remaining = [...request.targets];
  const words = request.text
    .trim()
    .split(/\s+/)
    .filter((word) => {
      const target = parseTargetToken(word);
      const index = target
        ? remaining.findIndex((t) => t.kind === target.kind && t.name === target.name)
        : -1;
      if (index === -1) return true;
      remaining.splice(index, 1);
      return false;
    });
  return words.join(' ');
}

function plain(mrkdwn: string): string {
  return mrkdwn.replace(/:[a-z_]+: /, '').replace(/`/g, '');
}
