import type { RedisClient } from '../queue/redis-client.js';
import type { Logger } from 'pino';
import { describeAuditRecord } from './audit-line.js';
import type { AuditRecord, AuditTrail } from './audit-record.js';
import { auditRecordField, auditStreamKey, defaultMaxAuditRecords } from './audit-stream.js';

export interface AuditTrailOptions {
  readonly logger: Logger;
  /** Key prefix in Redis (tests use their own). */
  readonly prefix?: string;
  /** Posts one line per record to NETSHOOT_AUDIT_CHANNEL when given. */
  readonly postLine?: (line: string) => Promise<void>;
  /** The stream keeps about this many records, the oldest trimmed first (100 000 by default). */
  readonly maxRecords?: number;
  /** How long a record waits for Redis before the trail says it may be missing from the stream. */
  readonly writeTimeoutMs?: number;
}

/**
 * The audit trail (SPEC 6). Each record goes three ways, in the order that loses nothing: first the
 * JSON log line, written before anything can fail; then the Redis Stream `<prefix>:audit`, which
 * `netshoot-bot audit` reads, capped with MAXLEN ~ so it cannot grow without bound; then, when
 * NETSHOOT_AUDIT_CHANNEL is set, one line in Slack. A record that Redis did not take is still in the
 * log, and an error line next to it says the stream is missing it; record() itself never throws, so
 * auditing can never be the reason a command fails.
 */
export function createAuditTrail(redis: RedisClient, options: AuditTrailOptions): AuditTrail {
  const key = auditStreamKey(options.prefix);
  const maxRecords = options.maxRecords ?? defaultMaxAuditRecords;
  const writeTimeoutMs = options.writeTimeoutMs ?? 3000;
  const { logger, postLine } = options;

  async function append(record: AuditRecord): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    // ioredis queues commands while it reconnects: bounded, so a caller (a door answering Slack
    // within 3 s, a worker reporting a result) is never held by an audit write.
    const tooSlow = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Redis did not take it within ${writeTimeoutMs} ms`)),
        writeTimeoutMs,
      );
    });
    try {
      await Promise.race([
        redis.xadd(key, 'MAXLEN', '~', String(maxRecords), '*', auditRecordField, JSON.stringify(record)),
        tooSlow,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    async record(entry) {
      const record = { ...entry, at: entry.at ?? new Date().toISOString() } as AuditRecord;
      logger.info({ audit: record }, `audit: ${record.event}`);
      try {
        await append(record);
      } catch (error) {
        logger.error(
          { err: error, audit: record, stream: key },
          `audit: the record above is not in the Redis stream ${key} (the log line keeps it); check that Redis runs`,
        );
      }
      if (postLine) {
        // Not awaited: the poster queues on its own (src/slack/audit-channel.ts); a slow Slack never holds the caller.
        // Through a promise, so that a poster throwing at once is caught as well as one rejecting.
        Promise.resolve(record)
          .then((posted) => postLine(describeAuditRecord(posted)))
          .catch((error: unknown) => {
            logger.warn(
              { err: error, audit: record },
              'audit: could not post the record to the audit channel',
            );
          });
      }
    },
  };
}
