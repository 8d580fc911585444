import { Cluster, Redis, type RedisOptions } from 'ioredis';
import type { ConnectionOptions } from 'bullmq';
import { defaultQueuePrefix } from './queue-names.js';
import { failFastOptions, parseRedisUrl, type RedisPlace } from './redis-options.js';

/** A connection to one server, to the master the Sentinels name, or to a Cluster. */
export type RedisClient = Redis | Cluster;

export interface ClientTuning {
  /** Producers: a command sent while Redis is away fails at once (redis-options.ts). */
  readonly failFast?: boolean;
  /** Subscribers and BullMQ's blocking reads: a command waits out a failover instead of failing. */
  readonly waitsForever?: boolean;
  readonly lazyConnect?: boolean;
  readonly maxRetriesPerRequest?: number;
  /** A start-up probe (check-redis.ts): one connection attempt within this many ms, no retry of anything. */
  readonly tryOnceWithinMs?: number;
}

/**
 * The one place a Redis connection is made (REDIS_URL, or its place once parsed): a Cluster place
 * gives an ioredis Cluster, the others an ioredis Redis (which asks the Sentinels for the master).
 */
export function createRedisClient(where: string | RedisPlace, tuning: ClientTuning = {}): RedisClient {
  const place = typeof where === 'string' ? parseRedisUrl(where) : where;
  const once = tuning.tryOnceWithinMs;
  const perConnection: RedisOptions = {
    ...(tuning.failFast ? failFastOptions : {}),
    ...(tuning.maxRetriesPerRequest !== undefined
      ? { maxRetriesPerRequest: tuning.maxRetriesPerRequest }
      : {}),
    ...(tuning.waitsForever ? { maxRetriesPerRequest: null } : {}),
    // A probe that failed has nothing to wait for at disconnect: ioredis's 2 s would hold the process.
    ...(once === undefined ? {} : { maxRetriesPerRequest: 0, connectTimeout: once, disconnectTimeout: 100 }),
    ...(tuning.lazyConnect ? { lazyConnect: true } : {}),
  };
  if (place.kind !== 'cluster') {
    return new Redis({
      ...place.options,
      ...perConnection,
      ...(once === undefined ? {} : { retryStrategy: () => null, sentinelRetryStrategy: () => null }),
    });
  }
  // The offline queue and lazyConnect are the Cluster's own (it holds commands while slots move).
  const { enableOfflineQueue, lazyConnect, ...perNode } = perConnection;
  return new Cluster(place.nodes, {
    redisOptions: { ...place.options, ...perNode },
    ...(enableOfflineQueue === undefined ? {} : { enableOfflineQueue }),
    ...(lazyConnect ? { lazyConnect } : {}),
    ...(once === undefined ? {} : { clusterRetryStrategy: () => null }),
  });
}

/** What BullMQ is given, and what to close after BullMQ closed (it leaves an instance it was given open). */
export interface BullConnection {
  readonly connection: ConnectionOptions;
  readonly clustered: boolean;
  close(): void;
}

/**
 * BullMQ's connection for REDIS_URL: options for one server or Sentinel (BullMQ makes and closes its
 * own connections, Sentinel included); an ioredis Cluster for a Cluster, since BullMQ makes only
 * one-server connections from options.
 */
export function bullConnectionFor(url: string, { failFast }: { failFast: boolean }): BullConnection {
  const place = parseRedisUrl(url);
  if (place.kind !== 'cluster') {
    return {
      connection: { ...place.options, ...(failFast ? failFastOptions : {}) },
      clustered: false,
      close() {},
    };
  }
  // Lazy: BullMQ connects it when it is ready to; a producer's fails fast, a consumer's waits (BullMQ
  // refuses a blocking connection with a retry limit).
  const cluster = createRedisClient(place, {
    lazyConnect: true,
    ...(failFast ? { failFast } : { waitsForever: true }),
  });
  return { connection: cluster, clustered: true, close: () => cluster.disconnect() };
}

/** True for an ioredis Cluster given as BullMQ's connection. */
export function isClusterConnection(connection: ConnectionOptions): boolean {
  return (connection as { isCluster?: unknown }).isCluster === true;
}

/**
 * The key prefix as it must be on this Redis. On a Cluster, every key of netshoot-bot shares one hash
 * tag (`{netshoot}`): BullMQ's scripts, the limits' script and the approvals' transaction each touch
 * several keys, and a Cluster runs a multi-key command only when all its keys hash to one slot. One
 * server and Sentinel keep the prefix as it is, so existing deployments keep their keys.
 */
export function slotSafePrefix(prefix: string, clustered: boolean): string {
  return clustered && !/\{[^}]+\}/.test(prefix) ? `{${prefix}}` : prefix;
}

/** slotSafePrefix for a connection: the prefix stores use on it (netshoot by default). */
export function keyPrefixOf(client: RedisClient, prefix: string = defaultQueuePrefix): string {
  return slotSafePrefix(prefix, client.isCluster);
}

/**
 * KEYS on every master: a Cluster sends a keyless command to one node of its choosing. For tests and
 * `run`'s private queue, never on a hot path.
 */
export async function keysMatching(client: RedisClient, pattern: string): Promise<string[]> {
  const nodes = client.isCluster ? (client as Cluster).nodes('master') : [client as Redis];
  return (await Promise.all(nodes.map((node) => node.keys(pattern)))).flat();
}
