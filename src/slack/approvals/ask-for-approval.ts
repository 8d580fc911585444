import { randomUUID } from 'node:crypto';
import type { Decision } from '../../policy/decision.js';
import type { GateInput } from '../../policy/gate.js';
import type { MessageRef } from '../message-store.js';
import { auditFieldsOf, type ApprovalDependencies } from './approval-dependencies.js';
import { inWords, renderApprovalRequest } from './approval-message.js';
import type { PendingApproval } from './approval-store.js';

export interface ApprovalAsk {
  readonly input: GateInput;
  readonly decision: Extract<Decision, { effect: 'needs-approval' }>;
  readonly teamId: string;
  /** The slash command's response_url: the job's origin carries it once approved. */
  readonly responseUrl?: string;
}

export interface AskedApproval {
  readonly approvalId: string;
  readonly message: MessageRef;
  /** The requester's ephemeral answer, for the door to send: "waiting for approval by @sre-leads (…)". */
  readonly reply: string;
}

/**
 * A request whose rule requires approval (SPEC 6): one channel message that mentions the approving
 * group, with Approve and Deny, and the request kept in Redis until someone decides or it expires.
 * Nothing is queued here: the job exists only once an approver clicks Approve.
 */
export async function askForApproval(
  deps: Pick<ApprovalDependencies, 'approvals' | 'audit' | 'client' | 'logger' | 'now'>,
  ask: ApprovalAsk,
): Promise<AskedApproval> {
  const { caller } = ask.input;
  if (caller.kind !== 'slack') {
    throw new Error('askForApproval is for Slack requests: the command line cannot wait for a click');
  }
  const now = (deps.now ?? Date.now)();
  const id = randomUUID();
  const draft = {
    id,
    input: {
      request: ask.input.request,
      caller: {
        kind: 'slack' as const,
        userId: caller.userId,
        channelId: caller.channelId,
        ...(caller.channelName === undefined ? {} : { channelName: caller.channelName }),
      },
      door: ask.input.door,
      dedupeKey: ask.input.dedupeKey,
    },
    decision: ask.decision,
    teamId: ask.teamId,
    ...(ask.responseUrl === undefined ? {} : { responseUrl: ask.responseUrl }),
    askedAt: now,
    expiresAt: now + ask.decision.expiresAfterMs,
  };
  // Posted first: the record names the message, so the sweeper can edit it without a click.
  const view = renderApprovalRequest(draft);
  const posted = await deps.client.chat.postMessage({
    channel: caller.channelId,
    text: view.text,
    blocks: view.blocks,
  });
  const message = { channel: caller.channelId, ts: String(posted.ts) };
  const pending: PendingApproval = { ...draft, message };
  try {
    await deps.approvals.save(pending);
  } catch (error) {
    deps.logger.warn({ err: error, approvalId: id }, 'could not keep the approval request in Redis');
    await deps.client.chat
      .update({
        channel: message.channel,
        ts: message.ts,
        text: 'this request could not be kept for approval (Redis did not answer); ask again',
        blocks: [],
      })
      .catch((updateError: unknown) => {
        deps.logger.warn({ err: updateError, approvalId: id }, 'could not take the buttons off either');
      });
    throw error;
  }
  // Asked at the door the request came in by; everything after happens at the approval door.
  await deps.audit.record({
    ...auditFieldsOf(pending),
    door: pending.input.door,
    event: 'approval-asked',
    reason: ask.decision.reason,
  });
  return {
    approvalId: id,
    message,
    reply: `waiting for approval by @${ask.decision.approvers.group} (expires in ${inWords(ask.decision.expiresAfterMs)})`,
  };
}
