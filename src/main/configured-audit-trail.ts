import type { RedisClient } from '../queue/redis-client.js';
import type { Logger } from 'pino';
import type { AuditTrail } from '../audit/audit-record.js';
import { createAuditTrail } from '../audit/audit-trail.js';
import type { Config } from '../config/env.js';
import { auditChannelPoster, type AuditChannelPoster } from '../slack/audit-channel.js';
import { createWebClient } from '../slack/create-web-client.js';

export interface ConfiguredAuditTrail {
  readonly trail: AuditTrail;
  /** Waits (bounded) for the audit channel's queued lines, so a clean stop posts what it recorded. */
  close(graceMs?: number): Promise<void>;
}

/**
 * The process's one audit trail (docs/audit.md), for the bot's doors and the worker's reporter alike:
 * the JSON log and the Redis Stream always; NETSHOOT_AUDIT_CHANNEL when it is set and the process has
 * a bot token to post with. `redis` is the caller's connection: the trail bounds each write itself.
 */
export function createConfiguredAuditTrail(
  config: Config,
  redis: RedisClient,
  logger: Logger,
): ConfiguredAuditTrail {
  const channel = config.NETSHOOT_AUDIT_CHANNEL;
  let poster: AuditChannelPoster | undefined;
  if (channel !== undefined && config.SLACK_BOT_TOKEN !== undefined) {
    poster = auditChannelPoster(
      createWebClient(config.SLACK_BOT_TOKEN, config.SLACK_API_URL, logger),
      channel,
      {
        logger,
      },
    );
  } else if (channel !== undefined) {
    logger.warn(
      { channel },
      'NETSHOOT_AUDIT_CHANNEL is set but SLACK_BOT_TOKEN is not: audit records go to the log and the Redis stream only; set SLACK_BOT_TOKEN to post them',
    );
  }
  return {
    trail: createAuditTrail(redis, { logger, ...(poster ? { postLine: poster } : {}) }),
    async close(graceMs = 5000) {
      if (!poster) return;
      let timer: NodeJS.Timeout | undefined;
      const gaveUp = new Promise<'gave up'>((resolve) => {
        timer = setTimeout(() => resolve('gave up'), graceMs);
      });
      try {
        if ((await Promise.race([poster.idle(), gaveUp])) === 'gave up') {
          logger.warn(
            { channel, graceMs },
            'stopping before the audit channel caught up (the log and the stream have every record)',
          );
        }
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
