import { randomUUID } from 'node:crypto';
import { checkMessage } from '../../harness/slack/block-limits.js';
import type { PostedMessage } from '../../harness/slack/fake-slack.js';
import { sendSlashCommand, type SlackHttpAnswer } from '../../harness/slack/signed-requests.js';
import type { SlackStack } from '../../harness/slack/slack-stack.js';

/** A slash command typed by `userId` (alice by default), signed with the app's secret. */
export function slash(
  stack: SlackStack,
  text: string,
  options: { triggerId?: string; retryNum?: number; userId?: string } = {},
): Promise<SlackHttpAnswer> {
  const triggerId = options.triggerId ?? randomUUID();
  return sendSlashCommand(
    stack.eventsUrl,
    {
      text,
      triggerId,
      responseUrl: stack.fake.responseUrl(triggerId),
      ...(options.userId ? { userId: options.userId } : {}),
    },
    {
      signingSecret: stack.signingSecret,
      ...(options.retryNum === undefined ? {} : { retryNum: options.retryNum }),
    },
  );
}

/** The channel messages (not thread replies) posted since `since` messages existed. */
export function parentsSince(stack: SlackStack, since: number): PostedMessage[] {
  return stack.fake.messages.slice(since).filter((message) => message.threadTs === undefined);
}

export function firstLine(message: PostedMessage): string {
  const block = message.blocks?.[0] as { text?: { text?: string } } | undefined;
  return block?.text?.text?.split('\n')[0] ?? '';
}

export function jobIdOf(message: PostedMessage): string {
  const match = /[,·] #(\w+)/.exec(JSON.stringify(message.blocks));
  if (!match?.[1]) throw new Error(`no job number in ${JSON.stringify(message.blocks)}`);
  return match[1];
}

export function buttonValue(message: PostedMessage, actionId: string): string {
  for (const block of message.blocks ?? []) {
    const elements = (block as { elements?: { action_id?: string; value?: string }[] }).elements ?? [];
    const button = elements.find((element) => element.action_id === actionId);
    if (button?.value) return button.value;
  }
  throw new Error(`no ${actionId} button on ${JSON.stringify(message.blocks)}`);
}

/**
 * How many slash commands the bot is done deciding, by outcome (accepted, duplicate, invalid,
 * retry, ...), from its own /metrics: a command counted here has nothing more to do with the queue.
 */
export async function commandOutcomes(stack: SlackStack): Promise<Record<string, number>> {
  const text = await (await fetch(`${stack.baseUrl}/metrics`)).text();
  const counts: Record<string, number> = {};
  for (const [, outcome, count] of text.matchAll(
    /^netshoot_slack_commands_total\{outcome="(\w+)"\} (\d+)$/gm,
  ))
    counts[outcome!] = Number(count);
  return counts;
}

/** Waits until the bot has counted `more` further commands with `outcome` than `before` says. */
export async function waitForOutcomes(
  stack: SlackStack,
  before: Record<string, number>,
  more: Record<string, number>,
): Promise<void> {
  const wanted = Object.entries(more).map(
    ([outcome, count]) => [outcome, (before[outcome] ?? 0) + count] as const,
  );
  await stack.fake.waitFor(`the bot counting ${JSON.stringify(more)} more commands`, async () => {
    const now = await commandOutcomes(stack);
    return wanted.every(([outcome, count]) => (now[outcome] ?? 0) >= count);
  });
}

/** Waits for a job's parent message to carry its verdict and for the result in its thread. */
export async function waitForResult(
  stack: SlackStack,
  parent: PostedMessage,
  timeoutMs = 20_000,
): Promise<PostedMessage> {
  await stack.fake.waitFor(
    `the verdict on #${jobIdOf(parent)}`,
    () => JSON.stringify(parent.blocks).includes('result in the thread'),
    timeoutMs,
  );
  const reply = stack.fake.thread(parent.channel, parent.ts)[0];
  if (!reply) throw new Error('no result in the thread');
  return reply;
}

/** Every message Slack was asked to show passed Slack's limits, and no call came back ok:false. */
export function expectEverythingWithinLimits(stack: SlackStack): void {
  for (const message of stack.fake.messages) {
    for (const version of message.history) expect(checkMessage(version.text, version.blocks)).toBeUndefined();
  }
  const refused = stack.fake.calls.filter((call) => call.status === 200 && call.response.ok !== true);
  expect(refused.map((call) => `${call.method}: ${String(call.response.error)}`)).toEqual([]);
}

export function ephemeralOf(answer: SlackHttpAnswer): { response_type?: string; text?: string } {
  return JSON.parse(answer.body) as { response_type?: string; text?: string };
}
