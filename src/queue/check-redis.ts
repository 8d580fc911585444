import { Redis, type RedisOptions } from 'ioredis';
import { TransientError } from '../errors.js';

/**
 * One connection attempt with a bound, before anything waits on Redis: ioredis and BullMQ retry a
 * refused connection forever, which at start-up looks like a hang instead of a message.
 */
export async function checkRedisReachable(options: RedisOptions, timeoutMs = 5000): Promise<void> {
  const probe = new Redis({
    ...options,
    lazyConnect: true,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    connectTimeout: timeoutMs,
  });
  probe.on('error', () => {
    // Reported by connect() below.
  });
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    const where = `${options.host ?? '127.0.0.1'}:${options.port ?? 6379}`;
    throw new TransientError(
      `Redis at ${where} did not answer (${(error as Error).message}); check REDIS_URL and that Redis runs`,
      { cause: error },
    );
  } finally {
    // Not once its connection has ended (it never retries): ioredis's disconnect() would then wait
    // for a close that already happened, on a 2 s timer that keeps the process alive after the error.
    if (probe.status !== 'end') probe.disconnect();
  }
}
