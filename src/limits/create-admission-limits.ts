import { keyPrefixOf, type RedisClient } from '../queue/redis-client.js';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { AdmissionLimits, AdmissionTicket, LimitRefusal, LimitSettings } from './admission.js';
import { limitValuesOf, type LimitValues } from './limit-values.js';
import {
  captureRefusal,
  channelRateRefusal,
  channelRunningRefusal,
  userRateRefusal,
  userRunningRefusal,
} from './refusal-words.js';
import { admitScript, readSlotAnswer } from './slot-script.js';

/** The script, registered on the client once (ioredis then sends EVALSHA, and the body only once). */
const admitCommand = 'netshootAdmitSlots';
type WithAdmit = { [admitCommand]: (...args: (string | number)[]) => Promise<unknown> };

/**
 * The limits of docs/limits.md on one Redis, so every bot replica counts the same commands and jobs.
 * `limits` is read at each admit: a policy reload applies to the next command.
 *
 * Commands per minute: rate-limiter-flexible's RateLimiterRedis (a fixed one-minute window per user
 * and per channel, counted by its own atomic script; ioredis needs no `useRedisPackage`, that flag is
 * for node-redis 4+). Every command that reaches admit counts toward its user's rate, refused or not:
 * someone retrying a refused command is still sending commands, and a refusal needs no second round
 * trip to give the point back. The channel's rate is asked only once the user's passed, so one person
 * hammering past their own limit does not use up the channel's minute for everyone else.
 *
 * Jobs running and captures per target: slots in sorted sets, all checked and reserved by one script
 * (slot-script.ts says why not rate-limiter-flexible there).
 */
export function createAdmissionLimits(
  redis: RedisClient,
  limits: () => LimitSettings | undefined,
  options: { prefix?: string } = {},
): AdmissionLimits {
  // One hash tag on a Cluster: the admission script and the release's transaction span several keys.
  const base = `${keyPrefixOf(redis, options.prefix)}:limits`;
  const keys = {
    userRunning: (user: string) => `${base}:running:user:${user}`,
    channelRunning: (channel: string) => `${base}:running:channel:${channel}`,
    capture: (target: string) => `${base}:capture:${target}`,
    ticket: (id: string) => `${base}:ticket:${id}`,
  };
  if (!(admitCommand in redis)) redis.defineCommand(admitCommand, { lua: admitScript });
  const client = redis as unknown as RedisClient & WithAdmit;

  // One limiter per scope and number of points: the points come from the policy at each admit, and a
  // limiter's points are fixed; the counters live in Redis under the same key whatever the points.
  const rateLimiters = new Map<string, RateLimiterRedis>();
  const rateLimiter = (scope: 'user' | 'channel', points: number) => {
    const name = `${scope}:${points}`;
    let limiter = rateLimiters.get(name);
    if (!limiter) {
      limiter = new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: `${base}:rate:${scope}`,
        points,
        duration: 60,
      });
      rateLimiters.set(name, limiter);
    }
    return limiter;
  };

  /** Undefined when the point was counted within the limit; the time to wait when it was not. */
  const spendPoint = async (scope: 'user' | 'channel', who: string, points: number) => {
    try {
      await rateLimiter(scope, points).consume(who);
      return undefined;
    } catch (error) {
      // rate-limiter-flexible rejects with its result when over the limit, with an Error when Redis fails.
      if (error instanceof RateLimiterRes) return error.msBeforeNext;
      throw error;
    }
  };

  const slotsOf = (ticket: AdmissionTicket, values: LimitValues) => [
    { key: keys.userRunning(ticket.user), limit: values.userRunningJobs },
    ...(ticket.channel
      ? [{ key: keys.channelRunning(ticket.channel), limit: values.channelRunningJobs }]
      : []),
    ...(ticket.captureTarget
      ? [{ key: keys.capture(ticket.captureTarget), limit: values.capturesPerTarget }]
      : []),
  ];

  const refusalFor = async (
    ticket: AdmissionTicket,
    values: LimitValues,
    full: string,
    held: number,
    freesInMs: number,
    firstHolder: string,
  ): Promise<LimitRefusal> => {
    if (full === keys.userRunning(ticket.user)) return userRunningRefusal(held, values.userRunningJobs);
    if (ticket.channel && full === keys.channelRunning(ticket.channel)) {
      return channelRunningRefusal(held, values.channelRunningJobs);
    }
    const [user, tool] = await redis.hmget(keys.ticket(firstHolder), 'user', 'tool');
    return captureRefusal(ticket.captureTarget ?? '', held, values.capturesPerTarget, freesInMs, {
      ...(tool ? { tool } : {}),
      byRequester: user === ticket.user,
    });
  };

  return {
    async admit(ticket) {
      const values = limitValuesOf(limits());
      const userWait = await spendPoint('user', ticket.user, values.userCommandsPerMinute);
      if (userWait !== undefined) return userRateRefusal(values.userCommandsPerMinute, userWait);
      if (ticket.channel) {
        const channelWait = await spendPoint('channel', ticket.channel, values.channelCommandsPerMinute);
        if (channelWait !== undefined)
          return channelRateRefusal(values.channelCommandsPerMinute, channelWait);
      }

      const slots = slotsOf(ticket, values);
      const holdMs = Math.max(1, Math.ceil(ticket.holdMs));
      const answer = readSlotAnswer(
        await client[admitCommand](
          1 + slots.length,
          keys.ticket(ticket.id),
          ...slots.map((slot) => slot.key),
          ticket.id,
          holdMs,
          ticket.user,
          ticket.tool ?? '',
          ...slots.map((slot) => slot.limit),
        ),
      );
      if (answer.admitted) return undefined;
      const full = slots[answer.full];
      if (!full) throw new Error(`the admission script named slot set ${answer.full} of ${slots.length}`);
      return refusalFor(ticket, values, full.key, answer.held, answer.freesInMs, answer.firstHolder);
    },

    async release(ticket) {
      const recorded = await redis.hget(keys.ticket(ticket.id), 'keys');
      // The record says exactly what admit reserved; the ticket's own keys cover a record already
      // expired, so a release never depends on the worker computing the same ticket as the door.
      const held = new Set([
        ...(recorded ? recorded.split('\n') : []),
        ...slotsOf(ticket, limitValuesOf(undefined)).map((slot) => slot.key),
      ]);
      const multi = redis.multi();
      for (const key of held) multi.zrem(key, ticket.id);
      multi.del(keys.ticket(ticket.id));
      const failed = (await multi.exec())?.find(([error]) => error)?.[0];
      if (failed) throw failed;
    },
  };
}
