import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { describeWith, testRedisUrl } from '../../harness/infrastructure.js';
import { waitFor } from '../../harness/wait-for.js';
import { createClusterRegistry } from '../../../src/queue/clusters.js';
import { redisOptionsFromUrl } from '../../../src/queue/redis-options.js';
import { InvalidInputError } from '../../../src/errors.js';

describeWith(['redis'], 'the registry of clusters that have a worker', () => {
  let redis: Redis;
  const prefix = `test-clusters-${randomBytes(4).toString('hex')}`;

  beforeAll(() => {
    redis = new Redis(redisOptionsFromUrl(testRedisUrl));
  });

  afterAll(async () => {
    await redis.del(`${prefix}:clusters`);
    await redis.quit();
  });

  it('knows a cluster once its worker announces it, and forgets it when the announcements stop', async () => {
    const registry = createClusterRegistry(redis, { prefix, ttlMs: 1500 });
    const announcedAt = Date.now();
    await registry.announce('prod-eu');
    await registry.announce('staging');
    expect(await registry.knownClusters()).toEqual(['prod-eu', 'staging']);
    await expect(registry.assertKnownCluster('prod-eu')).resolves.toBeUndefined();
    await waitFor(async () => (await registry.knownClusters()).length === 0, {
      what: 'the registry forgetting both clusters after their 1.5 s TTL',
      timeoutMs: 5000,
    });
    // Forgotten because the TTL ran out, not sooner.
    expect(Date.now() - announcedAt).toBeGreaterThanOrEqual(1500);
  });

  it('refuses an unknown --cluster before queueing, naming the clusters that have a worker', async () => {
    const registry = createClusterRegistry(redis, { prefix, ttlMs: 10_000 });
    const failures: unknown[] = [];
    const stop = registry.keepAnnouncing('prod-us', (error) => failures.push(error));
    await waitFor(async () => (await registry.knownClusters()).includes('prod-us'), {
      what: 'the first announcement of prod-us',
    });
    const error = await registry.assertKnownCluster('prod-uss').catch((thrown: unknown) => thrown);
    stop();
    expect(failures).toEqual([]);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).message).toBe(
      "no worker serves cluster 'prod-uss', so nothing was queued",
    );
    expect((error as InvalidInputError).hints[0]).toBe('clusters with a worker: prod-us');
  });
});
