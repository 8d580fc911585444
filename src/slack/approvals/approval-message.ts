import type { ActionsBlock, ContextBlock, SectionBlock } from '@slack/types';
import { describeWhere } from '../../format/describe-where.js';
import type { SlackMessage } from '../blocks/job-message.js';
import { escapeMrkdwn, inlineCode } from '../slack-text.js';
import type { PendingApproval } from './approval-store.js';

/** Button identities of an approval message; the value is the approval's id. */
export const approvalActionIds = {
  approve: 'netshoot_approval_approve',
  deny: 'netshoot_approval_deny',
} as const;

/**
 * The channel message of a request waiting for approval (SPEC 6): who must approve (the group is
 * mentioned, so its members are notified), what would run where, who asked, the rule and why, and
 * Approve and Deny. Everyone in the channel sees the buttons; the listener checks who clicked.
 */
export function renderApprovalRequest(pending: Omit<PendingApproval, 'message'>): SlackMessage {
  const { approvers, expiresAfterMs } = pending.decision;
  const first = `:hourglass_flowing_sand: waiting for approval by <!subteam^${approvers.groupId}>: ${asked(pending)}`;
  const button = (kind: 'approve' | 'deny') => ({
    type: 'button' as const,
    action_id: approvalActionIds[kind],
    text: { type: 'plain_text' as const, text: kind === 'approve' ? 'Approve' : 'Deny' },
    style: kind === 'approve' ? ('primary' as const) : ('danger' as const),
    value: pending.id,
  });
  const actions: ActionsBlock = {
    type: 'actions',
    block_id: 'approval-actions',
    elements: [button('approve'), button('deny')],
  };
  return {
    text: `waiting for approval by @${approvers.group}: ${plainAsked(pending)}`,
    blocks: [
      section(first, pending),
      context(`${pending.decision.reason}; expires in ${inWords(expiresAfterMs)}`),
      actions,
    ],
  };
}

/** The message once nothing more can happen to the request: denied, expired, refused. No buttons. */
export function renderApprovalClosed(
  pending: PendingApproval,
  outcome:
    | { readonly kind: 'denied'; readonly by: string }
    | { readonly kind: 'expired' }
    /** `why` is the gate's own words, mrkdwn like the decision's reason (it may mention people). */
    | { readonly kind: 'refused'; readonly by: string; readonly why: string }
    | { readonly kind: 'not-queued'; readonly by: string; readonly why: string },
): SlackMessage {
  const { group } = pending.decision.approvers;
  const within = inWords(pending.decision.expiresAfterMs);
  /** The first line's head, in mrkdwn and in plain words (the notification text). */
  const head = ((): [string, string] => {
    switch (outcome.kind) {
      case 'denied':
        return [`:no_entry_sign: denied by <@${outcome.by}>`, `denied by @${outcome.by}`];
      case 'expired': {
        // The group by name: an edit that mentioned it again would read as a second call for help.
        const said = `expired: nobody in @${group} approved within ${within}`;
        return [`:hourglass: ${escapeMrkdwn(said)}`, said];
      }
      case 'refused': {
        const said = `, but not run: ${outcome.why}`;
        return [`:no_entry_sign: approved by <@${outcome.by}>${said}`, `approved by @${outcome.by}${said}`];
      }
      case 'not-queued': {
        const said = `, but not queued (${outcome.why}); ask again`;
        return [
          `:warning: approved by <@${outcome.by}>${escapeMrkdwn(said)}`,
          `approved by @${outcome.by}${said}`,
        ];
      }
    }
  })();
  return {
    text: `${head[1]}: ${plainAsked(pending)}`,
    blocks: [section(`${head[0]}: ${asked(pending)}`, pending), context(pending.decision.reason)],
  };
}

function section(first: string, pending: Omit<PendingApproval, 'message'>): SectionBlock {
  return {
    type: 'section',
    text: { type: 'mrkdwn', text: `${first}\n${inlineCode(pending.input.request.text)}` },
  };
}

function context(text: string): ContextBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text }] };
}

/** "tcpdump on pod/web (ns default), asked by <@U1>": the tool and target are user text, escaped. */
function asked(pending: Omit<PendingApproval, 'message'>): string {
  return `${escapeMrkdwn(what(pending))}, asked by <@${pending.input.caller.userId}>`;
}

function plainAsked(pending: Omit<PendingApproval, 'message'>): string {
  return `${what(pending)}, asked by @${pending.input.caller.userId}`;
}

function what(pending: Omit<PendingApproval, 'message'>): string {
  const { request } = pending.input;
  return `${request.tool} on ${describeWhere(request)}`;
}

/** "15 min", "90 s": how long an approval waits, as people say it. */
export function inWords(ms: number): string {
  if (ms >= 60_000) return `${Number((ms / 60_000).toFixed(1))} min`;
  return `${Number(Math.max(ms / 1000, 0.1).toFixed(1))} s`;
}
