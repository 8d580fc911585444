import type { RedisOptions } from 'ioredis';
import { TransientError } from '../errors.js';
import { createRedisClient } from './redis-client.js';
import { describePlace, parseRedisUrl, type RedisPlace } from './redis-options.js';

/**
 * One connection attempt with a bound, before anything waits on Redis: ioredis and BullMQ retry a
 * refused connection forever, which at start-up looks like a hang instead of a message. `where` is
 * REDIS_URL (one server, Sentinel or Cluster) or one server's ioredis options.
 */
export async function checkRedisReachable(where: string | RedisOptions, timeoutMs = 5000): Promise<void> {
  const place: RedisPlace =
    typeof where === 'string' ? parseRedisUrl(where) : { kind: 'server', options: where };
  const probe = createRedisClient(place, { lazyConnect: true, tryOnceWithinMs: timeoutMs });
  probe.on('error', () => {
    // Reported by connect() below.
  });
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    throw new TransientError(
      `Redis at ${describePlace(place)} did not answer (${(error as Error).message}); check REDIS_URL and that Redis runs`,
      { cause: error },
    );
  } finally {
    // Not once its connection has ended (it never retries): ioredis's disconnect() would then wait
    // for a close that already happened, on a 2 s timer that keeps the process alive after the error.
    if (probe.status !== 'end') probe.disconnect();
  }
}
