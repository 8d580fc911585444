import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { commands } from '../../../commands/index.js';
import { parseRequest } from '../../../src/grammar/parse-request.js';
import { commandDigest, createLastResults, type CommandPlace } from '../../../src/slack/last-results.js';
import { describeWith, testRedisUrl } from '../../harness/infrastructure.js';

/** The last result of each command in each channel, on real Redis: what a repeat is compared with. */
describeWith(['redis'], 'the last results store', () => {
  let redis: Redis;
  const prefix = `nsbtest-last-${randomUUID().slice(0, 8)}`;
  const place = (text: string, channelId = 'C0INCIDENT'): CommandPlace => ({
    teamId: 'T0FAKE',
    channelId,
    cluster: 'prod',
    request: parseRequest(text, commands),
  });
  const rtt = { key: 'rtt.avg', label: 'avg RTT', value: 0.19, unit: 'ms' };

  beforeAll(() => {
    redis = new Redis(testRedisUrl, { maxRetriesPerRequest: 1 });
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('gives back the last result of the same command, however its words were ordered', async () => {
    const store = createLastResults(redis, prefix);
    await store.write(place('ping host 198.18.0.1 -c 3'), {
      jobId: '41',
      at: '2026-11-30T08:00:00.000Z',
      measures: [rtt],
    });
    expect(await store.read(place('ping  host -c 3 198.18.0.1 --timeout 20s'))).toEqual({
      jobId: '41',
      at: '2026-11-30T08:00:00.000Z',
      measures: [rtt],
    });
  });

  it('keeps commands, channels and arguments apart', async () => {
    const store = createLastResults(redis, prefix);
    await store.write(place('ping host 198.18.0.2'), {
      jobId: '42',
      at: '2026-11-30T08:00:00.000Z',
      measures: [rtt],
    });
    expect(await store.read(place('ping host 198.18.0.2', 'C0OTHER'))).toBeUndefined();
    expect(await store.read(place('ping host 198.18.0.3'))).toBeUndefined();
    expect(await store.read(place('ping host 198.18.0.2 -c 9'))).toBeUndefined();
  });

  it('forgets a result after a day, and bounds what one result may store', async () => {
    const store = createLastResults(redis, prefix);
    const many = Array.from({ length: 500 }, (_, index) => ({
      key: `route.${index}`,
      label: `route ${index}`,
      value: 'x'.repeat(5000),
    }));
    await store.write(place('ping host 198.18.0.4'), {
      jobId: '43',
      at: '2026-11-30T08:00:00.000Z',
      measures: many,
    });
    const keys = await redis.keys(`${prefix}:prod:last-result:*`);
    const ttls = await Promise.all(keys.map((key) => redis.ttl(key)));
    expect(ttls.every((ttl) => ttl > 86_000 && ttl <= 86_400)).toBe(true);
    const stored = await store.read(place('ping host 198.18.0.4'));
    expect(stored?.measures).toHaveLength(100);
    expect(stored?.measures[0]?.value).toHaveLength(200);
  });

  it('treats a value it cannot read as no previous result', async () => {
    const store = createLastResults(redis, prefix);
    await store.write(place('ping host 198.18.0.5'), {
      jobId: '44',
      at: '2026-11-30T08:00:00.000Z',
      measures: [],
    });
    const request = place('ping host 198.18.0.5').request;
    await redis.set(`${prefix}:prod:last-result:T0FAKE:C0INCIDENT:${commandDigest(request)}`, 'not json');
    expect(await store.read(place('ping host 198.18.0.5'))).toBeUndefined();
  });
});
