/**
 * Limits on Redis, shared by every bot replica (SPEC 6): commands per minute and jobs running at once
 * per user and per channel; privileged captures at once per target. A door asks `admit` before it
 * queues; the worker (or the door, when the job was not queued after all) calls `release`.
 */
export interface AdmissionTicket {
  /** The job's dedupe key: known before the job id, and carried in the job, so the worker can release. */
  readonly id: string;
  /** A Slack user ID, or `operator:NAME`. */
  readonly user: string;
  /** A Slack channel ID; absent on the command line. */
  readonly channel?: string;
  /** `cluster/namespace/kind/name` when the job is a privileged capture; absent otherwise. */
  readonly captureTarget?: string;
  /** The tool, named to whoever waits for the same capture target ("tcpdump is already capturing"). */
  readonly tool?: string;
  /** The longest the job may hold its slots (its timeout plus the worker's overhead): a crash frees them. */
  readonly holdMs: number;
}

export interface LimitRefusal {
  /** Which limit: `user-rate`, `channel-rate`, `user-running`, `channel-running`, `capture-per-target`. */
  readonly limit: LimitName;
  /** In words, with when it frees: "you have 3 jobs running; the limit is 3". */
  readonly message: string;
}

export type LimitName =
  'user-rate' | 'channel-rate' | 'user-running' | 'channel-running' | 'capture-per-target';

export interface AdmissionLimits {
  /** Counts the command and reserves its slots, or refuses and reserves nothing. */
  admit(ticket: AdmissionTicket): Promise<LimitRefusal | undefined>;
  /** Frees the ticket's slots; releasing twice, or a ticket never admitted, is harmless. */
  release(ticket: AdmissionTicket): Promise<void>;
}

/**
 * The policy file's `limits:` section as the limits read it. Declared here rather than imported from
 * src/policy (whose PolicyLimits has this shape): src/policy imports this folder, and folders import
 * one way only.
 */
export interface LimitSettings {
  readonly perUser?: { readonly commandsPerMinute?: number; readonly runningJobs?: number };
  readonly perChannel?: { readonly commandsPerMinute?: number; readonly runningJobs?: number };
  readonly capturesPerTarget?: number;
}
