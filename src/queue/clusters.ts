import type { RedisClient } from './redis-client.js';
import { InvalidInputError } from '../errors.js';
import { defaultQueuePrefix } from './queue-names.js';

/**
 * Which clusters have a worker (SPEC 2: `--cluster X` goes to X's queue). Each worker keeps its
 * cluster's entry fresh in one sorted set, scored by when the entry expires; the bot asks with one
 * ZSCORE before queueing, so `--cluster typo` is refused at once instead of waiting in a queue no
 * worker reads.
 */
export interface ClusterRegistry {
  /** Says "a worker serves `cluster`" until `ttlMs` from now. */
  announce(cluster: string): Promise<void>;
  /**
   * Announces now and every third of the TTL until the returned stop is called. A failed announcement
   * goes to `onError` (the worker logs it); the next one is a third of the TTL later.
   */
  keepAnnouncing(cluster: string, onError: (error: unknown) => void): () => void;
  /** The clusters that a worker announced within the TTL, sorted. */
  knownClusters(): Promise<string[]>;
  /** Throws an InvalidInputError naming the known clusters when no worker serves `cluster`. */
  assertKnownCluster(cluster: string): Promise<void>;
}

export function createClusterRegistry(
  redis: RedisClient,
  options: { prefix?: string; ttlMs?: number } = {},
): ClusterRegistry {
  const key = `${options.prefix ?? defaultQueuePrefix}:clusters`;
  const ttlMs = options.ttlMs ?? 60_000;

  const known = async (): Promise<string[]> => (await redis.zrangebyscore(key, Date.now(), '+inf')).sort();

  const registry: ClusterRegistry = {
    async announce(cluster) {
      await redis.zadd(key, Date.now() + ttlMs, cluster);
      // Entries of workers gone for good would otherwise stay in the set forever.
      await redis.zremrangebyscore(key, '-inf', Date.now() - 24 * 3600_000);
    },

    keepAnnouncing(cluster, onError) {
      const announceOnce = () => void registry.announce(cluster).catch(onError);
      announceOnce();
      // A third of the TTL, at most 20 s: a long TTL (workers that scale to zero) still says soon that one runs.
      const timer = setInterval(announceOnce, Math.min(20_000, Math.max(1000, Math.floor(ttlMs / 3))));
      timer.unref();
      return () => clearInterval(timer);
    },

    knownClusters: known,

    async assertKnownCluster(cluster) {
      const expiresAt = await redis.zscore(key, cluster);
      if (expiresAt !== null && Number(expiresAt) > Date.now()) return;
      const clusters = await known();
      throw new InvalidInputError(`no worker serves cluster '${cluster}', so nothing was queued`, [
        clusters.length
          ? `clusters with a worker: ${clusters.join(', ')}`
          : 'no worker has announced any cluster in the last minute',
        `a worker serves the cluster named by its NETSHOOT_CLUSTER; start one with NETSHOOT_CLUSTER=${cluster} for that cluster`,
      ]);
    },
  };
  return registry;
}
