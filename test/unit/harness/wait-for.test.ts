import { EventEmitter } from 'node:events';
import { waitFor, waitForEvent, within } from '../../harness/wait-for.js';

describe('waiting for a condition in tests', () => {
  it('returns what the condition returned once it held', async () => {
    let polls = 0;
    const value = await waitFor(() => (++polls >= 3 ? { polls } : undefined), {
      what: 'three polls',
      everyMs: 1,
    });
    expect(value).toEqual({ polls: 3 });
  });

  it('says what never happened, within how long, and the last error the condition threw', async () => {
    const started = Date.now();
    await expect(
      waitFor(
        () => {
          throw new Error('connection refused');
        },
        { what: 'the server answering', timeoutMs: 100, everyMs: 10 },
      ),
    ).rejects.toThrow('never happened: the server answering within 100 ms (last: connection refused)');
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
  });

  it('bounds a promise that never settles', async () => {
    await expect(within(new Promise(() => undefined), { what: 'an answer', timeoutMs: 20 })).rejects.toThrow(
      'never happened: an answer within 20 ms',
    );
    await expect(within(Promise.resolve(7), { what: 'seven' })).resolves.toBe(7);
  });

  it('waits for an event, bounded', async () => {
    const emitter = new EventEmitter();
    const heard = waitForEvent(emitter, 'ready', { what: 'ready' });
    emitter.emit('ready', 'now');
    await expect(heard).resolves.toEqual(['now']);
    await expect(waitForEvent(emitter, 'never', { what: 'the never event', timeoutMs: 20 })).rejects.toThrow(
      'never happened: the never event within 20 ms',
    );
  });
});
