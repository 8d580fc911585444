import { randomUUID } from 'node:crypto';
import type { App, RespondFn, SlashCommand } from '@slack/bolt';
import type { Logger } from 'pino';
import type { AuditTrail } from '../audit/audit-record.js';
import { ForbiddenError, isUserError, TransientError } from '../errors.js';
import { auditQueued } from '../policy/create-gate.js';
import type { Decision } from '../policy/decision.js';
import type { Gate, GateInput } from '../policy/gate.js';
import type { JobOrigin } from '../queue/job.js';
import { type EphemeralReply, internalErrorReply, reply, userErrorReply } from './blocks/replies.js';
import type { ChannelWriter } from './channel-writer.js';
import type { MessageStore } from './message-store.js';
import { answerMetaCommand, isMetaCommand } from './meta-commands.js';
import { createAcksFirst } from './acks-first.js';
import { refusalForCaller } from './addressed-to-caller.js';
import type { CommandCatalogue, SlackQueue } from './ports.js';
import { postQueuedMessage, slackErrorCode } from './queued-message.js';
import { arrivedAt } from './request-arrival.js';
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
  /** The policy, the limits and the authorization (src/policy/create-gate.ts). */
  readonly gate: Gate;
  /** Where the door writes `queued` (the gate writes `requested` and `refused`). */
  readonly audit: AuditTrail;
  /** Absent until approvals are set up: a request that needs one is then refused, saying so. */
  readonly approvals?: ApprovalRequests;
  readonly messages: MessageStore;
  /** The workspace's URL (auth.test's `url`): `jobs` and `status` link to each job's message. */
  readonly workspaceUrl?: string;
  readonly metrics: SlackMetrics;
  /** The channels' writer (channel-writer.ts): the queued message is a final in its channel's budget. */
  readonly writer: ChannelWriter;
  readonly logger: Logger;
  readonly commandName?: string;
}

/**
 * The approvals (src/slack/approvals/, wired in create-slack-app.ts): a request the policy lets
 * through only once someone approves it. Called after the ack, with nothing queued and nothing
 * admitted; the approvals post the Approve and Deny buttons and, on approval, call
 * `gate.admit(input with door 'approval', { approvedBy })` and queue the job with `origin`.
 */
export interface ApprovalRequests {
  /** Resolves with what the requester is told privately: "waiting for approval by @sre-leads (…)". */
  ask(pending: PendingApproval): Promise<{ readonly reply: string }>;
}

export interface PendingApproval {
  /** The request, the person and channel, and the slash command's dedupe key (`slack:<trigger_id>`). */
  readonly input: GateInput;
  readonly decision: Extract<Decision, { effect: 'needs-approval' }>;
  /** What the job is queued with once approved: the requester's channel and response_url. */
  readonly origin: Extract<JobOrigin, { via: 'slack' }>;
}

/** What the listener decided before acking: a reply in the ack, or a request to hand on after it. */
type Answer =
  | { readonly outcome: CommandOutcome; readonly reply?: EphemeralReply }
  | { readonly outcome: 'accepted'; readonly input: GateInput }
  | {
      readonly outcome: 'approval';
      readonly input: GateInput;
      readonly decision: Extract<Decision, { effect: 'needs-approval' }>;
      readonly approvals: ApprovalRequests;
    };

/**
 * `/netshoot ...`. Before the ack: parse, and the policy's decision for this person in this channel
 * (in memory, user groups cached), so invalid and forbidden input is answered in the ack itself,
 * ephemeral, and nothing is queued. After the ack: the limits (Redis), enqueue with the authorization
 * (keyed by trigger_id, so a redelivery never runs twice), then the channel-visible "queued" message.
 * Redis stays off the ack path (bench/ack.ts measured a 50-command burst at 1.8x a bare app with
 * enqueue before the ack, SPEC 8 allows 1.2x); a limit or a queue that refuses is reported through
 * the response_url instead. A request that needs approval goes to the approvals after the ack.
 */
export function registerSlashCommand(app: App, deps: SlashCommandDependencies): void {
  const acksFirst = createAcksFirst();
  app.command(deps.commandName ?? '/netshoot', async ({ command, ack, context, respond }) => {
    const started = arrivedAt(context, performance.now());
    const acked = acksFirst.begin();
    // Slack redelivers a slow request with X-Slack-Retry-Num. The first delivery does the work
    // (and the job's dedupe key catches the rest), so a retry is acked and nothing else.
    const answer: Answer =
      context.retryNum !== undefined ? { outcome: 'retry' } : await decide(deps, command);
    try {
      await ack('reply' in answer ? answer.reply : undefined);
    } finally {
      acked();
    }
    deps.metrics.observeAck((performance.now() - started) / 1000);
    if (!('input' in answer)) {
      finish(deps, command, answer.outcome);
      return;
    }
    await acksFirst.whenAcksDone();
    if ('approvals' in answer) {
      finish(deps, command, 'approval');
      const told = await answer.approvals
        .ask({ input: answer.input, decision: answer.decision, origin: originOf(command) })
        .then(
          (asked) => asked.reply,
          (error: unknown) => describeFailure(deps, error, command).message.text,
        );
      await tell(deps, respond, told);
      return;
    }
    await queueAndAnnounce(deps, command, answer.input, respond);
  });
}

