import type { WebClient } from '@slack/web-api';
import { pino, type Logger } from 'pino';
import type { GroupMembership } from '../policy/ports.js';
import { slackErrorCode } from './queued-message.js';

export interface GroupMembershipOptions {
  /** How long one group's member list is trusted; 5 minutes by default. */
  readonly ttlMs?: number;
  /** After a failed call, how soon the next ask tries Slack again (at most the TTL). */
  readonly retryAfterFailureMs?: number;
  readonly logger?: Logger;
  readonly now?: () => number;
}

export interface CachedGroupMembership extends GroupMembership {
  /**
   * The group's members, never older than the TTL: an approval is a security check made after the
   * click is acked, so it waits for Slack rather than trust a list someone may have left since.
   */
  members(groupId: string): Promise<readonly string[]>;
  /** Asks Slack about groups not yet cached (a policy's groups, at start or reload), so no door waits. */
  warm(groupIds: readonly string[]): Promise<void>;
}

interface Entry {
  users: ReadonlySet<string>;
  fetchedAt: number;
  /** Failed calls stay for a shorter time: a missing scope fixed by a reinstall shows up soon. */
  staleAfterMs: number;
  refreshing?: Promise<Entry>;
}

const defaultTtlMs = 5 * 60_000;

/**
 * Who is in the Slack user groups a policy names: `usergroups.users.list` per group, cached with a
 * TTL. Doors decide before Slack's 3-second ack, so `groupIdsOf` answers from the cache and refreshes
 * a stale group in the background; it waits only for a group it has never asked about. Concurrent
 * asks for one group share one call. A call that fails (missing_scope, no_such_subteam) logs the fix
 * and counts as nobody in the group: without the list, nobody gets what the group would grant.
 */
export function createGroupMembership(
  client: WebClient,
  options: GroupMembershipOptions = {},
): CachedGroupMembership {
  const ttlMs = options.ttlMs ?? defaultTtlMs;
  const retryMs = Math.min(options.retryAfterFailureMs ?? 30_000, ttlMs);
  const logger = options.logger ?? pino({ level: 'warn' });
  const now = options.now ?? Date.now;
  const cache = new Map<string, Entry>();

  async function fetchGroup(groupId: string): Promise<Entry> {
    try {
      const answer = await client.usergroups.users.list({ usergroup: groupId });
      return { users: new Set(answer.users ?? []), fetchedAt: now(), staleAfterMs: ttlMs };
    } catch (error) {
      logger.warn({ err: error, groupId }, explainFailure(groupId, slackErrorCode(error)));
      return { users: new Set(), fetchedAt: now(), staleAfterMs: retryMs };
    }
  }

  /** The one call in flight for a group, started if none is; the cache holds its answer. */
  function refresh(groupId: string): Promise<Entry> {
    const current = cache.get(groupId);
    if (current?.refreshing) return current.refreshing;
    const refreshing = fetchGroup(groupId).then((entry) => {
      cache.set(groupId, entry);
      return entry;
    });
    if (current) current.refreshing = refreshing;
    else {
      // A placeholder that is already stale, so every ask before the answer joins this call.
      cache.set(groupId, { users: new Set(), fetchedAt: -Infinity, staleAfterMs: 0, refreshing });
    }
    return refreshing;
  }

  const isFresh = (entry: Entry) => now() - entry.fetchedAt < entry.staleAfterMs;

  /** Stale-while-revalidate: a known list at once (refreshed behind), a never-seen one awaited. */
  async function cachedMembers(groupId: string): Promise<ReadonlySet<string>> {
    const entry = cache.get(groupId);
    if (!entry || entry.fetchedAt === -Infinity) return (await refresh(groupId)).users;
    if (!isFresh(entry)) void refresh(groupId);
    return entry.users;
  }

  return {
    async groupIdsOf(userId, groupIds) {
      const unique = [...new Set(groupIds)];
      const lists = await Promise.all(unique.map((groupId) => cachedMembers(groupId)));
      return unique.filter((_groupId, index) => lists[index]?.has(userId) === true);
    },
    async members(groupId) {
      const entry = cache.get(groupId);
      const fresh = entry && isFresh(entry) ? entry : await refresh(groupId);
      return [...fresh.users];
    },
    async warm(groupIds) {
      await Promise.all(
        [...new Set(groupIds)].filter((groupId) => !cache.has(groupId)).map((groupId) => refresh(groupId)),
      );
    },
  };
}

function explainFailure(groupId: string, code: string | undefined): string {
  const why = code ?? 'no answer from Slack';
  switch (code) {
    case 'missing_scope':
      return `could not read who is in user group ${groupId} (missing_scope): add usergroups:read to the app's scopes and reinstall; until then nobody counts as a member`;
    case 'no_such_subteam':
      return `user group ${groupId} does not exist in this workspace (no_such_subteam): fix its ID in the policy's groups section (usergroups.list shows them); until then nobody counts as a member`;
    default:
      return `could not read who is in user group ${groupId} (${why}); until it answers nobody counts as a member`;
  }
}
