import type { RedisClient } from '../queue/redis-client.js';
import { signedJobMaxAgeMs } from './check-job.js';

/** Longer than a signed job may live (check-job.ts), so its claim outlasts it. */
const claimTtlSeconds = (2 * signedJobMaxAgeMs) / 1000;

/**
 * The replay guard for signed jobs (SPEC 6): a signature proves a door made the job, not that this is
 * the one job it made. BullMQ's own dedupe maps a dedupe key to a job id only for `enqueue`; a copy of
 * a signed job added to the queue under a new id would pass every other check. The first job id to
 * take a dedupe key keeps it; the same id again (a retry, a stalled job taken over) is fine.
 *
 * Returns the job id that owns the key when it is another one: this job is a replay.
 */
export async function claimDedupeKey(
  redis: RedisClient,
  key: string,
  jobId: string,
): Promise<string | undefined> {
  const claimed = await redis.set(key, jobId, 'EX', claimTtlSeconds, 'NX');
  if (claimed === 'OK') return undefined;
  const owner = await redis.get(key);
  // null: the claim expired between the two calls, which the age check makes moot.
  return owner === null || owner === jobId ? undefined : owner;
}
