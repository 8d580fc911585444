import { InvalidInputError } from '../../../src/errors.js';
import { describePlace, isRedisUrl, parseRedisUrl } from '../../../src/queue/redis-options.js';
import { slotSafePrefix } from '../../../src/queue/redis-client.js';

describe('REDIS_URL forms', () => {
  it('reads one server as before, with its database and credentials', () => {
    expect(parseRedisUrl('redis://u:p%40ss@redis.internal:6380/2')).toEqual({
      kind: 'server',
      options: { host: 'redis.internal', port: 6380, username: 'u', password: 'p@ss', db: 2 },
    });
  });

  it('reads Sentinels, the master name, a database and the password of the data nodes', () => {
    expect(
      parseRedisUrl('redis+sentinel://:s3cret@10.0.0.1:26379,sentinel-b,[fd00::1]:26380/mymaster/3'),
    ).toEqual({
      kind: 'sentinel',
      options: {
        sentinels: [
          { host: '10.0.0.1', port: 26379 },
          { host: 'sentinel-b', port: 26379 },
          { host: 'fd00::1', port: 26380 },
        ],
        name: 'mymaster',
        db: 3,
        password: 's3cret',
      },
    });
  });

  it("takes the Sentinels' own password from the query and TLS from rediss+sentinel", () => {
    const place = parseRedisUrl('rediss+sentinel://h:26379/m?sentinelPassword=x%2Fy');
    expect(place.options).toMatchObject({
      name: 'm',
      db: 0,
      sentinelPassword: 'x/y',
      tls: {},
      sentinelTLS: {},
      enableTLSForSentinelMode: true,
    });
  });

  it('reads Cluster nodes, with 6379 when a node gives no port', () => {
    expect(parseRedisUrl('redis+cluster://user:pw@a:7000,b:7001,c')).toEqual({
      kind: 'cluster',
      nodes: [
        { host: 'a', port: 7000 },
        { host: 'b', port: 7001 },
        { host: 'c', port: 6379 },
      ],
      options: { username: 'user', password: 'pw' },
    });
  });

  it.each([
    ['redis+sentinel://h:26379', /master name/],
    ['redis+sentinel://h:26379/m/x', /master name/],
    ['redis+cluster://a:7000/1', /database 0 only/],
    ['redis+cluster://a:7000,:7001', /not host:port/],
    ['redis+cluster://a:99999', /not 1 to 65535/],
  ])('refuses %s and says how to write it', (url, hint) => {
    let error: unknown;
    try {
      parseRedisUrl(url);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).hints.join(' ')).toMatch(hint);
    expect(isRedisUrl(url)).toBe(false);
  });

  it('never puts the password in an error or a description', () => {
    expect(() => parseRedisUrl('redis+sentinel://:hunter2@h:26379')).toThrow(/redis\+sentinel:\/\/\.\.\./);
    expect(() => parseRedisUrl('redis+sentinel://:hunter2@h:26379')).not.toThrow(/hunter2/);
    expect(describePlace(parseRedisUrl('redis+sentinel://:hunter2@h:26379/m'))).toBe(
      "master 'm' of Sentinels h:26379",
    );
    expect(describePlace(parseRedisUrl('redis+cluster://:hunter2@a:7000,b:7001'))).toBe(
      'Cluster a:7000,b:7001',
    );
  });

  it('accepts the three forms and nothing else as REDIS_URL', () => {
    expect(isRedisUrl('redis://127.0.0.1:6379')).toBe(true);
    expect(isRedisUrl('redis+sentinel://a:26379,b:26379/mymaster')).toBe(true);
    expect(isRedisUrl('redis+cluster://a:7000,b:7001')).toBe(true);
    expect(isRedisUrl('http://redis:6379')).toBe(false);
    expect(isRedisUrl('redis+shard://a:7000')).toBe(false);
  });
});

describe('key prefixes on a Cluster', () => {
  it('puts a hash tag on the prefix on a Cluster only, and keeps one already there', () => {
    expect(slotSafePrefix('netshoot', false)).toBe('netshoot');
    expect(slotSafePrefix('netshoot', true)).toBe('{netshoot}');
    expect(slotSafePrefix('{team-a}:netshoot', true)).toBe('{team-a}:netshoot');
  });
});
