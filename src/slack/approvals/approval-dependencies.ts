import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { AuditRecord, AuditTrail } from '../../audit/audit-record.js';
import type { Gate } from '../../policy/gate.js';
import type { MessageStore } from '../message-store.js';
import type { SlackQueue } from '../ports.js';
import type { ApprovalStore, PendingApproval } from './approval-store.js';

/** What the approval door needs: injected, so tests pass a gate of their own and the fake Slack. */
export interface ApprovalDependencies {
  readonly approvals: ApprovalStore;
  /** Decides again at the click (a reload may have changed the rule), then admits with the approver. */
  readonly gate: Gate;
  /** The approving group's members, no older than their TTL (src/slack/usergroups.ts). */
  readonly groups: { members(groupId: string): Promise<readonly string[]> };
  readonly queueFor: (cluster: string) => SlackQueue;
  readonly messages: MessageStore;
  readonly audit: AuditTrail;
  readonly logger: Logger;
  /** The bot's Web API client: the sweeper posts without a click to hand it one. */
  readonly client: WebClient;
  readonly now?: () => number;
}

/** The fields every audit record of one approval shares: who asked, what, where, which rule. */
export function auditFieldsOf(
  pending: PendingApproval,
): Pick<AuditRecord, 'door' | 'subject' | 'channel' | 'tool' | 'text' | 'cluster' | 'rule'> {
  const { request, caller } = pending.input;
  return {
    door: 'approval',
    subject: caller.userId,
    channel: caller.channelId,
    tool: request.tool,
    text: request.text,
    cluster: request.cluster,
    rule: pending.decision.rule,
  };
}
