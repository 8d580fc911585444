import { createHash, randomUUID } from 'node:crypto';
import { keyPrefixOf, type RedisClient } from './redis-client.js';
import type { Artifact } from '../results/run-result.js';
import type { ArtifactRef } from '../results/job-outcome.js';

export interface ArtifactStore {
  /** How long a kept artifact waits to be taken. */
  readonly ttlMs: number;
  /**
   * Keeps a job's artifacts, in order, until the first that would take the job over `maxBytesPerJob`;
   * that one and the rest come back with `omitted` instead of a key. `scope` names the job
   * (queue and id), so keys say whose they are.
   */
  keep(scope: string, artifacts: readonly Artifact[]): Promise<ArtifactRef[]>;
  /** The bytes, or undefined when they expired or were taken already. Throws if they do not match the ref. */
  fetch(ref: ArtifactRef): Promise<Buffer | undefined>;
  /** Deletes the refs' keys (taken, uploaded, saved); refs without a key are skipped. */
  remove(refs: readonly ArtifactRef[]): Promise<void>;
}

export interface ArtifactStoreOptions {
  readonly prefix?: string;
  /** One hour by default: reporters take artifacts as the job ends; the rest is a backstop. */
  readonly ttlMs?: number;
  /** 64 MiB by default, the executors' own cap for one file. */
  readonly maxBytesPerJob?: number;
}

export const defaultArtifactTtlMs = 60 * 60 * 1000;
export const defaultMaxArtifactBytesPerJob = 64 * 1024 * 1024;

export function createArtifactStore(redis: RedisClient, options: ArtifactStoreOptions = {}): ArtifactStore {
  // One hash tag on a Cluster: remove() deletes a job's files in one DEL.
  const prefix = keyPrefixOf(redis, options.prefix);
  const ttlMs = options.ttlMs ?? defaultArtifactTtlMs;
  const maxBytes = options.maxBytesPerJob ?? defaultMaxArtifactBytesPerJob;

  return {
    ttlMs,

    async keep(scope, artifacts) {
      let total = 0;
      const refs: ArtifactRef[] = [];
      for (const artifact of artifacts) {
        const described = {
          name: artifact.name,
          contentType: artifact.contentType,
          size: artifact.data.length,
          sha256: createHash('sha256').update(artifact.data).digest('hex'),
        };
        if (total + artifact.data.length > maxBytes) {
          refs.push({
            ...described,
            omitted: `the job's files came to more than the ${formatBytes(maxBytes)} a job may keep`,
          });
          continue;
        }
        total += artifact.data.length;
        const key = `${prefix}:artifact:${scope}:${randomUUID()}`;
        await redis.set(key, artifact.data, 'PX', ttlMs);
        refs.push({ ...described, key, expiresAt: Date.now() + ttlMs, keptForMs: ttlMs });
      }
      return refs;
    },

    async fetch(ref) {
      if (!ref.key) return undefined;
      assertArtifactKey(ref.key);
      const data = await redis.getBuffer(ref.key);
      if (!data) return undefined;
      const sha256 = createHash('sha256').update(data).digest('hex');
      if (sha256 !== ref.sha256 || data.length !== ref.size) {
        throw new Error(
          `artifact ${ref.name} at ${ref.key} does not match its reference (${data.length} bytes, sha256 ${sha256})`,
        );
      }
      return data;
    },

    async remove(refs) {
      const keys = refs.flatMap((ref) => (ref.key ? [ref.key] : []));
      keys.forEach(assertArtifactKey);
      if (keys.length > 0) await redis.del(...keys);
    },
  };
}

/** A result names the key to read and delete: only artifact keys, never a queue's own. */
function assertArtifactKey(key: string): void {
  if (!/^[^\s]+:artifact:[^\s]+$/.test(key)) throw new Error(`'${key}' is not an artifact key`);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
