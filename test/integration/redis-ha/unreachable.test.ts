import { TransientError } from '../../../src/errors.js';
import { checkRedisReachable } from '../../../src/queue/check-redis.js';
import { freePort } from '../../harness/free-port.js';
import { within } from '../../harness/wait-for.js';

/** Nothing listens on these ports: the start-up check must say so at once, in words, for each form. */
describe('REDIS_URL pointing at nothing', () => {
  it.each([
    [
      'redis+sentinel://127.0.0.1:PORT/mymaster',
      /^Redis at master 'mymaster' of Sentinels 127\.0\.0\.1:\d+ did not answer/,
    ],
    ['redis+cluster://:secret@127.0.0.1:PORT', /^Redis at Cluster 127\.0\.0\.1:\d+ did not answer/],
  ])('%s: one attempt, then a sentence naming where, never the password', async (form, words) => {
    const url = form.replace('PORT', String(await freePort()));
    const checked = within(
      checkRedisReachable(url, 2000).then(
        () => undefined,
        (error: unknown) => error,
      ),
      { what: `the check of ${form} giving up`, timeoutMs: 10_000 },
    );
    const error = await checked;
    expect(error).toBeInstanceOf(TransientError);
    expect((error as Error).message).toMatch(words);
    expect((error as Error).message).toMatch(/check REDIS_URL and that Redis runs$/);
    expect((error as Error).message).not.toMatch(/secret/);
  });
});
