import type { AuditRecord, AuditTrail } from '../../src/audit/audit-record.js';

/**
 * An audit trail that keeps its records in memory, in order: the doors' tests read what was written
 * without depending on where the production trail keeps it.
 */
export interface MemoryAudit extends AuditTrail {
  readonly records: AuditRecord[];
}

export function createMemoryAudit(): MemoryAudit {
  const records: AuditRecord[] = [];
  return {
    records,
    async record(entry) {
      records.push({ ...entry, at: entry.at ?? new Date().toISOString() });
    },
  };
}
