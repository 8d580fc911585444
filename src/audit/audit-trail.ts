import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { AuditRecord, AuditTrail } from './audit-record.js';

export interface AuditTrailOptions {
  readonly logger: Logger;
  /** Key prefix in Redis (tests use their own). */
  readonly prefix?: string;
  /** Posts one line per record to NETSHOOT_AUDIT_CHANNEL when given. */
  readonly postLine?: (line: string) => Promise<void>;
}

/** STUB until the audit part lands: the JSON log line only. */
export function createAuditTrail(_redis: Redis, options: AuditTrailOptions): AuditTrail {
  return {
    async record(entry) {
      const record: AuditRecord = { ...entry, at: entry.at ?? new Date().toISOString() };
      options.logger.info({ audit: record }, `audit: ${record.event}`);
    },
  };
}
