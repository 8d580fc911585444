import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';

export interface AuditChannelPoster {
  /** Queues one line for the channel and returns at once; never rejects. */
  (line: string): Promise<void>;
  /** Resolves once every queued line has been posted or given up on (shutdown, tests). */
  idle(): Promise<void>;
}

export interface AuditChannelOptions {
  readonly logger: Logger;
  /** Lines waiting beyond this are dropped, with a warning: they are still in the log and the stream. */
  readonly maxQueued?: number;
}

/**
 * NETSHOOT_AUDIT_CHANNEL's poster, the `postLine` of the audit trail. Fire and forget: lines go into a
 * bounded queue and one loop posts them in order, so neither a slow Slack nor a burst of records
 * ever holds a door or a worker. The channel is a convenience copy: the log line and the Redis Stream
 * are the record, which is why a full queue or a failed post is logged and dropped rather than retried
 * forever (the client already retries a rate limit, bounded by slackRetryConfig).
 */
export function auditChannelPoster(
  client: WebClient,
  channel: string,
  options: AuditChannelOptions,
): AuditChannelPoster {
  const { logger } = options;
  const maxQueued = options.maxQueued ?? 200;
  const queue: string[] = [];
  let draining: Promise<void> | undefined;
  let dropped = 0;

  async function drain(): Promise<void> {
    for (let line = queue.shift(); line !== undefined; line = queue.shift()) {
      try {
        // Plain text, no link expansion: the line's own mentions are the only ones (audit-line.ts).
        await client.chat.postMessage({ channel, text: line, unfurl_links: false, unfurl_media: false });
      } catch (error) {
        logger.warn(
          { err: error, channel, line },
          `could not post to the audit channel ${channel}; check that the bot is a member (it stays in the log and the Redis stream)`,
        );
      }
    }
  }

  const post = async (line: string): Promise<void> => {
    if (queue.length >= maxQueued) {
      dropped += 1;
      // One warning per hundred, not one per line: a Slack outage should not flood the log too.
      if (dropped % 100 === 1) {
        logger.warn(
          { channel, dropped, maxQueued },
          'audit channel is behind: lines dropped (they stay in the log and the Redis stream)',
        );
      }
      return;
    }
    queue.push(line);
    draining ??= drain().finally(() => {
      draining = undefined;
    });
  };
  return Object.assign(post, {
    async idle() {
      while (draining) await draining;
    },
  });
}
