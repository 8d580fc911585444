import type { App, BlockButtonAction, RespondFn } from '@slack/bolt';
import type { ApprovalDependencies } from './approval-dependencies.js';
import { approvalActionIds } from './approval-message.js';
import { denyApproval, expireApproval, grantApproval } from './settle-approval.js';

const approvalId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Approve and Deny on an approval message. Everyone in the channel sees the buttons, so the click is
 * checked first, and a refused click changes nothing: the clicker must be in the approving group
 * (asked of Slack if the cached list is past its TTL) and must not be the requester. Then the
 * request is claimed in one atomic step, so of two approvers (or two replicas) exactly one decides.
 */
export function registerApprovalActions(app: App, deps: ApprovalDependencies): void {
  for (const kind of ['approve', 'deny'] as const) {
    app.action<BlockButtonAction>(approvalActionIds[kind], async ({ ack, body, action, respond }) => {
      await ack();
      await onClick(deps, kind, action.value, body.user.id, respond);
    });
  }
}

async function onClick(
  deps: ApprovalDependencies,
  kind: 'approve' | 'deny',
  value: string | undefined,
  clicker: string,
  respond: RespondFn,
): Promise<void> {
  const pending = value && approvalId.test(value) ? await deps.approvals.find(value) : undefined;
  if (!pending) {
    await ephemeral(respond, 'this request is no longer waiting: it was approved, denied or it expired');
    return;
  }
  const { group, groupId } = pending.decision.approvers;
  if (clicker === pending.input.caller.userId) {
    await ephemeral(
      respond,
      `you asked for it: someone else in @${group} must ${kind === 'approve' ? 'approve' : 'approve or deny'} it`,
    );
    return;
  }
  if (!(await deps.groups.members(groupId)).includes(clicker)) {
    deps.logger.info({ approvalId: pending.id, user: clicker, kind }, 'approval click by a non-approver');
    await ephemeral(
      respond,
      `only people in @${group} can approve or deny this request (the policy's rule ${pending.decision.rule})`,
    );
    return;
  }
  const claimed = await deps.approvals.claim(pending.id);
  if (!claimed) {
    await ephemeral(respond, 'someone else decided first: the message says who');
    return;
  }
  // Past its expiry but not yet swept: it expired, whatever the click says.
  if ((deps.now ?? Date.now)() >= claimed.expiresAt) {
    await expireApproval(deps, claimed);
    await ephemeral(respond, 'too late: this request expired before your click');
    return;
  }
  try {
    if (kind === 'deny') await denyApproval(deps, claimed, clicker);
    else await grantApproval(deps, claimed, clicker);
  } catch (error) {
    // Claimed, so nobody else can decide it now: say so rather than leave buttons that do nothing.
    deps.logger.error({ err: error, approvalId: claimed.id, user: clicker }, 'an approval failed');
    await ephemeral(
      respond,
      `something went wrong (ref ${claimed.id}); nothing was run: ask the requester to ask again`,
    );
  }
}

function ephemeral(respond: RespondFn, text: string): Promise<unknown> {
  return respond({ response_type: 'ephemeral', replace_original: false, text });
}
