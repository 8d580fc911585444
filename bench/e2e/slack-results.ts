import { actionIds } from '../../src/slack/blocks/job-actions.js';
import type { FakeSlack, RecordedCall } from '../../test/harness/slack/fake-slack.js';
import { waitFor } from '../../test/harness/wait-for.js';

/** When one command's answer reached Slack, by the fake Slack's clock (ms since the epoch). */
export interface CommandAnswer {
  /** The job's message (the bot's queued message) in the channel. */
  readonly ts: string;
  /**
   * The first call that showed the result: the thread reply with the details, or the job's message
   * turned into its verdict (it carries Rerun once ended), whichever Slack got first.
   */
  readonly resultAt: number;
  /** The call that turned the job's message into its verdict: the last of the command's calls today. */
  readonly finalAt: number;
}

/**
 * Reads the fake Slack's calls by channel, for simulated users who each type in a channel of their
 * own and wait for one answer at a time: every call in the channel after a command was sent is that
 * command's. New calls are indexed from a cursor, so 20 users polling cost one pass over the log.
 */
export function createSlackResults(fake: FakeSlack) {
  let cursor = 0;
  const byChannel = new Map<string, RecordedCall[]>();
  const index = () => {
    for (; cursor < fake.calls.length; cursor += 1) {
      const call = fake.calls[cursor] as RecordedCall;
      const channel = String(call.args.channel ?? call.args.channel_id ?? '');
      const calls = byChannel.get(channel) ?? [];
      calls.push(call);
      byChannel.set(channel, calls);
    }
  };

  /** The answer to the command sent to `channel` at `sentAt`, once the job's message carries its verdict. */
  function answerOf(channel: string, sentAt: number): CommandAnswer | { refused: string } | undefined {
    index();
    const calls = (byChannel.get(channel) ?? []).filter((call) => call.at >= sentAt);
    const refused = calls.find((call) => call.method === 'chat.postEphemeral');
    if (refused) return { refused: String(refused.args.text) };
    const queued = calls.find(
      (call) =>
        call.method === 'chat.postMessage' && call.args.thread_ts === undefined && call.status === 200,
    );
    const ts = queued?.response.ts;
    if (typeof ts !== 'string') return undefined;
    const isVerdict = (call: RecordedCall) =>
      (call.args.ts === ts || call.response.ts === ts) && hasRerun(call.args.blocks);
    const result = calls.find((call) => call.args.thread_ts === ts || isVerdict(call));
    const final = calls.find(isVerdict);
    if (!result || !final) return undefined;
    return { ts, resultAt: result.at, finalAt: final.at };
  }

  return {
    async wait(channel: string, sentAt: number, timeoutMs: number): Promise<CommandAnswer> {
      const answer = await waitFor(() => answerOf(channel, sentAt), {
        what: `the result of the command sent to ${channel}`,
        timeoutMs,
        everyMs: 10,
      });
      if ('refused' in answer) throw new Error(`the command in ${channel} was refused: ${answer.refused}`);
      return answer;
    },
    /** Every call from `from` (an index into fake.calls) on: a phase's share of the log. */
    callsSince(from: number): RecordedCall[] {
      return fake.calls.slice(from);
    },
  };
}

function hasRerun(blocks: unknown): boolean {
  if (!Array.isArray(blocks)) return false;
  return blocks.some(
    (block: { elements?: { action_id?: string }[] }) =>
      Array.isArray(block.elements) &&
      block.elements.some((element) => element.action_id === actionIds.rerun),
  );
}
