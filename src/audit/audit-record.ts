/**
 * One line of the audit trail (SPEC 6): every decision and outcome, who, where, what, which rule,
 * who approved, how it ended. Appended to a Redis Stream and written as a JSON log line
 * (src/audit/audit-trail.ts); `netshoot-bot audit` reads them back.
 */
export type AuditEvent =
  | 'requested'
  | 'refused'
  | 'approval-asked'
  | 'approved'
  | 'approval-denied'
  | 'approval-expired'
  | 'queued'
  | 'started'
  | 'finished'
  | 'canceled'
  | 'artifact';

/** Where a decision was taken: a door of the bot or the CLI, or the worker's own check. */
export type AuditDoor = 'slash-command' | 'rerun' | 'approval' | 'run' | 'run-remote' | 'worker';

export interface AuditRecord {
  /** ISO time; the trail sets it when the caller does not. */
  readonly at: string;
  readonly event: AuditEvent;
  readonly door?: AuditDoor;
  /** Slack user ID (U…) or `operator:NAME` for the command line. */
  readonly subject: string;
  readonly channel?: string;
  readonly tool?: string;
  /** Where it ran or would run, as users read it: "pod/web (ns default)". */
  readonly where?: string;
  /** The command line as typed (after Slack normalisation). */
  readonly text?: string;
  readonly cluster?: string;
  readonly jobId?: string;
  /** The policy rule that decided, or the limit that refused. */
  readonly rule?: string;
  /** Why, in words: a refusal's reason, a limit's message, a worker's check that failed. */
  readonly reason?: string;
  /** Who approved, denied, or canceled. */
  readonly by?: string;
  readonly exitStatus?: number;
  readonly durationMs?: number;
  /** finished: completed, failed, timed-out, canceled. */
  readonly status?: string;
  readonly artifact?: { readonly name: string; readonly bytes: number; readonly sha256: string };
}

export interface AuditTrail {
  /** Appends one record; never throws (an audit that cannot be written is logged as an error). */
  record(entry: Omit<AuditRecord, 'at'> & { at?: string }): Promise<void>;
}
