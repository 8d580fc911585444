import { InvalidInputError } from '../../../src/errors.js';
import { cancelChannelFor, cancelFlagKeyFor, queueNameFor } from '../../../src/queue/queue-names.js';
import { redisOptionsFromUrl } from '../../../src/queue/redis-options.js';

describe('queue names and Redis keys', () => {
  it('uses the cluster as the BullMQ queue name under the netshoot prefix', () => {
    expect(queueNameFor('prod-eu')).toBe('prod-eu');
    expect(cancelChannelFor('netshoot', 'prod-eu')).toBe('netshoot:prod-eu:cancel');
    expect(cancelFlagKeyFor('netshoot', 'prod-eu', '42')).toBe('netshoot:prod-eu:canceled:42');
  });

  it.each(['', 'a:b', '-x', 'a b', 'x'.repeat(64)])('refuses %j as a cluster name', (name) => {
    expect(() => queueNameFor(name)).toThrow(InvalidInputError);
  });
});

describe('Redis options from a URL', () => {
  it('reads host, port, credentials and database', () => {
    expect(redisOptionsFromUrl('redis://user:p%40ss@redis.internal:6380/2')).toEqual({
      host: 'redis.internal',
      port: 6380,
      username: 'user',
      password: 'p@ss',
      db: 2,
    });
  });

  it('turns on TLS for rediss:// and fails fast for producers', () => {
    expect(redisOptionsFromUrl('rediss://h', { failFast: true })).toEqual({
      host: 'h',
      port: 6379,
      db: 0,
      tls: {},
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
    });
  });
});
