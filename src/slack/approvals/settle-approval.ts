import type { GateInput } from '../../policy/gate.js';
import { renderJobMessage, type SlackMessage } from '../blocks/job-message.js';
import { auditFieldsOf, type ApprovalDependencies } from './approval-dependencies.js';
import { inWords, renderApprovalClosed } from './approval-message.js';
import type { PendingApproval } from './approval-store.js';

/**
 * What happens to a request once it has been claimed (approval-store.ts: exactly one caller gets
 * it): approved, denied or expired. Each is audited, edits the request's message (so the channel
 * sees who decided) and tells the requester. A Slack failure is logged, never thrown: the decision
 * stands and is in the audit trail either way.
 */
export async function grantApproval(
  deps: ApprovalDependencies,
  pending: PendingApproval,
  approver: string,
): Promise<void> {
  const fields = auditFieldsOf(pending);
  await deps.audit.record({ ...fields, event: 'approved', by: approver });
  const { request, caller } = pending.input;
  // The approval door's own dedupe key: a redelivered click, or a second replica, finds the same job.
  const input: GateInput = { ...pending.input, door: 'approval', dedupeKey: `approval:${pending.id}` };

  // Decided again: the policy may have been reloaded while the request waited.
  const decision = await deps.gate.decide(input);
  const stillApprovable =
    decision.effect === 'allow' ||
    (decision.effect === 'needs-approval' &&
      (decision.approvers.groupId === pending.decision.approvers.groupId ||
        (await deps.groups.members(decision.approvers.groupId)).includes(approver)));
  if (!stillApprovable) {
    const why =
      decision.effect === 'deny'
        ? decision.reason
        : `the policy now asks for approval by @${decision.effect === 'needs-approval' ? decision.approvers.group : ''}`;
    // The gate audits what admit refuses; this refusal came before admit, so it is audited here.
    await deps.audit.record({ ...fields, event: 'refused', rule: decision.rule, reason: why, by: approver });
    await closeNotRun(deps, pending, approver, why);
    return;
  }

  const admitted = await deps.gate.admit(input, { approvedBy: approver });
  if (admitted.kind === 'refused') {
    const why = admitted.error.message;
    await closeNotRun(deps, pending, approver, why);
    return;
  }
  const queue = deps.queueFor(request.cluster);
  let jobId: string;
  try {
    ({ jobId } = await queue.enqueue({
      request,
      origin: {
        via: 'slack',
        teamId: pending.teamId,
        channelId: caller.channelId,
        userId: caller.userId,
        ...(pending.responseUrl === undefined ? {} : { responseUrl: pending.responseUrl }),
        messageTs: pending.message.ts,
      },
      dedupeKey: input.dedupeKey,
      authorization: admitted.authorization,
    }));
  } catch (error) {
    deps.logger.warn({ err: error, approvalId: pending.id }, 'approved, but the job could not be queued');
    await deps.gate.release(admitted.ticket);
    const why = error instanceof Error ? error.message : 'Redis did not answer';
    await close(deps, pending, renderApprovalClosed(pending, { kind: 'not-queued', by: approver, why }));
    await tellRequester(
      deps,
      pending,
      `<@${approver}> approved \`${request.tool}\`, but it could not be queued; ask again`,
    );
    return;
  }
  await deps.audit.record({ ...fields, event: 'queued', jobId, by: approver });
  // The request's message becomes the job's: edited first, then recorded, so the worker's reporter
  // (which waits for the record) never has its progress overwritten by this "queued".
  const view = renderJobMessage({
    jobId,
    cluster: queue.cluster,
    request,
    userId: caller.userId,
    approvedBy: approver,
    stage: 'queued',
  });
  await close(deps, pending, view);
  await deps.messages.save(queue.cluster, jobId, pending.message);
}

export async function denyApproval(
  deps: ApprovalDependencies,
  pending: PendingApproval,
  denier: string,
): Promise<void> {
  await deps.audit.record({ ...auditFieldsOf(pending), event: 'approval-denied', by: denier });
  await close(deps, pending, renderApprovalClosed(pending, { kind: 'denied', by: denier }));
  await tellRequester(deps, pending, `<@${denier}> denied \`${pending.input.request.tool}\`; it was not run`);
}

export async function expireApproval(deps: ApprovalDependencies, pending: PendingApproval): Promise<void> {
  const { group } = pending.decision.approvers;
  const within = inWords(pending.decision.expiresAfterMs);
  await deps.audit.record({
    ...auditFieldsOf(pending),
    event: 'approval-expired',
    reason: `nobody in ${group} approved within ${within}`,
  });
  await close(deps, pending, renderApprovalClosed(pending, { kind: 'expired' }));
  await tellRequester(
    deps,
    pending,
    `nobody in @${group} approved \`${pending.input.request.tool}\` within ${within}, so it was not run; ask again when someone can approve`,
  );
}

async function close(
  deps: ApprovalDependencies,
  pending: PendingApproval,
  view: SlackMessage,
): Promise<void> {
  try {
    await deps.client.chat.update({
      channel: pending.message.channel,
      ts: pending.message.ts,
      text: view.text,
      blocks: view.blocks,
    });
  } catch (error) {
    deps.logger.warn({ err: error, approvalId: pending.id }, 'could not edit the approval message');
  }
}

/** Ephemeral, in the channel: the slash command's response_url may have expired by now. */
async function tellRequester(
  deps: ApprovalDependencies,
  pending: PendingApproval,
  text: string,
): Promise<void> {
  const { caller } = pending.input;
  try {
    await deps.client.chat.postEphemeral({ channel: caller.channelId, user: caller.userId, text });
  } catch (error) {
    deps.logger.warn({ err: error, approvalId: pending.id }, 'could not tell the requester');
  }
}

/** Approved, but refused after all (the policy changed, or a limit): the message and the requester say why. */
async function closeNotRun(
  deps: ApprovalDependencies,
  pending: PendingApproval,
  approver: string,
  why: string,
): Promise<void> {
  await close(deps, pending, renderApprovalClosed(pending, { kind: 'refused', by: approver, why }));
  await tellRequester(
    deps,
    pending,
    `<@${approver}> approved \`${pending.input.request.tool}\`, but it was not run: ${why}`,
  );
}
