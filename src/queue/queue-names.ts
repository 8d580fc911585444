import { InvalidInputError } from '../errors.js';

/**
 * Redis key layout. BullMQ refuses `:` in queue names, so the cluster is the queue name and
 * `netshoot` the prefix: every key of cluster `prod` starts with `netshoot:prod:` (SPEC 2: one queue
 * per cluster). Tests pass their own cluster name (a fresh one per test) to stay apart.
 */
export const defaultQueuePrefix = 'netshoot';

const clusterNamePattern = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

export function queueNameFor(cluster: string): string {
  if (!clusterNamePattern.test(cluster)) {
    throw new InvalidInputError(`'${cluster}' is not a cluster name`, [
      'use letters, digits, `.`, `_` and `-`, like --cluster prod-eu',
    ]);
  }
  return cluster;
}

/** Where cancel requests are published, so the worker running the job aborts it. */
export function cancelChannelFor(prefix: string, queueName: string): string {
  return `${prefix}:${queueName}:cancel`;
}

/** Set when a job is cancelled, so a worker that picks the job up later does not run it. */
export function cancelFlagKeyFor(prefix: string, queueName: string, jobId: string): string {
  return `${prefix}:${queueName}:canceled:${jobId}`;
}

/** `<prefix>:<queue>:signed:<dedupeKey>`, beside the queue's own keys: which job
 * first carried a signed dedupe key (src/worker/replay-guard.ts). */
export function signedKeyFor(prefix: string, queueName: string, dedupeKey: string): string {
  return `${prefix}:${queueName}:signed:${dedupeKey}`;
}
