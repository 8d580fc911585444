import type { Policy } from './policy-schema.js';

/** How the policy in force was loaded, and whether the last reload failed (GET /readyz shows it). */
export interface PolicyStatus {
  /** The file's path, or `built-in`. */
  readonly source: string;
  readonly loadedAt: string;
  /** A reload (file change or SIGHUP) that did not parse: the last good policy stays in force. */
  readonly reloadError?: { readonly at: string; readonly message: string };
}

/** The policy in force: swapped whole on a good reload, so a decision never sees half of two files. */
export interface PolicySource {
  current(): Policy;
  status(): PolicyStatus;
}

/**
 * Which Slack user groups a person is in, among the IDs asked about (the groups the policy names).
 * Cached with a TTL (src/slack/usergroups.ts), so a door seldom waits on Slack.
 */
export interface GroupMembership {
  groupIdsOf(userId: string, groupIds: readonly string[]): Promise<readonly string[]>;
}
