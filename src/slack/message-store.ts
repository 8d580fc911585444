import type { RedisClient } from '../queue/redis-client.js';

/** Where a job's channel-visible message lives, so the worker's reporter can update it. */
export interface MessageRef {
  readonly channel: string;
  readonly ts: string;
  /**
   * A Rerun's message: the job it reruns and who clicked. Kept with the message because the worker
   * redraws the whole message at each stage and the job's data does not carry it.
   */
  readonly rerunOf?: { readonly jobId: string; readonly userId: string };
}

export interface MessageStore {
  save(cluster: string, jobId: string, ref: MessageRef): Promise<void>;
  find(cluster: string, jobId: string): Promise<MessageRef | undefined>;
  /** Waits (bounded) for the listener to save it: a fast worker can start before the post returns. */
  waitFor(cluster: string, jobId: string, timeoutMs: number): Promise<MessageRef | undefined>;
}

const weekSeconds = 7 * 24 * 60 * 60;

/**
 * Kept in Redis next to the queue: the listener posts "queued as #42" after enqueueing (the job id
 * is in the text), so the message's ts is known only after the job exists and travels separately.
 */
export function createMessageStore(redis: RedisClient, prefix = 'netshoot'): MessageStore {
  const keyOf = (cluster: string, jobId: string) => `${prefix}:${cluster}:slack-message:${jobId}`;
  const store: MessageStore = {
    async save(cluster, jobId, ref) {
      await redis.set(keyOf(cluster, jobId), JSON.stringify(ref), 'EX', weekSeconds);
    },
    async find(cluster, jobId) {
      const stored = await redis.get(keyOf(cluster, jobId));
      if (stored === null) return undefined;
      const parsed = JSON.parse(stored) as Partial<MessageRef>;
      if (typeof parsed.channel !== 'string' || typeof parsed.ts !== 'string') return undefined;
      const rerunOf = parsed.rerunOf;
      return {
        channel: parsed.channel,
        ts: parsed.ts,
        ...(typeof rerunOf?.jobId === 'string' && typeof rerunOf.userId === 'string'
          ? { rerunOf: { jobId: rerunOf.jobId, userId: rerunOf.userId } }
          : {}),
      };
    },
    async waitFor(cluster, jobId, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = await store.find(cluster, jobId);
        if (found || Date.now() >= deadline) return found;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
  return store;
}

/**
 * The message's link, in the form chat.getPermalink answers for a channel message
 * (`https://acme.slack.com/archives/C0123/p1700000000123456`), from the workspace's URL as auth.test
 * gives it: no call to Slack per link, so `jobs` can link ten messages within its ack.
 */
export function permalinkOf(workspaceUrl: string, ref: MessageRef): string {
  const base = workspaceUrl.endsWith('/') ? workspaceUrl : `${workspaceUrl}/`;
  return `${base}archives/${ref.channel}/p${ref.ts.replace('.', '')}`;
}
