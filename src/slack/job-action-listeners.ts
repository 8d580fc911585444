import type { App, BlockButtonAction, RespondFn } from '@slack/bolt';
import type { Logger } from 'pino';
import type { AuditTrail } from '../audit/audit-record.js';
import { isUserError } from '../errors.js';
import type { AdmissionTicket } from '../limits/admission.js';
import { auditQueued } from '../policy/create-gate.js';
import type { Gate, GateInput } from '../policy/gate.js';
import type { JobSnapshot } from '../queue/job-queue.js';
import { actionIds, decodeJobReference } from './blocks/job-actions.js';
import { addressedToCaller } from './addressed-to-caller.js';
import type { MessageStore } from './message-store.js';
import type { SlackQueue } from './ports.js';
import type { ChannelWriter } from './channel-writer.js';
import { postQueuedMessage, slackErrorCode } from './queued-message.js';

export interface JobActionDependencies {
  readonly queueFor: (cluster: string) => SlackQueue;
  readonly gate: Gate;
  readonly audit: AuditTrail;
  readonly messages: MessageStore;
  /** A Rerun's queued message is a final in its channel's writer (channel-writer.ts). */
  readonly writer: ChannelWriter;
  readonly logger: Logger;
}

/**
 * Cancel and Rerun on a job's message; anyone in the channel sees the buttons. Cancel belongs to the
 * person who started the job. Rerun is a new request by the person who clicked, in the channel of the
 * button: the policy decides for them as at the slash command (SPEC 6, every door checks), so a
 * capture one person may run is not run again by another. Acked first; the rest answers ephemerally.
 */
export function registerJobActions(app: App, deps: JobActionDependencies): void {
  app.action<BlockButtonAction>(actionIds.cancel, async ({ ack, body, action, respond }) => {
    await ack();
    const found = await findJob(deps, action.value, respond);
    if (!found || !(await isRequester(found, body.user.id, respond))) return;
    const cancelled = await found.queue.cancel(found.jobId, body.user.id);
    deps.logger.info({ user: body.user.id, job: found.jobId, cancelled }, 'cancel clicked');
    if (cancelled) {
      const origin = found.snapshot.data.origin;
      void deps.audit
        .record({
          event: 'canceled',
          subject: origin.via === 'slack' ? origin.userId : `operator:${origin.user}`,
          ...(origin.via === 'slack' ? { channel: origin.channelId } : {}),
          tool: found.snapshot.data.request.tool,
          cluster: found.queue.cluster,
          jobId: found.jobId,
          by: body.user.id,
        })
        .catch((error: unknown) =>
          deps.logger.error({ err: error, job: found.jobId }, 'audit record failed'),
        );
    }
    await ephemeral(respond, cancelled ? `cancelling #${found.jobId}` : `#${found.jobId} has already ended`);
  });

  app.action<BlockButtonAction>(actionIds.rerun, async ({ ack, body, action, respond }) => {
    await ack();
    const found = await findJob(deps, action.value, respond);
    if (!found) return;
    await rerun(deps, found, body, respond).catch(async (error: unknown) => {
      if (isUserError(error)) {
        await ephemeral(respond, error.describe());
        return;
      }
      deps.logger.error({ err: error, of: found.jobId }, 'rerun failed');
      await ephemeral(
        respond,
        `could not rerun #${found.jobId} (${(error as Error).message}); nothing was run`,
      );
    });
  });
}

