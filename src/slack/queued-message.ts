import type { Request } from '../grammar/request.js';
import { renderJobMessage } from './blocks/job-message.js';
import type { ChannelWriter } from './channel-writer.js';
import type { MessageRef, MessageStore } from './message-store.js';

/**
 * Posts the channel-visible "queued as #42" message with its Cancel button (SPEC 5) and records
 * where it is, so the worker's reporter updates it and threads the result under it. A final in the
 * channel's writer: in a burst it waits for the channel's budget (and a 429's Retry-After) rather
 * than fail, and goes ahead of any progress update waiting there.
 */
export async function postQueuedMessage(
  writer: ChannelWriter,
  messages: MessageStore,
  job: {
    /** The workspace: the budget is Slack's, per workspace and channel. */
    teamId: string;
    jobId: string;
    cluster: string;
    request: Request;
    userId: string;
    channelId: string;
    /** A Rerun: the job it reruns and who clicked; kept with the message for the worker's redraws. */
    rerunOf?: MessageRef['rerunOf'];
  },
): Promise<MessageRef> {
  const view = renderJobMessage({
    jobId: job.jobId,
    cluster: job.cluster,
    request: job.request,
    userId: job.userId,
    stage: 'queued',
    ...(job.rerunOf ? { rerunOf: job.rerunOf } : {}),
  });
  const posted = await writer.final({ kind: 'post', team: job.teamId, channel: job.channelId }, (client) =>
    client.chat.postMessage({ channel: job.channelId, text: view.text, blocks: view.blocks }),
  );
  const ref: MessageRef = {
    channel: job.channelId,
    ts: String(posted.ts),
    ...(job.rerunOf ? { rerunOf: job.rerunOf } : {}),
  };
  await messages.save(job.cluster, job.jobId, ref);
  return ref;
}

/** Slack's error code from a Web API failure, if it was one. */
export function slackErrorCode(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}
