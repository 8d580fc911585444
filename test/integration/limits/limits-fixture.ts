import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { AdmissionLimits, AdmissionTicket, LimitSettings } from '../../../src/limits/admission.js';
import { createAdmissionLimits } from '../../../src/limits/create-admission-limits.js';
import { testRedisUrl } from '../../harness/infrastructure.js';

/**
 * Limits on the test Redis under a key prefix of their own, as `replicas` bot replicas would have
 * them: each its own connection and its own limits object, sharing only Redis. `settings` is what the
 * policy's `limits:` section says now; change it to reload.
 */
export interface LimitsFixture {
  readonly prefix: string;
  readonly replicas: readonly AdmissionLimits[];
  readonly redis: Redis;
  settings: LimitSettings | undefined;
  ticket(fields: Partial<AdmissionTicket> & Pick<AdmissionTicket, 'user'>): AdmissionTicket;
  /** The ticket ids holding slots in one of the limits' sorted sets, expired or not. */
  holders(set: string): Promise<string[]>;
  close(): Promise<void>;
}

export function createLimitsFixture(replicaCount = 2): LimitsFixture {
  const prefix = `test-limits-${randomUUID()}`;
  const connections = Array.from({ length: replicaCount }, () => new Redis(testRedisUrl));
  const fixture: LimitsFixture = {
    prefix,
    redis: connections[0] as Redis,
    settings: undefined,
    replicas: connections.map((redis) => createAdmissionLimits(redis, () => fixture.settings, { prefix })),
    ticket: (fields) => ({ id: randomUUID(), holdMs: 60_000, ...fields }),
    holders: (set) => fixture.redis.zrange(`${prefix}:limits:${set}`, 0, -1),
    async close() {
      const keys = await fixture.redis.keys(`${prefix}:*`);
      if (keys.length) await fixture.redis.del(...keys);
      await Promise.all(connections.map((redis) => redis.quit()));
    },
  };
  return fixture;
}
