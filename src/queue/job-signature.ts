import { createHmac, timingSafeEqual } from 'node:crypto';
import type { JobData } from './job.js';

/**
 * The HMAC a job carries (SPEC 6): SHA-256 with NETSHOOT_JOB_SECRET over everything that decides what
 * runs and for whom (the request, the origin, the dedupe key, the time, the authorization without its
 * signature), in a canonical JSON with sorted keys, so a worker can tell a job a door signed from one
 * written or altered in Redis.
 */
export function signJob(data: JobData, secret: string): JobData {
  if (!data.authorization) throw new Error('a job without an authorization cannot be signed');
  const { signature: _old, ...authorization } = data.authorization;
  const unsigned: JobData = { ...data, authorization };
  return { ...data, authorization: { ...authorization, signature: macOf(unsigned, secret) } };
}

/** True when the job carries a signature that this secret made over exactly this content. */
export function hasValidSignature(data: JobData, secret: string): boolean {
  const signature = data.authorization?.signature;
  if (signature === undefined) return false;
  const { signature: _given, ...authorization } = data.authorization!;
  const expected = Buffer.from(macOf({ ...data, authorization }, secret), 'hex');
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function macOf(data: JobData, secret: string): string {
  return createHmac('sha256', secret).update(canonicalJson(data)).digest('hex');
}

/**
 * JSON with object keys sorted at every depth and `undefined` members left out, as a Redis round trip
 * leaves them: the same job gives the same bytes on the bot and on the worker.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(value).sort()) {
    const member = (value as Record<string, unknown>)[key];
    if (member !== undefined) sorted[key] = sortKeys(member);
  }
  return sorted;
}
