import type { RedisClient } from '../queue/redis-client.js';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';

/** What Slack limits separately: a message posted into a channel, an edit of one. */
export type SlackWriteKind = 'post' | 'update';

/** A final (the queued message, the result) jumps the queue; progress waits or is replaced. */
export type Urgency = 'final' | 'progress';

export interface BudgetedCall {
  readonly kind: SlackWriteKind;
  readonly urgency: Urgency;
  /** The workspace: Slack counts "per method per app per workspace". */
  readonly team: string;
  readonly channel: string;
}

export interface SlackBudget {
  /**
   * Spends one call: 0 when it may go now (and is counted), otherwise how many milliseconds to wait
   * before asking again (nothing counted for the limit that said no).
   */
  take(call: BudgetedCall): Promise<number>;
  /** Slack answered 429: no replica spends on the limit the call hit until Retry-After has passed. */
  block(call: BudgetedCall, ms: number): Promise<void>;
}

/** Points per window; a window is fixed (rate-limiter-flexible's), so a spent one frees whole. */
export interface Rate {
  readonly points: number;
  readonly seconds: number;
}

/**
 * Slack's published limits (docs.slack.dev/apis/web-api/rate-limits), as budgets:
 * - chat.postMessage is "special": about one message a second per channel, short bursts allowed.
 *   Three per three seconds lets a quick command's queued post and its thread reply go at once.
 * - chat.update is Tier 3, 50+ a minute per workspace: 10 per 12 s, so a spent window frees soon.
 * - progress gets at most 6 of those 10 (30 a minute per workspace), so finals always keep 20 a
 *   minute however many jobs are running; and one update per 2 s per channel: the worker's tick
 *   (src/worker/run-progress.ts), so one job alone is shown every 2 s (SPEC 5: at least every 3 s);
 *   several jobs in a channel share it, each message keeping only its latest state.
 */
export const slackRates = {
  postPerChannel: { points: 3, seconds: 3 },
  updatePerWorkspace: { points: 10, seconds: 12 },
  progressPerWorkspace: { points: 6, seconds: 12 },
  progressPerChannel: { points: 1, seconds: 2 },
} as const satisfies Record<string, Rate>;

export type SlackRates = { readonly [name in keyof typeof slackRates]: Rate };

/**
 * The budget on Redis (rate-limiter-flexible's RateLimiterRedis), so the bot replicas (queued posts)
 * and every worker (progress, results) writing into one workspace spend one budget; each limiter
 * falls back to an in-memory one while Redis does not answer, so Slack still hears from us. Without
 * Redis (tests of one process) the budget is in memory.
 */
export function createSlackBudget(
  options: { redis?: RedisClient; prefix?: string; rates?: Partial<SlackRates> } = {},
): SlackBudget {
  const rates: SlackRates = { ...slackRates, ...options.rates };
  const prefix = `${options.prefix ?? 'netshoot'}:slack-budget`;
  const limiter = (name: keyof SlackRates): RateLimiterAbstract => {
    const rate = rates[name];
    const settings = { keyPrefix: `${prefix}:${name}`, points: rate.points, duration: rate.seconds };
    const memory = new RateLimiterMemory(settings);
    return options.redis
      ? new RateLimiterRedis({ ...settings, storeClient: options.redis, insuranceLimiter: memory })
      : memory;
  };
  const limiters = {
    postPerChannel: limiter('postPerChannel'),
    updatePerWorkspace: limiter('updatePerWorkspace'),
    progressPerWorkspace: limiter('progressPerWorkspace'),
    progressPerChannel: limiter('progressPerChannel'),
  };

  /** The limits a call spends, narrowest first: a refusal there wastes nothing of the wider ones. */
  const limitsOf = (call: BudgetedCall): [RateLimiterAbstract, string][] => {
    const channel = `${call.team}:${call.channel}`;
    if (call.kind === 'post') return [[limiters.postPerChannel, channel]];
    const update: [RateLimiterAbstract, string] = [limiters.updatePerWorkspace, call.team];
    if (call.urgency === 'final') return [update];
    return [[limiters.progressPerChannel, channel], [limiters.progressPerWorkspace, call.team], update];
  };

  return {
    async take(call) {
      for (const [limit, key] of limitsOf(call)) {
        try {
          await limit.consume(key);
        } catch (error) {
          // It rejects with its result when over the limit; Redis errors went to the insurance limiter.
          if (error instanceof RateLimiterRes) return Math.max(1, error.msBeforeNext);
          throw error;
        }
      }
      return 0;
    },
    async block(call, ms) {
      // The limit Slack enforces for this call: a channel's posts, or the workspace's updates.
      const [limit, key] = limitsOf({ ...call, urgency: 'final' })[0]!;
      await limit.block(key, Math.max(1, Math.ceil(ms / 1000)));
    },
  };
}
