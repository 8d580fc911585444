import type { KnownBlock } from '@slack/types';
import type { CommandDefinition } from '../../catalogue/define-command.js';
import { formatDuration } from '../../grammar/duration.js';
import { describeWhere } from '../../format/describe-where.js';
import { verdictOf } from '../../format/verdict.js';
import type { JobSnapshot } from '../../queue/job-queue.js';
import type { UserError } from '../../errors.js';
import { escapeMrkdwn, inlineCode, keepEnds, packLines } from '../slack-text.js';
import { slackVerdict } from './verdict.js';

/**
 * What only the requester sees (the slash command's ephemeral response): refusals with the usage
 * line and an example, help, the job list, a job's status.
 */
export interface EphemeralReply {
  readonly response_type: 'ephemeral';
  readonly text: string;
  readonly blocks?: KnownBlock[];
}

const sectionChars = 2900;

function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: keepEnds(text, sectionChars) } };
}

/**
 * `text` is what a notification and a caller that sends it alone show: Slack reads it as mrkdwn,
 * so it is escaped as the blocks are (a refusal quotes the user's words).
 */
export function reply(text: string): EphemeralReply {
  const escaped = escapeMrkdwn(text);
  return { response_type: 'ephemeral', text: escaped, blocks: [section(escaped)] };
}

/** The error first, then its hints (usage line, example, closest names) each on a line. */
export function userErrorReply(error: UserError): EphemeralReply {
  const hints = error.hints.map((hint) => `> ${escapeMrkdwn(hint)}`);
  return {
    response_type: 'ephemeral',
    text: escapeMrkdwn(error.describe()),
    blocks: [section([`:warning: ${escapeMrkdwn(error.message)}`, ...hints].join('\n'))],
  };
}

export function internalErrorReply(reference: string): EphemeralReply {
  return reply(
    `internal error, ref ${reference}: nothing was queued; the bot's log has the details under that ref`,
  );
}

export function helpReply(commands: readonly CommandDefinition[], tool?: CommandDefinition): EphemeralReply {
  if (tool) {
    const lines = [
      `*${escapeMrkdwn(tool.name)}*: ${escapeMrkdwn(tool.summary)}`,
      `usage: ${inlineCode(tool.usage)}`,
      `privilege: ${tool.privilege}, timeout ${tool.timeout.default} (at most ${tool.timeout.max})`,
      'examples:',
      ...tool.examples.map((example) => `• ${inlineCode(`/netshoot ${example}`)}`),
    ];
    return {
      response_type: 'ephemeral',
      text: escapeMrkdwn(`${tool.name}: ${tool.usage}`),
      blocks: [section(lines.join('\n'))],
    };
  }
  // Every tool shows: a list cut in the middle would hide tools behind a note about a file that
  // an ephemeral reply cannot attach. Several sections hold it instead.
  const list = packLines(
    commands.map((command) => `${inlineCode(command.name)} ${escapeMrkdwn(command.summary)}`),
    sectionChars,
  ).map(section);
  const intro = [
    '`/netshoot <tool> <target> [arguments] [--timeout 30s] [--grep TEXT] [--raw] [--file]`',
    'targets: `pod/NAME` `deploy/NAME` `svc/NAME` `node/NAME` `container/NAME` `service/NAME` `network/NAME` `host` `netns/NAME`, with `-n NS` and `--cluster NAME`',
    'also: `help TOOL`, `jobs`, `status ID`, `cancel ID`',
  ].join('\n');
  return {
    response_type: 'ephemeral',
    text: 'netshoot: the tools and how to call them',
    blocks: [section(intro), ...(list.length === 0 ? [section('no tools are installed')] : list)],
  };
}

/**
 * Where a job's channel message is (a permalink), when the caller knows it: the job number then links
 * to the message that holds its result.
 */
export type MessageLinkOf = (jobId: string) => string | undefined;

export function jobsReply(
  jobs: readonly JobSnapshot[],
  linkOf: MessageLinkOf = () => undefined,
): EphemeralReply {
  if (jobs.length === 0) return reply('no recent jobs from you or this channel');
  const lines = jobs.map(
    (job) => `${jobReference(job.jobId, linkOf)} ${describeState(job)}: ${inlineCode(job.data.request.text)}`,
  );
  return {
    response_type: 'ephemeral',
    text: `${jobs.length} recent jobs`,
    // Each job whole, over as many sections as it takes: a cut list would hide jobs.
    blocks: packLines(lines, sectionChars).map(section),
  };
}

export function statusReply(job: JobSnapshot, linkOf: MessageLinkOf = () => undefined): EphemeralReply {
  const who =
    job.data.origin.via === 'slack' ? `<@${job.data.origin.userId}>` : escapeMrkdwn(job.data.origin.user);
  const lines = [
    `${jobReference(job.jobId, linkOf)} ${describeState(job)}: ${inlineCode(job.data.request.text)}`,
    `in ${escapeMrkdwn(describeWhere(job.data.request))}, requested by ${who} ${formatDuration(Math.max(0, Date.now() - job.queuedAt))} ago`,
  ];
  // The notification says the job plainly; the link is for the blocks, where it can be clicked.
  const text = `#${job.jobId} ${describeState(job)}: ${inlineCode(job.data.request.text)}`;
  return { response_type: 'ephemeral', text, blocks: [section(lines.join('\n'))] };
}

/** "#42", linked to its channel message when there is a permalink (only https, nothing that ends a link). */
function jobReference(jobId: string, linkOf: MessageLinkOf): string {
  const url = linkOf(jobId);
  return url !== undefined && /^https:\/\/[^\s<>|]+$/.test(url) ? `<${url}|#${jobId}>` : `#${jobId}`;
}

function describeState(job: JobSnapshot): string {
  if (job.outcome) {
    return slackVerdict(
      verdictOf(job.data.request.tool, job.outcome, {
        raw: job.data.request.options.raw,
        deadlineMs: job.data.request.options.timeoutMs,
      }),
    ).text;
  }
  if (job.cancelRequested) return 'cancelling';
  return job.state === 'active' ? 'running' : job.state;
}
