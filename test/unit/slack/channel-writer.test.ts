import { afterEach, beforeEach, jest } from '@jest/globals';
import type { WebClient } from '@slack/web-api';
import { pino } from 'pino';
import { createChannelWriter, type ChannelWriter } from '../../../src/slack/channel-writer.js';
import { createSlackBudget, slackRates, type SlackBudget } from '../../../src/slack/slack-budget.js';

// Time is what is under test: jest's fake timers move Date.now and setTimeout for the writer and for
// rate-limiter-flexible's in-memory windows alike, so every wait below is exact and instant.

/** What the writer sent, in order, with the (fake) time it went. */
interface Sent {
  readonly what: string;
  readonly at: number;
}

const place = { team: 'T1', channel: 'C1', ts: '100.000001' };
const rateLimited = (retryAfter: number) =>
  Object.assign(new Error('A rate limit was exceeded'), {
    code: 'slack_webapi_rate_limited_error',
    retryAfter,
  });

describe('the channel writer', () => {
  let sent: Sent[];
  let budget: SlackBudget;
  let writer: ChannelWriter;
  let start: number;

  const send = (what: string) => async () => {
    sent.push({ what, at: Date.now() - start });
    return what;
  };

  beforeEach(() => {
    jest.useFakeTimers();
    start = Date.now();
    sent = [];
    budget = createSlackBudget();
    writer = createChannelWriter({
      client: {} as WebClient,
      budget,
      logger: pino({ level: 'silent' }),
    });
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it('sends only the latest state of a message whose earlier states waited for the budget', async () => {
    writer.progress(place, send('running 2 s'));
    await jest.advanceTimersByTimeAsync(0);
    // The channel's progress window (one per 2 s) is spent: these wait, each replacing the last.
    writer.progress(place, send('running 2.5 s'));
    writer.progress(place, send('running 3 s'));
    writer.progress(place, send('running 3.5 s'));
    await jest.advanceTimersByTimeAsync(slackRates.progressPerChannel.seconds * 1000);
    expect(sent.map((call) => call.what)).toEqual(['running 2 s', 'running 3.5 s']);
    expect(sent[1]!.at).toBeGreaterThanOrEqual(slackRates.progressPerChannel.seconds * 1000);
  });

  it('never sends the progress of a job that ends within its quiet time: a quick command is its final calls only', async () => {
    writer.progress(place, send('opening session'), { notBefore: Date.now() + 2000 });
    writer.progress(place, send('running'), { notBefore: Date.now() + 2000 });
    await jest.advanceTimersByTimeAsync(800);
    await writer.final({ kind: 'post', team: 'T1', channel: 'C1', finishes: place.ts }, send('result'));
    await writer.final({ kind: 'update', team: 'T1', channel: 'C1', finishes: place.ts }, send('verdict'));
    // A late tick of the finished job changes nothing either.
    writer.progress(place, send('running, late'));
    await jest.advanceTimersByTimeAsync(10_000);
    expect(sent.map((call) => call.what)).toEqual(['result', 'verdict']);
  });

  it('sends a final ahead of progress waiting in its channel, and the progress after it', async () => {
    const other = { ...place, ts: '100.000002' };
    writer.progress(place, send('job 1 running'));
    await jest.advanceTimersByTimeAsync(0);
    writer.progress(other, send('job 2 running'));
    const final = writer.final({ kind: 'update', team: 'T1', channel: 'C1' }, send('job 3 verdict'));
    await expect(final).resolves.toBe('job 3 verdict');
    expect(sent.map((call) => call.what)).toEqual(['job 1 running', 'job 3 verdict']);
    await jest.advanceTimersByTimeAsync(2000);
    expect(sent.map((call) => call.what)).toEqual(['job 1 running', 'job 3 verdict', 'job 2 running']);
  });

  it('keeps finals within the per-channel post budget: a burst waits for the next window, in order', async () => {
    const { points, seconds } = slackRates.postPerChannel;
    const posts = Array.from({ length: points * 2 }, (_, index) =>
      writer.final({ kind: 'post', team: 'T1', channel: 'C1' }, send(`post ${index + 1}`)),
    );
    await jest.advanceTimersByTimeAsync(0);
    expect(sent).toHaveLength(points);
    await jest.advanceTimersByTimeAsync(seconds * 1000);
    await Promise.all(posts);
    expect(sent.map((call) => call.what)).toEqual(posts.map((_, index) => `post ${index + 1}`));
    expect(sent.slice(points).every((call) => call.at >= seconds * 1000)).toBe(true);
    // Another channel has its own budget: it is not held up by this one.
    await writer.final({ kind: 'post', team: 'T1', channel: 'C2' }, send('elsewhere'));
    expect(sent.at(-1)!.at).toBe(seconds * 1000);
  });

  it('leaves progress at most 6 updates in 12 s per workspace, so finals still get theirs', async () => {
    // Seven channels, each with a job running: the seventh's progress waits, a verdict does not.
    for (let channel = 1; channel <= 7; channel += 1)
      writer.progress({ team: 'T1', channel: `C${channel}`, ts: '1.1' }, send(`progress C${channel}`));
    await jest.advanceTimersByTimeAsync(0);
    expect(sent).toHaveLength(slackRates.progressPerWorkspace.points);
    await writer.final({ kind: 'update', team: 'T1', channel: 'C9' }, send('verdict C9'));
    expect(sent.at(-1)).toEqual({ what: 'verdict C9', at: 0 });
    await jest.advanceTimersByTimeAsync(slackRates.progressPerWorkspace.seconds * 1000);
    expect(sent.at(-1)!.what).toBe('progress C7');
  });

  it('honours a 429 on a final: waits its Retry-After, tells the budget, then sends it again', async () => {
    let attempts = 0;
    const blocked = jest.spyOn(budget, 'block');
    const final = writer.final({ kind: 'update', team: 'T1', channel: 'C1' }, async () => {
      attempts += 1;
      if (attempts === 1) throw rateLimited(3);
      return send('verdict')();
    });
    await jest.advanceTimersByTimeAsync(2999);
    expect(attempts).toBe(1);
    expect(blocked).toHaveBeenCalledWith(expect.objectContaining({ kind: 'update', team: 'T1' }), 3000);
    await jest.advanceTimersByTimeAsync(1);
    await expect(final).resolves.toBe('verdict');
    expect(sent).toEqual([{ what: 'verdict', at: 3000 }]);
  });

  it('gives a final up after as many 429s as it was allowed, saying why', async () => {
    const shortWriter = createChannelWriter({
      client: {} as WebClient,
      budget,
      logger: pino({ level: 'silent' }),
      finalAttempts: 2,
    });
    const final = shortWriter.final({ kind: 'post', team: 'T1', channel: 'C1' }, async () => {
      throw rateLimited(1);
    });
    const outcome = expect(final).rejects.toMatchObject({ code: 'slack_webapi_rate_limited_error' });
    await jest.advanceTimersByTimeAsync(1000);
    await outcome;
  });

  it('retries a progress update after its 429 unless a newer state came meanwhile', async () => {
    let first = true;
    writer.progress(place, async () => {
      if (first) {
        first = false;
        throw rateLimited(5);
      }
      return send('running 2 s')();
    });
    await jest.advanceTimersByTimeAsync(0);
    writer.progress(place, send('running 4 s'));
    await jest.advanceTimersByTimeAsync(5000);
    expect(sent).toEqual([{ what: 'running 4 s', at: 5000 }]);
  });

  it('still talks to Slack when the budget does not answer', async () => {
    const broken: SlackBudget = {
      take: async () => {
        throw new Error('Redis is away');
      },
      block: async () => undefined,
    };
    const unbudgeted = createChannelWriter({
      client: {} as WebClient,
      budget: broken,
      logger: pino({ level: 'silent' }),
    });
    await expect(unbudgeted.final({ kind: 'post', team: 'T1', channel: 'C1' }, send('queued'))).resolves.toBe(
      'queued',
    );
  });
});
