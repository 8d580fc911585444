import { jest } from '@jest/globals';
import { Redis } from 'ioredis';
import { describeWith } from '../../harness/infrastructure.js';
import { startSlackStack, type SlackStack } from '../../harness/slack/slack-stack.js';
import { slash } from './slack-test-helpers.js';

jest.setTimeout(30_000);

describeWith(['redis'], 'the health, readiness and metrics routes', () => {
  let stack: SlackStack | undefined;
  let unreachable: Redis | undefined;

  afterEach(async () => {
    await stack?.stop();
    stack = undefined;
    // Ended (it never retries): ioredis's disconnect() would arm a 2 s timer for a close already past.
    if (unreachable && unreachable.status !== 'end') unreachable.disconnect();
  });

  it('says healthy and ready when Redis answers, and counts commands in /metrics', async () => {
    stack = await startSlackStack({ mode: 'http', worker: false });
    const health = await fetch(`${stack.baseUrl}/healthz`);
    expect([health.status, await health.text()]).toEqual([200, 'ok\n']);
    const ready = await fetch(`${stack.baseUrl}/readyz`);
    expect([ready.status, await ready.text()]).toEqual([200, 'ready\n']);

    await slash(stack, 'ping host');
    const metrics = await (await fetch(`${stack.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/netshoot_slack_commands_total\{outcome="invalid"\} 1/);
    expect(metrics).toMatch(/netshoot_slack_ack_seconds_count 1/);
  });

  it('says not ready, with the reason, when Redis does not answer', async () => {
    // Port 1 on loopback: nothing listens, so the client fails at once.
    unreachable = new Redis('redis://127.0.0.1:1', {
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      lazyConnect: true,
      retryStrategy: () => null,
    });
    // dropped: the refused connection is the point of the test; /readyz reports it from ping().
    unreachable.on('error', () => undefined);
    const redis = unreachable;
    stack = await startSlackStack({
      mode: 'http',
      worker: false,
      readiness: async () => {
        if (redis.status === 'wait') await redis.connect().catch(() => undefined);
        await redis.ping();
      },
    });
    const ready = await fetch(`${stack.baseUrl}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.text()).toMatch(/^not ready: /);
  });
});
