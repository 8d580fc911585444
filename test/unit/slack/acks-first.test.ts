import { afterEach, beforeEach, jest } from '@jest/globals';
import { createAcksFirst } from '../../../src/slack/acks-first.js';
import { decodeJobReference, encodeJobReference } from '../../../src/slack/blocks/job-actions.js';

// The waiting is what is under test: fake timers (performance.now included) step through it exactly.
describe('follow-up work after an ack', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it('waits while another command is still on its way to its ack, then starts once it is acked', async () => {
    const acks = createAcksFirst({ quietMs: 5, maxWaitMs: 2000 });
    const acked = acks.begin();
    let started = false;
    const followUp = acks.whenAcksDone().then(() => {
      started = true;
    });
    // Ten times the quiet time: still waiting, because a command is not acked yet.
    await jest.advanceTimersByTimeAsync(50);
    expect(started).toBe(false);
    acked();
    await jest.advanceTimersByTimeAsync(5);
    await followUp;
    expect(started).toBe(true);
  });

  it('never waits longer than its bound, even if an ack never comes', async () => {
    const acks = createAcksFirst({ quietMs: 5, maxWaitMs: 100 });
    acks.begin();
    let started = false;
    const followUp = acks.whenAcksDone().then(() => {
      started = true;
    });
    await jest.advanceTimersByTimeAsync(95);
    expect(started).toBe(false);
    await jest.advanceTimersByTimeAsync(10);
    await followUp;
    expect(started).toBe(true);
  });
});

describe('the job reference a button carries', () => {
  it('survives the round trip through the button value', () => {
    const value = encodeJobReference({ cluster: 'prod-eu', jobId: '42' });
    expect(decodeJobReference(value)).toEqual({ cluster: 'prod-eu', jobId: '42' });
  });

  it.each([
    ['not JSON', 'not json'],
    ['a missing job', JSON.stringify({ c: 'default' })],
    ['a cluster with a slash', JSON.stringify({ c: '../etc', j: '1' })],
    ['a job id with a colon', JSON.stringify({ c: 'default', j: '1:2' })],
    ['a very long value', JSON.stringify({ c: 'default', j: '1'.repeat(300) })],
  ])('is refused when it is %s: a click is user input', (_what, value) => {
    expect(decodeJobReference(value)).toBeUndefined();
  });
});
