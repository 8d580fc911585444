/**
 * Jobs running at once (per user, per channel) and captures at once (per target) as slots in Redis
 * sorted sets: the member is the ticket id, the score the moment the slot frees itself (now + holdMs,
 * on Redis's clock so replicas with skewed clocks agree). A worker that crashes never releases; its
 * slots go when their score passes, and every admit sweeps the expired ones first.
 *
 * Why not rate-limiter-flexible for this part: its limiters count points in one key per subject, so a
 * release is a `reward` and a crashed worker's point stays until the whole key expires, taking every
 * other job's slot with it; and its RateLimiterUnion consumes limiter after limiter with no rollback,
 * so two replicas could each reserve half of what they need. One script that checks every set and
 * then reserves in all of them, or in none, is what "shared by every replica" needs.
 *
 * KEYS[1] the ticket's record (who holds it, with which tool, in which sets: release reads it, and a
 * refused capture names the holder); KEYS[2..] the slot sets. ARGV: ticket id, holdMs, user, tool,
 * then the limit of each slot set in KEYS order.
 *
 * Returns {0} when admitted, or {n, held, freesInMs, firstHolder}: the n-th slot set is full, with
 * `held` slots, the first of which (held by ticket `firstHolder`) frees itself in `freesInMs`.
 */
export const admitScript = `
local id = ARGV[1]
local holdMs = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
for i = 2, #KEYS do
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now)
  local held = redis.call('ZCARD', KEYS[i])
  -- A ticket admitted again (the same dedupe key) keeps its slot rather than counting twice.
  if held >= tonumber(ARGV[3 + i]) and not redis.call('ZSCORE', KEYS[i], id) then
    local first = redis.call('ZRANGE', KEYS[i], 0, 0, 'WITHSCORES')
    return {i - 1, held, tonumber(first[2]) - now, first[1]}
  end
end
local expiresAt = now + holdMs
local names = {}
for i = 2, #KEYS do
  redis.call('ZADD', KEYS[i], expiresAt, id)
  -- The set itself goes once its last slot could have freed: no key outlives its jobs.
  if redis.call('PTTL', KEYS[i]) < holdMs then redis.call('PEXPIRE', KEYS[i], holdMs) end
  names[#names + 1] = KEYS[i]
end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'user', ARGV[3], 'tool', ARGV[4], 'keys', table.concat(names, '\\n'))
redis.call('PEXPIRE', KEYS[1], holdMs)
return {0}
`;

/** What the script answered, read. */
export type SlotAnswer =
  | { readonly admitted: true }
  | {
      readonly admitted: false;
      /** Index into the slot sets passed (0 = the first after the record). */
      readonly full: number;
      readonly held: number;
      readonly freesInMs: number;
      readonly firstHolder: string;
    };

export function readSlotAnswer(reply: unknown): SlotAnswer {
  if (!Array.isArray(reply)) throw new Error(`the admission script answered ${String(reply)}`);
  if (reply[0] === 0) return { admitted: true };
  const [full, held, freesInMs, firstHolder] = reply as [number, number, number, string];
  return { admitted: false, full: full - 1, held, freesInMs: Math.max(0, freesInMs), firstHolder };
}
