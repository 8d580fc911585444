import { checkMessage } from '../../harness/slack/block-limits.js';
import {
  approvalActionIds,
  inWords,
  renderApprovalClosed,
  renderApprovalRequest,
} from '../../../src/slack/approvals/approval-message.js';
import type { PendingApproval } from '../../../src/slack/approvals/approval-store.js';
import { requestOf } from './requests.js';

/** A grep pattern is user text: the message must show it, never let Slack read it as markup. */
const pending: PendingApproval = {
  id: '6f1c8a52-3c1e-4f8e-9d3a-0b7a1d2e4f60',
  input: {
    request: requestOf('tcpdump pod/web -i any --grep <!channel>&co', [{ kind: 'pod', name: 'web' }]),
    caller: { kind: 'slack', userId: 'U0ASKER', channelId: 'C0INCIDENT' },
    door: 'slash-command',
    dedupeKey: 'slack:trigger',
  },
  decision: {
    effect: 'needs-approval',
    rule: 'prod-captures',
    reason:
      "the policy's rule prod-captures lets <@U0ASKER> run tcpdump (privileged) on pod/web once someone in sre-leads approves",
    approvers: { group: 'sre-leads', groupId: 'S0SRELEADS' },
    expiresAfterMs: 15 * 60_000,
  },
  teamId: 'T0FAKE',
  message: { channel: 'C0INCIDENT', ts: '1.000001' },
  askedAt: 0,
  expiresAt: 15 * 60_000,
};

const sectionOf = (blocks: unknown[]) => (blocks[0] as { text: { text: string } }).text.text;

describe('the approval message', () => {
  it('mentions the approving group, says what runs where and who asked, with Approve and Deny', () => {
    const message = renderApprovalRequest(pending);
    const [first, command] = sectionOf(message.blocks).split('\n');
    expect(first).toBe(
      ':hourglass_flowing_sand: waiting for approval by <!subteam^S0SRELEADS>: tcpdump on pod/web (ns default), asked by <@U0ASKER>',
    );
    expect(command).toBe('`tcpdump pod/web -i any --grep &lt;!channel&gt;&amp;co`');
    expect(JSON.stringify(message.blocks)).not.toContain('<!channel>');
    const actions = message.blocks.find((block) => block.type === 'actions') as {
      elements: { action_id: string; value: string }[];
    };
    expect(actions.elements.map((button) => [button.action_id, button.value])).toEqual([
      [approvalActionIds.approve, pending.id],
      [approvalActionIds.deny, pending.id],
    ]);
    expect(message.text).toBe(
      'waiting for approval by @sre-leads: tcpdump on pod/web (ns default), asked by @U0ASKER',
    );
    expect(checkMessage(message.text, message.blocks)).toBeUndefined();
  });

  it('says who denied, that it expired, or why it was not run, without buttons', () => {
    const lines = [
      renderApprovalClosed(pending, { kind: 'denied', by: 'U0LEAD' }),
      renderApprovalClosed(pending, { kind: 'expired' }),
      renderApprovalClosed(pending, {
        kind: 'refused',
        by: 'U0LEAD',
        why: "the policy's rule no-captures denies tcpdump to <@U0ASKER>",
      }),
    ].map((message) => {
      expect(message.blocks.some((block) => block.type === 'actions')).toBe(false);
      expect(checkMessage(message.text, message.blocks)).toBeUndefined();
      return sectionOf(message.blocks).split('\n')[0];
    });
    expect(lines).toEqual([
      ':no_entry_sign: denied by <@U0LEAD>: tcpdump on pod/web (ns default), asked by <@U0ASKER>',
      ':hourglass: expired: nobody in @sre-leads approved within 15 min: tcpdump on pod/web (ns default), asked by <@U0ASKER>',
      ":no_entry_sign: approved by <@U0LEAD>, but not run: the policy's rule no-captures denies tcpdump to <@U0ASKER>: tcpdump on pod/web (ns default), asked by <@U0ASKER>",
    ]);
  });

  it('says expiries the way people do', () => {
    expect([15 * 60_000, 90_000, 1500, 30_000].map(inWords)).toEqual(['15 min', '1.5 min', '1.5 s', '30 s']);
  });
});
