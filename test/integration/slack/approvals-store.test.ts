import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { createApprovalStore } from '../../../src/slack/approvals/approval-store.js';
import { describeWith, testRedisUrl } from '../../harness/infrastructure.js';
import { pendingOf } from './pending-approval.js';

/** The pending approvals on real Redis: each is taken exactly once, by a click or by the sweeper. */
describeWith(['redis'], 'the pending approval store', () => {
  let redis: Redis;
  const prefix = `nsbtest-approvals-${randomUUID().slice(0, 8)}`;

  beforeAll(() => {
    redis = new Redis(testRedisUrl, { maxRetriesPerRequest: 1 });
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('gives a request to exactly one of many concurrent claims, across store instances', async () => {
    // Eight connections, as eight replicas would have: one Redis connection cannot show a race.
    const connections = Array.from({ length: 8 }, () => redis.duplicate());
    const stores = connections.map((connection) => createApprovalStore(connection, prefix));
    const pending = pendingOf(Date.now() + 60_000);
    await stores[0]?.save(pending);
    await expect(stores[1]?.find(pending.id)).resolves.toEqual(pending);
    const claims = await Promise.all(stores.map((store) => store.claim(pending.id)));
    expect(claims.filter((claim) => claim !== undefined)).toEqual([pending]);
    await expect(stores[2]?.find(pending.id)).resolves.toBeUndefined();
    await expect(stores[3]?.claimExpired(Date.now() + 120_000, 10)).resolves.toEqual([]);
    for (const connection of connections) connection.disconnect();
  });

  it('sweeps only what has expired, at most a batch at a time, each once', async () => {
    const store = createApprovalStore(redis, `${prefix}-sweep`);
    const now = Date.now();
    const expired = [1, 2, 3].map((ago) => pendingOf(now - ago * 1000));
    const waiting = pendingOf(now + 60_000);
    for (const pending of [...expired, waiting]) await store.save(pending);

    const first = await store.claimExpired(now, 2);
    const second = await store.claimExpired(now, 2);
    expect(first).toHaveLength(2);
    expect([...first, ...second].map((pending) => pending.id).sort()).toEqual(
      expired.map((pending) => pending.id).sort(),
    );
    await expect(store.claimExpired(now, 2)).resolves.toEqual([]);
    await expect(store.find(waiting.id)).resolves.toEqual(waiting);
    // Kept in Redis past its expiry, for a sweeper that was down, and no longer.
    const ttl = await redis.pttl(`${prefix}-sweep:approval:${waiting.id}`);
    expect(ttl).toBeGreaterThan(60_000);
    expect(ttl).toBeLessThanOrEqual(60_000 + 60 * 60_000);
  });

  it('drops an index entry whose record is gone instead of sweeping it forever', async () => {
    const store = createApprovalStore(redis, `${prefix}-gone`);
    const pending = pendingOf(Date.now() - 1000);
    await store.save(pending);
    await redis.del(`${prefix}-gone:approval:${pending.id}`);
    await expect(store.claimExpired(Date.now(), 10)).resolves.toEqual([]);
    await expect(redis.zcard(`${prefix}-gone:approvals:by-expiry`)).resolves.toBe(0);
  });
});
