import type { WebClient } from '@slack/web-api';
import type { GroupMembership } from '../policy/ports.js';

/** STUB until the approvals part lands: usergroups.users.list, cached with a TTL. */
export function createGroupMembership(
  _client: WebClient,
  _options: { ttlMs?: number } = {},
): GroupMembership & { members(groupId: string): Promise<readonly string[]> } {
  return {
    async groupIdsOf() {
      return [];
    },
    async members() {
      return [];
    },
  };
}
