import type { IncomingMessage } from 'node:http';
import type { HTTPReceiver } from '@slack/bolt';

/**
 * When a request reached the bot, as `context.arrivedAt` (performance.now()), so the ack is timed as
 * Slack's three seconds run: from the request's arrival, not from the listener's start, which misses
 * reading and checking the body and Bolt's middleware (the listener alone read 0.6 ms).
 *
 * HTTP: stamped when the server hands over the request (its headers are in; the body is still to be
 * read), by wrapping the receiver's public requestListener; Bolt then passes the same request object
 * to customPropertiesExtractor. Socket Mode: stamped as the envelope is dispatched by the Socket Mode
 * client, before Bolt's authorize and middleware.
 */
export function createRequestArrival() {
  const arrivals = new WeakMap<IncomingMessage, number>();
  return {
    /** Wraps the receiver's listener: every request is stamped first. */
    stamp(receiver: HTTPReceiver): void {
      const listener = receiver.requestListener;
      receiver.requestListener = (request, response) => {
        arrivals.set(request, performance.now());
        listener(request, response);
      };
    },
    /** For HTTPReceiver's customPropertiesExtractor. */
    ofRequest: (request: IncomingMessage): { arrivedAt?: number } => {
      const arrivedAt = arrivals.get(request);
      return arrivedAt === undefined ? {} : { arrivedAt };
    },
    /** For SocketModeReceiver's customPropertiesExtractor: called as the envelope is dispatched. */
    ofEnvelope: (): { arrivedAt: number } => ({ arrivedAt: performance.now() }),
  };
}

/** The arrival a receiver stamped, when it did; the listener's own start otherwise. */
export function arrivedAt(context: Record<string, unknown>, fallback: number): number {
  return typeof context.arrivedAt === 'number' ? context.arrivedAt : fallback;
}
