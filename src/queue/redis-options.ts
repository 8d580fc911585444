import type { RedisOptions } from 'ioredis';

/**
 * ioredis options from a `redis://[user:pass@]host:port/db` URL. `failFast` is for producers: with
 * no offline queue, a command sent while Redis is down fails at once instead of waiting, so the user
 * hears "could not queue" and the job is not silently accepted later.
 */
export function redisOptionsFromUrl(url: string, { failFast = false } = {}): RedisOptions {
  const parsed = new URL(url);
  const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0;
  return {
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 6379,
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    db,
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
    ...(failFast ? { enableOfflineQueue: false, maxRetriesPerRequest: 1 } : {}),
  };
}
