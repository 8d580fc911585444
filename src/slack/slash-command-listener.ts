import { randomUUID } from 'node:crypto';
import type { App, RespondFn, SlashCommand } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import { isUserError, TransientError } from '../errors.js';
import type { Request } from '../grammar/request.js';
import { type EphemeralReply, internalErrorReply, reply, userErrorReply } from './blocks/replies.js';
import type { MessageStore } from './message-store.js';
import { answerMetaCommand, isMetaCommand } from './meta-commands.js';
import type { CommandCatalogue, SlackQueue } from './ports.js';
import { refusePrivilegedWithoutPolicy } from './privilege-gate.js';
import { postQueuedMessage, slackErrorCode } from './queued-message.js';
import type { CommandOutcome, SlackMetrics } from './slack-metrics.js';

export interface SlashCommandDependencies {
  readonly catalogue: CommandCatalogue;
  /** The queue of a cluster (SPEC 2: one per cluster); `--cluster X` goes to X's. */
  readonly queueFor: (cluster: string) => SlackQueue;
  /** The cluster whose queue answers `jobs`, `status ID` and `cancel ID`. */
  readonly defaultCluster: string;
  readonly policyPath: string | undefined;
  readonly messages: MessageStore;
  readonly metrics: SlackMetrics;
  readonly logger: Logger;
  readonly commandName?: string;
}

/** What the listener decided before acking, and the Slack calls that follow the ack. */
interface Decision {
  readonly outcome: CommandOutcome;
  readonly reply?: EphemeralReply;
  readonly after?: (client: WebClient, respond: RespondFn) => Promise<void>;
  readonly jobId?: string;
}

/**
 * `/netshoot ...`: parse, check privilege, enqueue, ack; then post the channel-visible message.
 * Everything before the ack is in-process work plus one Redis round trip (SPEC 5: Slack's 3 s).
 * Invalid input is answered in the ack itself, an ephemeral reply, and nothing is queued.
 */
export function registerSlashCommand(app: App, deps: SlashCommandDependencies): void {
  app.command(deps.commandName ?? '/netshoot', async ({ command, ack, context, client, respond }) => {
    const started = performance.now();
    // Slack redelivers a slow request with X-Slack-Retry-Num. The first delivery does the work
    // (and the job's dedupe key catches the rest), so a retry is acked and nothing else.
    const decision: Decision =
      context.retryNum !== undefined ? { outcome: 'retry' } : await decide(deps, command);
    await ack(decision.reply);
    deps.metrics.observeAck((performance.now() - started) / 1000);
    deps.metrics.countCommand(decision.outcome);
    deps.logger.info(
      {
        audit: true,
        user: command.user_id,
        channel: command.channel_id,
        text: command.text,
        outcome: decision.outcome,
        ...(decision.jobId === undefined ? {} : { job: decision.jobId }),
      },
      `slash command ${decision.outcome}`,
    );
    if (decision.after) await decision.after(client, respond);
  });
}

async function decide(deps: SlashCommandDependencies, command: SlashCommand): Promise<Decision> {
  if (isMetaCommand(command.text)) {
    try {
      const answer = await answerMetaCommand(command.text, {
        catalogue: deps.catalogue,
        queue: deps.queueFor(deps.defaultCluster),
        userId: command.user_id,
        channelId: command.channel_id,
      });
      return { outcome: 'meta', reply: answer };
    } catch (error) {
      return failure(deps, error, command);
    }
  }

  let request: Request;
  try {
    request = deps.catalogue.parseRequest(command.text);
    const definition = deps.catalogue.findCommand(request.tool);
    if (definition) refusePrivilegedWithoutPolicy(definition, deps.policyPath);
  } catch (error) {
    return failure(deps, error, command);
  }

  let queued: { jobId: string; duplicate: boolean };
  const queue = deps.queueFor(request.cluster);
  try {
    queued = await queue.enqueue({
      request,
      origin: {
        via: 'slack',
        teamId: command.team_id,
        channelId: command.channel_id,
        userId: command.user_id,
        userName: command.user_name,
        responseUrl: command.response_url,
      },
      dedupeKey: `slack:${command.trigger_id}`,
    });
  } catch (error) {
    return failure(deps, error, command);
  }
  if (queued.duplicate) return { outcome: 'duplicate', jobId: queued.jobId };

  const { jobId } = queued;
  return {
    outcome: 'accepted',
    jobId,
    after: async (client, respond) => {
      try {
        await postQueuedMessage(client, deps.messages, {
          jobId,
          cluster: queue.cluster,
          request,
          userId: command.user_id,
          channelId: command.channel_id,
        });
      } catch (error) {
        await explainPostFailure(deps, error, { jobId, queue, respond });
      }
    },
  };
}

/**
 * The bot could not post in the channel. Without its message nobody sees the result, so the job is
 * cancelled and the requester told how to fix it (usually: invite the bot).
 */
async function explainPostFailure(
  deps: SlashCommandDependencies,
  error: unknown,
  job: { jobId: string; queue: SlackQueue; respond: RespondFn },
): Promise<void> {
  const code = slackErrorCode(error);
  deps.logger.warn({ err: error, job: job.jobId, code }, 'could not post the queued message');
  await job.queue.cancel(job.jobId).catch(() => false);
  const why =
    code === 'not_in_channel' || code === 'channel_not_found'
      ? 'I am not a member of this channel: invite me with `/invite @netshoot`, then run it again'
      : `Slack refused my message (${code ?? 'no answer'}); try again in a moment`;
  await job
    .respond({
      response_type: 'ephemeral',
      replace_original: false,
      text: `#${job.jobId} was not run: ${why}`,
    })
    .catch((respondError: unknown) => deps.logger.warn({ err: respondError }, 'response_url post failed'));
}

function failure(deps: SlashCommandDependencies, error: unknown, command: SlashCommand): Decision {
  if (isUserError(error)) {
    return { outcome: error.kind === 'forbidden' ? 'forbidden' : 'invalid', reply: userErrorReply(error) };
  }
  if (error instanceof TransientError) {
    deps.logger.warn({ err: error, user: command.user_id }, 'could not queue');
    return { outcome: 'error', reply: reply(error.message) };
  }
  const reference = randomUUID().slice(0, 8);
  deps.logger.error(
    { err: error, ref: reference, user: command.user_id, text: command.text },
    'slash command failed',
  );
  return { outcome: 'error', reply: internalErrorReply(reference) };
}
