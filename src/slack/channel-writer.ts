import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { BudgetedCall, SlackBudget, SlackWriteKind } from './slack-budget.js';

/** Time as the writer sees it; tests pass a clock they move by hand. */
export interface WriterClock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: WriterClock = {
  now: () => Date.now(),
  setTimeout: (run, ms) => {
    // A pending Slack write never keeps a process alive that is otherwise done.
    const handle = setTimeout(run, ms);
    handle.unref();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** A message in a channel: what progress updates are coalesced by. */
export interface MessagePlace {
  readonly team: string;
  readonly channel: string;
  readonly ts: string;
}

export interface FinalCall {
  readonly kind: SlackWriteKind;
  readonly team: string;
  readonly channel: string;
  /**
   * The message the call finishes (its result in the thread, its last update): its pending progress
   * is dropped and later progress for it ignored, so nothing stale lands after the answer.
   */
  readonly finishes?: string;
}

export interface ChannelWriter {
  /**
   * The latest progress of a message: replaces any of its progress not yet sent (only the latest state
   * of a message is worth a call), sent from `notBefore` on (ms, the writer's clock) when the budget
   * allows and no final is waiting in its channel. Never throws; a failure is logged.
   */
  progress(
    place: MessagePlace,
    send: (client: WebClient) => Promise<unknown>,
    options?: { notBefore?: number },
  ): void;
  /**
   * A call that must land (the queued message, the result, the last update): ahead of every progress
   * update of its channel, in the order finals were asked, after the budget allows; a 429 is honoured
   * (its Retry-After blocks the budget for every replica) and the call retried.
   */
  final<T>(call: FinalCall, send: (client: WebClient) => Promise<T>): Promise<T>;
  /**
   * The message's answer is being made (charts render, files are fetched): its pending progress is
   * dropped now and later progress ignored, as a final that `finishes` it would.
   */
  finishing(place: MessagePlace): void;
}

export interface ChannelWriterOptions {
  /** Must reject 429s (`rejectRateLimitedCalls`, createWriterClient): the writer waits, not the SDK. */
  readonly client: WebClient;
  readonly budget: SlackBudget;
  readonly logger: Logger;
  readonly clock?: WriterClock;
  /** How many 429s a final survives before it fails (each waits its Retry-After). */
  readonly finalAttempts?: number;
}

interface FinalItem {
  readonly call: BudgetedCall;
  readonly send: (client: WebClient) => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
  rateLimited: number;
}

interface ProgressItem {
  readonly call: BudgetedCall;
  readonly ts: string;
  readonly send: (client: WebClient) => Promise<unknown>;
  readonly notBefore: number;
}

/** One channel's writes: finals in order, then the latest progress of each message. */
interface Lane {
  readonly key: string;
  readonly finals: FinalItem[];
  readonly progress: Map<string, ProgressItem>;
  busy: boolean;
  timer?: { handle: unknown; at: number };
}

/** Messages whose answer is out, remembered so a late progress event does not overwrite it. */
const finishedKept = 2000;

/**
 * One writer per channel (docs/slack.md "Rate limits and budget"): Slack limits posts per channel and
 * updates per workspace, and a worker reports progress every 2 s, so without this a busy incident
 * channel meets 429s long before anything else strains. Each channel's lane sends one call at a time:
 * finals first, then progress, each only when the shared budget (slack-budget.ts) allows it.
 */
export function createChannelWriter(options: ChannelWriterOptions): ChannelWriter {
  const { client, budget, logger } = options;
  const clock = options.clock ?? systemClock;
  const finalAttempts = options.finalAttempts ?? 8;
  const lanes = new Map<string, Lane>();
  const finished = new Set<string>();

  const laneOf = (team: string, channel: string): Lane => {
    const key = `${team}:${channel}`;
    let lane = lanes.get(key);
    if (!lane) {
      lane = { key, finals: [], progress: new Map(), busy: false };
      lanes.set(key, lane);
    }
    return lane;
  };

  const markFinished = (place: MessagePlace) => {
    lanes.get(`${place.team}:${place.channel}`)?.progress.delete(place.ts);
    finished.add(`${place.team}:${place.channel}:${place.ts}`);
    if (finished.size > finishedKept) finished.delete(finished.values().next().value!);
  };

  const wakeAt = (lane: Lane, at: number) => {
    if (lane.timer && lane.timer.at <= at) return;
    if (lane.timer) clock.clearTimeout(lane.timer.handle);
    const handle = clock.setTimeout(
      () => {
        lane.timer = undefined;
        void pump(lane);
      },
      Math.max(0, at - clock.now()),
    );
    lane.timer = { handle, at };
  };

  /** The next call of a lane: its first final, else its progress due the soonest. */
  const nextOf = (lane: Lane): FinalItem | ProgressItem | undefined => {
    if (lane.finals[0]) return lane.finals[0];
    const now = clock.now();
    let next: ProgressItem | undefined;
    for (const item of lane.progress.values()) if (item.notBefore <= now) return item;
    for (const item of lane.progress.values()) if (!next || item.notBefore < next.notBefore) next = item;
    if (next) wakeAt(lane, next.notBefore);
    return undefined;
  };

  async function pump(lane: Lane): Promise<void> {
    if (lane.busy) return;
    lane.busy = true;
    try {
      for (let item = nextOf(lane); item; item = nextOf(lane)) {
        const wait = await budget.take(item.call).catch((error: unknown) => {
          // The budget's own failure must not silence Slack: the call goes, unbudgeted.
          logger.warn({ err: error }, 'the Slack budget did not answer');
          return 0;
        });
        if (wait > 0) {
          // A final that came while a progress update asked for its budget goes now, not after.
          if (!('resolve' in item) && lane.finals.length > 0) continue;
          wakeAt(lane, clock.now() + wait);
          return;
        }
        let sent: 'sent' | 'rate-limited';
        if ('resolve' in item) sent = await sendFinal(lane, item);
        else {
          // While it waited for its budget, a final may have come (it goes first; the point is lost),
          // or a newer state of the message (that one goes instead), or its answer (nothing goes).
          const latest = lane.progress.get(item.ts);
          if (lane.finals.length > 0 || !latest) continue;
          sent = await sendProgress(lane, latest);
        }
        if (sent === 'rate-limited') return;
      }
      if (!lane.timer && lane.finals.length === 0 && lane.progress.size === 0) lanes.delete(lane.key);
    } finally {
      lane.busy = false;
    }
  }

  async function sendFinal(lane: Lane, item: FinalItem): Promise<'sent' | 'rate-limited'> {
    try {
      const answer = await item.send(client);
      lane.finals.shift();
      item.resolve(answer);
      return 'sent';
    } catch (error) {
      const retryAfterMs = retryAfterOf(error);
      if (retryAfterMs !== undefined && item.rateLimited + 1 < finalAttempts) {
        item.rateLimited += 1;
        logger.info({ channel: item.call.channel, retryAfterMs }, 'Slack said 429: waiting to retry');
        await blockBudget(item.call, retryAfterMs);
        wakeAt(lane, clock.now() + retryAfterMs);
        return 'rate-limited';
      }
      lane.finals.shift();
      item.reject(error);
      return 'sent';
    }
  }

  async function sendProgress(lane: Lane, item: ProgressItem): Promise<'sent' | 'rate-limited'> {
    // Taken out before it goes: a newer state arriving meanwhile waits as the next one.
    if (lane.progress.get(item.ts) === item) lane.progress.delete(item.ts);
    try {
      await item.send(client);
      return 'sent';
    } catch (error) {
      const retryAfterMs = retryAfterOf(error);
      if (retryAfterMs === undefined) {
        logger.warn({ err: error, channel: item.call.channel }, 'a progress update failed');
        return 'sent';
      }
      await blockBudget(item.call, retryAfterMs);
      // Tried again later unless a newer state or the answer came meanwhile.
      if (!lane.progress.has(item.ts) && !finished.has(`${item.call.team}:${item.call.channel}:${item.ts}`))
        lane.progress.set(item.ts, item);
      wakeAt(lane, clock.now() + retryAfterMs);
      return 'rate-limited';
    }
  }

  async function blockBudget(call: BudgetedCall, ms: number): Promise<void> {
    await budget.block(call, ms).catch((error: unknown) => {
      logger.warn({ err: error }, 'could not share a 429 with the other replicas');
    });
  }

  return {
    progress(place, send, progressOptions = {}) {
      if (finished.has(`${place.team}:${place.channel}:${place.ts}`)) return;
      const lane = laneOf(place.team, place.channel);
      const call: BudgetedCall = {
        kind: 'update',
        urgency: 'progress',
        team: place.team,
        channel: place.channel,
      };
      lane.progress.set(place.ts, {
        call,
        ts: place.ts,
        send,
        notBefore: progressOptions.notBefore ?? clock.now(),
      });
      void pump(lane);
    },
    finishing: markFinished,
    final(call, send) {
      const lane = laneOf(call.team, call.channel);
      const budgeted: BudgetedCall = {
        kind: call.kind,
        urgency: 'final',
        team: call.team,
        channel: call.channel,
      };
      if (call.finishes !== undefined)
        markFinished({ team: call.team, channel: call.channel, ts: call.finishes });
      return new Promise((resolve, reject) => {
        lane.finals.push({
          call: budgeted,
          send,
          resolve: resolve as (value: unknown) => void,
          reject,
          rateLimited: 0,
        });
        void pump(lane);
      });
    },
  };
}

/** Slack's Retry-After in ms, when the error is the SDK's 429 (rejectRateLimitedCalls). */
function retryAfterOf(error: unknown): number | undefined {
  const { code, retryAfter } = (error ?? {}) as { code?: unknown; retryAfter?: unknown };
  if (code !== 'slack_webapi_rate_limited_error' || typeof retryAfter !== 'number') return undefined;
  return retryAfter * 1000;
}
