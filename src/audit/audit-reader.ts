import type { RedisClient } from '../queue/redis-client.js';
import { InvalidInputError } from '../errors.js';
import type { AuditEvent, AuditRecord } from './audit-record.js';
import { auditStreamKey, decodeAuditEntry } from './audit-stream.js';

export const auditEvents: readonly AuditEvent[] = [
  'requested',
  'refused',
  'approval-asked',
  'approved',
  'approval-denied',
  'approval-expired',
  'queued',
  'started',
  'finished',
  'canceled',
  'artifact',
];

export interface AuditQuery {
  readonly prefix?: string;
  /** Only records appended in the last this many milliseconds. */
  readonly sinceMs?: number;
  /** A Slack user ID or `operator:NAME`: records about them (subject) or by them (approved, canceled). */
  readonly user?: string;
  readonly tool?: string;
  readonly event?: AuditEvent;
  /** The newest this many matching records (100 by default). */
  readonly limit?: number;
  /** For tests: what "now" is. */
  readonly now?: number;
}

export const defaultAuditLimit = 100;

/** How many entries one XREVRANGE fetches while looking for matches. */
const pageSize = 500;

/**
 * Reads the trail back (`netshoot-bot audit`): the newest `limit` records that match, oldest first
 * (newest last, as a log reads). Walks the stream backwards from its end to the entry id of `since`
 * (stream ids are the append time in milliseconds), so a narrow filter over a long window costs one
 * pass over that window and no more; the stream's own cap bounds the window.
 */
export async function readAuditRecords(redis: RedisClient, query: AuditQuery = {}): Promise<AuditRecord[]> {
  const key = auditStreamKey(query.prefix);
  const limit = query.limit ?? defaultAuditLimit;
  const oldest = query.sinceMs === undefined ? '-' : `${(query.now ?? Date.now()) - query.sinceMs}-0`;
  const found: AuditRecord[] = [];
  let newest = '+';
  while (found.length < limit) {
    const page = await redis.xrevrange(key, newest, oldest, 'COUNT', pageSize);
    for (const [, fields] of page) {
      const record = decodeAuditEntry(fields);
      if (record && matches(record, query)) found.push(record);
      if (found.length === limit) break;
    }
    const last = page[page.length - 1];
    if (page.length < pageSize || !last) break;
    newest = `(${last[0]}`;
  }
  return found.reverse();
}

function matches(record: AuditRecord, query: AuditQuery): boolean {
  if (query.user !== undefined && record.subject !== query.user && record.by !== query.user) return false;
  if (query.tool !== undefined && record.tool !== query.tool) return false;
  if (query.event !== undefined && record.event !== query.event) return false;
  return true;
}

/** `--since`: 90s, 30m, 1h as timeouts are written, and days (7d), which audits look back over. */
export function parseSince(text: string): number {
  const match = /^(\d{1,7})(s|m|h|d)$/.exec(text.trim());
  const ms = match ? Number(match[1]) * (sinceUnitMs[match[2] as string] as number) : 0;
  if (ms <= 0) {
    throw new InvalidInputError(`'${text}' is not a time to look back over`, ['write it like 15m, 1h or 7d']);
  }
  return ms;
}

const sinceUnitMs: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `--event`: one of the events a record can have, or a sentence listing them. */
export function parseAuditEvent(text: string): AuditEvent {
  const event = auditEvents.find((candidate) => candidate === text);
  if (event) return event;
  throw new InvalidInputError(`'${text}' is not an audit event`, [`write one of ${auditEvents.join(', ')}`]);
}