async function rerun(
  deps: JobActionDependencies,
  found: FoundJob,
  body: BlockButtonAction,
  respond: RespondFn,
): Promise<void> {
  const { data } = found.snapshot;
  const channelId = body.channel?.id ?? (data.origin.via === 'slack' ? data.origin.channelId : '');
  const input: GateInput = {
    request: data.request,
    caller: {
      kind: 'slack',
      userId: body.user.id,
      channelId,
      ...(body.channel?.name ? { channelName: body.channel.name } : {}),
    },
    door: 'rerun',
    // The click's trigger_id: a redelivered click is the same rerun, a second click a new one.
    dedupeKey: `slack:${body.trigger_id}`,
  };
  const decision = await deps.gate.decide(input);
  if (decision.effect === 'deny') {
    const said = addressedToCaller(`${decision.reason}\n${decision.fix}`, {
      userId: body.user.id,
      channelId,
    });
    await ephemeral(respond, `#${found.jobId} was not run again: ${said}`);
    return;
  }
  if (decision.effect === 'needs-approval') {
    await ephemeral(
      respond,
      `#${found.jobId} was not run again: it needs approval by ${decision.approvers.group}; ask for it with \`/netshoot ${data.request.text}\``,
    );
    return;
  }
  const admitted = await deps.gate.admit(input);
  if (admitted.kind === 'refused') {
    await ephemeral(respond, `#${found.jobId} was not run again: ${admitted.error.describe()}`);
    return;
  }
  let queued: { jobId: string; duplicate: boolean };
  try {
    queued = await found.queue.enqueue({
      request: data.request,
      origin: { via: 'slack', teamId: body.team?.id ?? '', channelId, userId: body.user.id },
      dedupeKey: input.dedupeKey,
      authorization: admitted.authorization,
    });
  } catch (error) {
    await release(deps, admitted.ticket);
    throw error;
  }
  auditQueued(deps.audit, deps.logger, input, {
    jobId: queued.jobId,
    cluster: found.queue.cluster,
    rule: admitted.authorization.rule,
  });
  deps.logger.info({ user: body.user.id, job: queued.jobId, of: found.jobId }, 'rerun clicked');
  if (queued.duplicate) return;
  try {
    await postQueuedMessage(deps.writer, deps.messages, {
      teamId: body.team?.id ?? '',
      jobId: queued.jobId,
      cluster: found.queue.cluster,
      request: data.request,
      userId: body.user.id,
      channelId,
      rerunOf: { jobId: found.jobId, userId: body.user.id },
    });
  } catch (error) {
    deps.logger.warn({ err: error, jobId: queued.jobId }, 'could not post the rerun message: cancelling it');
    if (await found.queue.cancel(queued.jobId)) await release(deps, admitted.ticket);
    await ephemeral(
      respond,
      `could not post the rerun (${slackErrorCode(error) ?? 'no answer from Slack'}), so it was not run`,
    );
  }
}

async function release(deps: JobActionDependencies, ticket: AdmissionTicket): Promise<void> {
  await deps.gate.release(ticket).catch((error: unknown) =>
    // The ticket's holdMs frees the slots anyway; until then the person may meet a limit early.
    deps.logger.warn({ err: error, ticket: ticket.id }, 'could not release the limits of a job not run'),
  );
}

interface FoundJob {
  readonly queue: SlackQueue;
  readonly snapshot: JobSnapshot;
  readonly jobId: string;
}

async function findJob(
  deps: JobActionDependencies,
  value: string | undefined,
  respond: RespondFn,
): Promise<FoundJob | undefined> {
  const reference = decodeJobReference(value);
  if (!reference) {
    await ephemeral(respond, 'that button does not belong to a job of mine');
    return undefined;
  }
  const queue = deps.queueFor(reference.cluster);
  const snapshot = await queue.get(reference.jobId);
  if (!snapshot) {
    await ephemeral(
      respond,
      `#${reference.jobId} is no longer kept (jobs are kept for a day); run the command again`,
    );
    return undefined;
  }
  return { queue, snapshot, jobId: reference.jobId };
}

/** Cancel is the requester's alone; anyone else is told whose it is. */
async function isRequester(found: FoundJob, userId: string, respond: RespondFn): Promise<boolean> {
  const origin = found.snapshot.data.origin;
  if (origin.via === 'slack' && origin.userId === userId) return true;
  const owner = origin.via === 'slack' ? `<@${origin.userId}>` : 'the person who started it';
  await ephemeral(respond, `only ${owner} can cancel #${found.jobId}`);
  return false;
}

function ephemeral(respond: RespondFn, text: string): Promise<unknown> {
  return respond({ response_type: 'ephemeral', replace_original: false, text });
}
