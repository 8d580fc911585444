import type { App, BlockButtonAction, RespondFn } from '@slack/bolt';
import type { Logger } from 'pino';
import { actionIds, decodeJobReference } from './blocks/job-actions.js';
import type { MessageStore } from './message-store.js';
import type { SlackQueue } from './ports.js';
import { postQueuedMessage, slackErrorCode } from './queued-message.js';

export interface JobActionDependencies {
  readonly queueFor: (cluster: string) => SlackQueue;
  readonly messages: MessageStore;
  readonly logger: Logger;
}

/**
 * Cancel and Rerun on a job's message. Both belong to the person who started the job: anyone in the
 * channel sees the buttons, so the click is checked against the job's requester before anything
 * happens. Acked first; the work is one Redis call and a Slack post.
 */
export function registerJobActions(app: App, deps: JobActionDependencies): void {
  app.action<BlockButtonAction>(actionIds.cancel, async ({ ack, body, action, respond }) => {
    await ack();
    const found = await requestersJob(deps, action.value, body.user.id, respond, 'cancel');
    if (!found) return;
    const cancelled = await found.queue.cancel(found.jobId);
    deps.logger.info({ audit: true, user: body.user.id, job: found.jobId, cancelled }, 'cancel clicked');
    await ephemeral(respond, cancelled ? `cancelling #${found.jobId}` : `#${found.jobId} has already ended`);
  });

  app.action<BlockButtonAction>(actionIds.rerun, async ({ ack, body, action, respond, client }) => {
    await ack();
    const found = await requestersJob(deps, action.value, body.user.id, respond, 'rerun');
    if (!found) return;
    const { data } = found.snapshot;
    const channelId = body.channel?.id ?? (data.origin.via === 'slack' ? data.origin.channelId : '');
    const queued = await found.queue.enqueue({
      request: data.request,
      origin: { via: 'slack', teamId: body.team?.id ?? '', channelId, userId: body.user.id },
      // The click's trigger_id: a redelivered click is the same rerun, a second click a new one.
      dedupeKey: `slack:${body.trigger_id}`,
    });
    deps.logger.info(
      { audit: true, user: body.user.id, job: queued.jobId, of: found.jobId },
      'rerun clicked',
    );
    if (queued.duplicate) return;
    try {
      await postQueuedMessage(client, deps.messages, {
        jobId: queued.jobId,
        cluster: found.queue.cluster,
        request: data.request,
        userId: body.user.id,
        channelId,
      });
    } catch (error) {
      deps.logger.warn(
        { err: error, jobId: queued.jobId },
        'could not post the rerun message: cancelling it',
      );
      await found.queue.cancel(queued.jobId);
      await ephemeral(
        respond,
        `could not post the rerun (${slackErrorCode(error) ?? 'no answer from Slack'}), so it was not run`,
      );
    }
  });
}

async function requestersJob(
  deps: JobActionDependencies,
  value: string | undefined,
  userId: string,
  respond: RespondFn,
  what: 'cancel' | 'rerun',
) {
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
  const origin = snapshot.data.origin;
  if (origin.via !== 'slack' || origin.userId !== userId) {
    const owner = origin.via === 'slack' ? `<@${origin.userId}>` : 'the person who started it';
    await ephemeral(respond, `only ${owner} can ${what} #${reference.jobId}`);
    return undefined;
  }
  return { queue, snapshot, jobId: reference.jobId };
}

function ephemeral(respond: RespondFn, text: string): Promise<unknown> {
  return respond({ response_type: 'ephemeral', replace_original: false, text });
}
