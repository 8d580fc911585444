import type { Cluster, Redis } from 'ioredis';
import { bullConnectionFor, createRedisClient, keyPrefixOf } from '../../../src/queue/redis-client.js';

/** Lazy clients only: these look at what the factory made, and connect to nothing. */
describe('the one Redis factory', () => {
  const made: { disconnect(): void }[] = [];
  afterEach(() => {
    for (const client of made.splice(0)) client.disconnect();
  });

  it('makes a Cluster for redis+cluster://, its offline queue off for a producer and the retry limit on each node', () => {
    const client = createRedisClient('redis+cluster://:pw@127.0.0.1:7000,127.0.0.1:7001', {
      failFast: true,
      lazyConnect: true,
    }) as Cluster;
    made.push(client);
    expect(client.isCluster).toBe(true);
    expect(client.options).toMatchObject({
      enableOfflineQueue: false,
      lazyConnect: true,
      redisOptions: { password: 'pw', maxRetriesPerRequest: 1 },
    });
    expect(keyPrefixOf(client)).toBe('{netshoot}');
  });

  it('makes one Redis that asks the Sentinels for the master, keeping the prefix as it was', () => {
    const client = createRedisClient('redis+sentinel://127.0.0.1:26379/mymaster', {
      waitsForever: true,
      lazyConnect: true,
    }) as Redis;
    made.push(client);
    expect(client.isCluster).toBe(false);
    expect(client.options).toMatchObject({
      sentinels: [{ host: '127.0.0.1', port: 26379 }],
      name: 'mymaster',
      maxRetriesPerRequest: null,
    });
    expect(keyPrefixOf(client)).toBe('netshoot');
  });

  it('gives BullMQ options for one server or Sentinel, and a lazy Cluster it must close itself', () => {
    const server = bullConnectionFor('redis://127.0.0.1:6390/1', { failFast: true });
    expect(server).toMatchObject({
      clustered: false,
      connection: {
        host: '127.0.0.1',
        port: 6390,
        db: 1,
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
      },
    });
    const cluster = bullConnectionFor('redis+cluster://127.0.0.1:7000', { failFast: false });
    made.push({ disconnect: () => cluster.close() });
    expect(cluster.clustered).toBe(true);
    expect((cluster.connection as Cluster).status).toBe('wait');
    // BullMQ refuses a retry limit on the connection its worker blocks on.
    expect((cluster.connection as Cluster).options.redisOptions).toMatchObject({
      maxRetriesPerRequest: null,
    });
  });
});
