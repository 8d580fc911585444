import { keyPrefixOf, type RedisClient } from '../../queue/redis-client.js';
import { z } from 'zod';
import { requestSchema } from '../../grammar/request.js';

/** One request waiting for an approver: what was asked, by whom, where its message is, until when. */
export const pendingApprovalSchema = z.strictObject({
  id: z.string(),
  input: z.strictObject({
    request: requestSchema,
    caller: z.strictObject({
      kind: z.literal('slack'),
      userId: z.string(),
      channelId: z.string(),
      channelName: z.string().optional(),
    }),
    door: z.enum(['slash-command', 'rerun', 'approval', 'run', 'run-remote']),
    dedupeKey: z.string(),
  }),
  decision: z.strictObject({
    effect: z.literal('needs-approval'),
    rule: z.string(),
    reason: z.string(),
    approvers: z.strictObject({ group: z.string(), groupId: z.string() }),
    expiresAfterMs: z.number().int().positive(),
  }),
  teamId: z.string(),
  responseUrl: z.string().optional(),
  message: z.strictObject({ channel: z.string(), ts: z.string() }),
  askedAt: z.number(),
  expiresAt: z.number(),
});

export type PendingApproval = z.infer<typeof pendingApprovalSchema>;

export interface ApprovalStore {
  save(pending: PendingApproval): Promise<void>;
  /** A look without taking it: who may click is checked before anything changes. */
  find(id: string): Promise<PendingApproval | undefined>;
  /**
   * Takes it, atomically: of two approvers clicking at once, or two bot replicas, exactly one gets
   * it back; everyone else gets undefined.
   */
  claim(id: string): Promise<PendingApproval | undefined>;
  /** Takes, atomically, up to `max` of those whose expiry has passed: for the sweeper. */
  claimExpired(now: number, max: number): Promise<PendingApproval[]>;
}

/** Kept past the expiry, so a sweeper that was down (every replica restarting) still posts it. */
const keepAfterExpiryMs = 60 * 60_000;

/** GET and DEL in one step, and out of the expiry index: the one claim (Redis 6.2's GETDEL, plus ZREM). */
const claimScript = `
local value = redis.call('GET', KEYS[1])
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return value`;

/**
 * The expired ones, each taken whole. Keys are built from ARGV[3] inside the script: on a Cluster they
 * carry the index's hash tag, so they live on its node; an index entry whose record already went is dropped.
 */
const claimExpiredScript = `
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
local taken = {}
for _, id in ipairs(ids) do
  redis.call('ZREM', KEYS[1], id)
  local key = ARGV[3] .. id
  local value = redis.call('GET', key)
  if value then
    redis.call('DEL', key)
    table.insert(taken, value)
  end
end
return taken`;

export function createApprovalStore(redis: RedisClient, prefix?: string): ApprovalStore {
  // One hash tag on a Cluster: the scripts and the save's transaction touch a record and the index.
  const keyPrefix = `${keyPrefixOf(redis, prefix)}:approval:`;
  const index = `${keyPrefixOf(redis, prefix)}:approvals:by-expiry`;
  const parse = (stored: unknown): PendingApproval | undefined => {
    if (typeof stored !== 'string') return undefined;
    const parsed = pendingApprovalSchema.safeParse(JSON.parse(stored));
    return parsed.success ? parsed.data : undefined;
  };
  return {
    async save(pending) {
      const ttlMs = Math.max(pending.expiresAt - Date.now(), 0) + keepAfterExpiryMs;
      const results = await redis
        .multi()
        .set(keyPrefix + pending.id, JSON.stringify(pending), 'PX', ttlMs)
        .zadd(index, pending.expiresAt, pending.id)
        .exec();
      // A transaction reports each command's failure in its results instead of throwing.
      const failed = results?.find(([error]) => error !== null)?.[0];
      if (failed) throw failed;
    },
    async find(id) {
      return parse(await redis.get(keyPrefix + id));
    },
    async claim(id) {
      return parse(await redis.eval(claimScript, 2, keyPrefix + id, index, id));
    },
    async claimExpired(now, max) {
      const taken = (await redis.eval(claimExpiredScript, 1, index, now, max, keyPrefix)) as unknown[];
      return taken.flatMap((stored) => parse(stored) ?? []);
    },
  };
}
