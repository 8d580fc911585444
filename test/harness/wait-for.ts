import { once, type EventEmitter } from 'node:events';
import { setTimeout as pause } from 'node:timers/promises';

/** What a wait is for and how long it may take; `what` goes into the error when it never happens. */
export interface WaitOptions {
  /** Said in the error, as "never happened: <what> within N ms"; a function is asked only then. */
  what: string | (() => string);
  /** The bound. */
  timeoutMs?: number;
  /** How often a polled condition is looked at again. */
  everyMs?: number;
}

/** A value that means "not yet" to waitFor. */
type NotYet = undefined | null | false;

/**
 * Polls `condition` until it returns something other than undefined, null or false, and returns
 * that. A condition that throws counts as "not yet" (a pod that does not exist yet, a port not yet
 * open); its last error is quoted when the bound passes. Throws "never happened: <what> within N ms".
 */
export async function waitFor<T>(
  condition: () => T | NotYet | Promise<T | NotYet>,
  { what, timeoutMs = 10_000, everyMs = 50 }: WaitOptions,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value !== undefined && value !== null && value !== false) return value;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) throw neverHappened(what, timeoutMs, lastError);
    await pause(Math.min(everyMs, Math.max(0, deadline - Date.now())));
  }
}

/**
 * Waits for `emitter` to emit `event` (its arguments are returned), bounded. An 'error' event
 * rejects, as events.once does.
 */
export async function waitForEvent(
  emitter: EventEmitter,
  event: string,
  { what, timeoutMs = 10_000 }: Omit<WaitOptions, 'everyMs'>,
): Promise<unknown[]> {
  const bound = AbortSignal.timeout(timeoutMs);
  try {
    return await once(emitter, event, { signal: bound });
  } catch (error) {
    if (bound.aborted) throw neverHappened(what, timeoutMs);
    throw error;
  }
}

/** Waits for `promise` to settle, bounded: its value, or "never happened: <what> within N ms". */
export async function within<T>(
  promise: Promise<T>,
  { what, timeoutMs = 10_000 }: Omit<WaitOptions, 'everyMs'>,
): Promise<T> {
  const gaveUp = new AbortController();
  try {
    return await Promise.race([
      promise,
      pause(timeoutMs, undefined, { signal: gaveUp.signal }).then(() => {
        throw neverHappened(what, timeoutMs);
      }),
    ]);
  } finally {
    // The bound's timer must not outlive the wait: it would hold jest open.
    gaveUp.abort();
  }
}

function neverHappened(what: WaitOptions['what'], timeoutMs: number, lastError?: unknown): Error {
  const because = lastError === undefined ? '' : ` (last: ${errorText(lastError)})`;
  const said = typeof what === 'function' ? what() : what;
  return new Error(`never happened: ${said} within ${timeoutMs} ms${because}`);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
