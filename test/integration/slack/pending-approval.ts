import { randomUUID } from 'node:crypto';
import type { PendingApproval } from '../../../src/slack/approvals/approval-store.js';
import { requestOf } from '../../unit/slack/requests.js';

/** A capture waiting for a lead's approval until `expiresAt`: the approval store's tests and the Cluster's. */
export function pendingOf(expiresAt: number): PendingApproval {
  return {
    id: randomUUID(),
    input: {
      request: requestOf('tcpdump host -i lo', [{ kind: 'host', name: '' }]),
      caller: { kind: 'slack', userId: 'U0ASKER', channelId: 'C0INCIDENT' },
      door: 'slash-command',
      dedupeKey: 'slack:trigger',
    },
    decision: {
      effect: 'needs-approval',
      rule: 'captures-need-a-lead',
      reason: 'because',
      approvers: { group: 'sre-leads', groupId: 'S0SRELEADS' },
      expiresAfterMs: 60_000,
    },
    teamId: 'T0FAKE',
    message: { channel: 'C0INCIDENT', ts: '1.000001' },
    askedAt: expiresAt - 60_000,
    expiresAt,
  };
}