async function decide(deps: SlashCommandDependencies, command: SlashCommand): Promise<Answer> {
  try {
    if (isMetaCommand(command.text)) {
      const answer = await answerMetaCommand(command.text, {
        catalogue: deps.catalogue,
        queue: deps.queueFor(deps.defaultCluster),
        userId: command.user_id,
        channelId: command.channel_id,
        messages: deps.messages,
        ...(deps.workspaceUrl === undefined ? {} : { workspaceUrl: deps.workspaceUrl }),
      });
      return { outcome: 'meta', reply: answer };
    }
    const input: GateInput = {
      request: deps.catalogue.parseRequest(command.text),
      caller: {
        kind: 'slack',
        userId: command.user_id,
        channelId: command.channel_id,
        ...(command.channel_name ? { channelName: command.channel_name } : {}),
      },
      door: 'slash-command',
      dedupeKey: `slack:${command.trigger_id}`,
    };
    const decision = await deps.gate.decide(input);
    switch (decision.effect) {
      case 'allow':
        return { outcome: 'accepted', input };
      case 'deny':
        throw new ForbiddenError(decision.reason, [decision.fix]);
      case 'needs-approval':
        if (!deps.approvals) {
          throw new ForbiddenError(
            `this needs approval by ${decision.approvers.group}, and approvals are not set up in this bot: ${decision.reason}`,
            ['ask whoever runs the bot to set up approvals (docs/policy.md), or for a rule that allows it'],
          );
        }
        return { outcome: 'approval', input, decision, approvals: deps.approvals };
    }
  } catch (error) {
    const { outcome, message } = describeFailure(deps, error, command);
    return { outcome, reply: message };
  }
}

function originOf(command: SlashCommand): PendingApproval['origin'] {
  return {
    via: 'slack',
    teamId: command.team_id,
    channelId: command.channel_id,
    userId: command.user_id,
    userName: command.user_name,
    responseUrl: command.response_url,
  };
}

async function queueAndAnnounce(
  deps: SlashCommandDependencies,
  command: SlashCommand,
  input: GateInput,
  respond: RespondFn,
): Promise<void> {
  const { request } = input;
  let queue: SlackQueue;
  let queued: { jobId: string; duplicate: boolean };
  let ticket: Parameters<Gate['release']>[0] | undefined;
  try {
    await deps.checkCluster?.(request.cluster);
    const admitted = await deps.gate.admit(input);
    if (admitted.kind === 'refused') throw admitted.error;
    ticket = admitted.ticket;
    queue = deps.queueFor(request.cluster);
    queued = await queue.enqueue({
      request,
      origin: originOf(command),
      dedupeKey: input.dedupeKey,
      authorization: admitted.authorization,
    });
    auditQueued(deps.audit, deps.logger, input, {
      jobId: queued.jobId,
      cluster: queue.cluster,
      rule: admitted.authorization.rule,
    });
  } catch (error) {
    if (ticket) await releaseTicket(deps, ticket);
    const { outcome, message } = describeFailure(deps, error, command);
    finish(deps, command, outcome);
    await tell(deps, respond, message.text);
    return;
  }
  finish(deps, command, queued.duplicate ? 'duplicate' : 'accepted', queued.jobId);
  if (queued.duplicate) return;
  try {
    await postQueuedMessage(deps.writer, deps.messages, {
      teamId: command.team_id,
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
    const cancelled = await queue.cancel(queued.jobId).catch((cancelError: unknown) => {
      // It may run then; its result still gets a message of its own (src/slack/slack-reporter.ts).
      deps.logger.error(
        { err: cancelError, jobId: queued.jobId },
        'could not cancel a job without its message',
      );
      return false;
    });
    // A cancelled job never started: its slots free now, not when the worker gets to it.
    if (cancelled) await releaseTicket(deps, ticket);
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

async function releaseTicket(
  deps: Pick<SlashCommandDependencies, 'gate' | 'logger'>,
  ticket: Parameters<Gate['release']>[0],
): Promise<void> {
  await deps.gate.release(ticket).catch((error: unknown) =>
    // The ticket's holdMs frees the slots anyway; until then the person may meet a limit early.
    deps.logger.warn({ err: error, ticket: ticket.id }, 'could not release the limits of a job not run'),
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
    const caller = { userId: command.user_id, channelId: command.channel_id };
    return {
      outcome: error.kind === 'forbidden' ? 'forbidden' : 'invalid',
      message: userErrorReply(refusalForCaller(error, caller)),
    };
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
