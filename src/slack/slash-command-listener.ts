import { randomUUID } from 'node:crypto';
import type { App, RespondFn, SlashCommand } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import { isUserError, TransientError } from '../errors.js';
import type { Request } from '../grammar/request.js';
import { type EphemeralReply, internalErrorReply, reply, userErrorReply } from './blocks/replies.js';
import type { MessageStore } from './message-store.js';
import { answerMetaCommand, isMetaCommand } from './meta-commands.js';
import { createAcksFirst } from './acks-first.js';
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
  /**
   * Refuses (with a UserError) a `--cluster` that no worker serves, before its queue is touched:
   * a typo would otherwise wait forever in a queue nobody reads.
   */
  readonly checkCluster?: (cluster: string) => Promise<void>;
  readonly policyPath: string | undefined;
  readonly messages: MessageStore;
  readonly metrics: SlackMetrics;
  readonly logger: Logger;
  readonly commandName?: string;
}

/** What the listener decided before acking: a reply in the ack, or a valid request to queue after it. */
type Decision =
  | { readonly outcome: CommandOutcome; readonly reply?: EphemeralReply }
  | { readonly outcome: 'accepted'; readonly request: Request };

/**
 * `/netshoot ...`. Before the ack: parse and check privilege, which is in-process work (a fraction of
 * a millisecond), so invalid and forbidden input is answered in the ack itself, ephemeral, and
 * nothing is queued. After the ack: enqueue (keyed by trigger_id, so a redelivery never runs twice),
 * then the channel-visible "queued" message. Enqueueing after the ack keeps Redis off the ack path
 * (bench/ack.ts measured a 50-command burst at 1.8x a bare app with it before the ack, SPEC 8 allows
 * 1.5x); a queue that cannot take the job is reported through the response_url instead.
 */
export function registerSlashCommand(app: App, deps: SlashCommandDependencies): void {
  const acksFirst = createAcksFirst();
  app.command(deps.commandName ?? '/netshoot', async ({ command, ack, context, client, respond }) => {
    const started = performance.now();
    const acked = acksFirst.begin();
    // Slack redelivers a slow request with X-Slack-Retry-Num. The first delivery does the work
    // (and the job's dedupe key catches the rest), so a retry is acked and nothing else.
    const decision: Decision =
      context.retryNum !== undefined ? { outcome: 'retry' } : await decide(deps, command);
    try {
      await ack('reply' in decision ? decision.reply : undefined);
    } finally {
      acked();
    }
    deps.metrics.observeAck((performance.now() - started) / 1000);
    if (!('request' in decision)) {
      finish(deps, command, decision.outcome);
      return;
    }
    await acksFirst.whenAcksDone();
    await queueAndAnnounce(deps, command, decision.request, client, respond);
  });
}

async function decide(deps: SlashCommandDependencies, command: SlashCommand): Promise<Decision> {
  try {
    if (isMetaCommand(command.text)) {
      const answer = await answerMetaCommand(command.text, {
        catalogue: deps.catalogue,
        queue: deps.queueFor(deps.defaultCluster),
        userId: command.user_id,
        channelId: command.channel_id,
      });
      return { outcome: 'meta', reply: answer };
    }
    const request = deps.catalogue.parseRequest(command.text);
    const definition = deps.catalogue.findCommand(request.tool);
    if (definition) refusePrivilegedWithoutPolicy(definition, deps.policyPath);
    return { outcome: 'accepted', request };
  } catch (error) {
    const { outcome, message } = describeFailure(deps, error, command);
    return { outcome, reply: message };
  }
}

async function queueAndAnnounce(
  deps: SlashCommandDependencies,
  command: SlashCommand,
  request: Request,
  client: WebClient,
  respond: RespondFn,
): Promise<void> {
  let queue: SlackQueue;
  let queued: { jobId: string; duplicate: boolean };
  try {
    await deps.checkCluster?.(request.cluster);
    queue = deps.queueFor(request.cluster);
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
    const { outcome, message } = describeFailure(deps, error, command);
    finish(deps, command, outcome);
    await tell(deps, respond, message.text);
    return;
  }
  finish(deps, command, queued.duplicate ? 'duplicate' : 'accepted', queued.jobId);
  if (queued.duplicate) return;
  try {
    await postQueuedMessage(client, deps.messages, {
      jobId: queued.jobId,
      cluster: queue.cluster,
      request,
      userId: command.user_id,
      channelId: command.channel_id,
    });
  } catch (error) {
    // Without its message nobody would see the result: the job is cancelled and the requester told
    // how to fix it (usually: invite the bot).
    const code = slackErrorCode(error);
    deps.logger.warn({ err: error, job: queued.jobId, code }, 'could not post the queued message');
    await queue.cancel(queued.jobId).catch((cancelError: unknown) =>
      // It may run then; its result still gets a message of its own (src/slack/slack-reporter.ts).
      deps.logger.error(
        { err: cancelError, jobId: queued.jobId },
        'could not cancel a job without its message',
      ),
    );
    const why =
      code === 'not_in_channel' || code === 'channel_not_found'
        ? 'I am not a member of this channel: invite me with `/invite @netshoot`, then run it again'
        : `Slack refused my message (${code ?? 'no answer'}); try again in a moment`;
    await tell(deps, respond, `#${queued.jobId} was not run: ${why}`);
  }
}

/** Counts and audits (SPEC 6: who, where, what, outcome) every command, accepted or refused. */
function finish(
  deps: SlashCommandDependencies,
  command: SlashCommand,
  outcome: CommandOutcome,
  jobId?: string,
): void {
  deps.metrics.countCommand(outcome);
  deps.logger.info(
    {
      audit: true,
      user: command.user_id,
      channel: command.channel_id,
      text: command.text,
      outcome,
      ...(jobId === undefined ? {} : { job: jobId }),
    },
    `slash command ${outcome}`,
  );
}

function tell(deps: SlashCommandDependencies, respond: RespondFn, text: string): Promise<unknown> {
  return respond({ response_type: 'ephemeral', replace_original: false, text }).catch((error: unknown) =>
    deps.logger.warn({ err: error }, 'response_url post failed'),
  );
}

function describeFailure(
  deps: SlashCommandDependencies,
  error: unknown,
  command: SlashCommand,
): { outcome: CommandOutcome; message: EphemeralReply } {
  if (isUserError(error)) {
    return { outcome: error.kind === 'forbidden' ? 'forbidden' : 'invalid', message: userErrorReply(error) };
  }
  if (error instanceof TransientError) {
    deps.logger.warn({ err: error, user: command.user_id }, 'could not queue');
    return { outcome: 'error', message: reply(error.message) };
  }
  const reference = randomUUID().slice(0, 8);
  deps.logger.error(
    { err: error, ref: reference, user: command.user_id, text: command.text },
    'slash command failed',
  );
  return { outcome: 'error', message: internalErrorReply(reference) };
}
