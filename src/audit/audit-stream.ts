import type { AuditRecord } from './audit-record.js';

/**
 * Where the trail lives in Redis and how one entry is stored, shared by the writer (audit-trail.ts)
 * and the reader (audit-reader.ts). One field holding the record's JSON: the reader filters in
 * memory anyway, and a record keeps its exact shape (numbers stay numbers, absent fields stay absent).
 */
export const defaultAuditPrefix = 'netshoot';

/** About a busy month of a large workspace: every command is 4 to 8 records. */
export const defaultMaxAuditRecords = 100_000;

export const auditRecordField = 'record';

export function auditStreamKey(prefix = defaultAuditPrefix): string {
  return `${prefix}:audit`;
}

/** A stream entry's fields back into a record; undefined for an entry that is not one of ours. */
export function decodeAuditEntry(fields: readonly string[]): AuditRecord | undefined {
  for (let index = 0; index + 1 < fields.length; index += 2) {
    if (fields[index] !== auditRecordField) continue;
    try {
      const parsed = JSON.parse(fields[index + 1] as string) as unknown;
      if (isAuditRecord(parsed)) return parsed;
    } catch {
      // dropped: an entry someone wrote by hand that is not JSON is not a record; the reader skips it.
      return undefined;
    }
  }
  return undefined;
}

function isAuditRecord(value: unknown): value is AuditRecord {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.at === 'string' && typeof record.event === 'string' && typeof record.subject === 'string'
  );
}
