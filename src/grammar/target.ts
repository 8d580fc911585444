import { z } from 'zod';
import { hasOwnKey, ownEntry } from './own-entry.js';

/** Every target form of SPEC 3, and which executor serves it. */
export const targetKinds = {
  pod: 'kubernetes',
  deploy: 'kubernetes',
  sts: 'kubernetes',
  ds: 'kubernetes',
  svc: 'kubernetes',
  node: 'kubernetes',
  container: 'docker',
  service: 'docker',
  network: 'docker',
  host: 'docker-or-local',
  netns: 'local',
} as const;

export type TargetKind = keyof typeof targetKinds;

export const targetKindSchema = z.enum(Object.keys(targetKinds) as [TargetKind, ...TargetKind[]]);

/**
 * A target as the user wrote it, not yet resolved: `pod/web` is `{ kind: 'pod', name: 'web' }`,
 * `host` is `{ kind: 'host', name: '' }`. Where a tool expects a destination, a TargetRef stands in
 * the arguments until the worker resolves it to an address (SPEC 3).
 */
export const targetRefSchema = z.strictObject({
  kind: targetKindSchema,
  name: z.string(),
});

export type TargetRef = z.infer<typeof targetRefSchema>;

export function isTargetRef(value: unknown): value is TargetRef {
  return targetRefSchema.safeParse(value).success;
}

/** `pod/web`, `host`: how a target is written, in messages and in explain's output. */
export function formatTarget(target: TargetRef): string {
  return target.kind === 'host' ? 'host' : `${target.kind}/${target.name}`;
}

/** kubectl's long names for the workload kinds, accepted because people type them. */
export const kindAliases: Readonly<Record<string, TargetKind>> = {
  deployment: 'deploy',
  statefulset: 'sts',
  daemonset: 'ds',
  po: 'pod',
  no: 'node',
};

/** Kubernetes object names, Docker names and IDs, Swarm service names, netns names. */
const targetNamePattern = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,252}$/;

/**
 * Reads `pod/web`, `deployment/api`, `host`: a TargetRef, or undefined when the token is not written
 * as a target at all. A token in target form with a bad name (`pod/-x`) is also undefined here; the
 * caller decides whether that is an error or a plain value.
 */
export function parseTargetToken(token: string): TargetRef | undefined {
  if (token === 'host') return { kind: 'host', name: '' };
  const slash = token.indexOf('/');
  if (slash <= 0) return undefined;
  const written = token.slice(0, slash).toLowerCase();
  const kind = ownEntry(kindAliases, written) ?? written;
  const name = token.slice(slash + 1);
  if (!hasOwnKey(targetKinds, kind) || kind === 'host') return undefined;
  if (!targetNamePattern.test(name)) return undefined;
  return { kind: kind as TargetKind, name };
}

/** True when the token is written as `kind/...` with a known kind, whatever its name. */
export function looksLikeTarget(token: string): boolean {
  const slash = token.indexOf('/');
  if (slash <= 0) return token === 'host';
  const written = token.slice(0, slash).toLowerCase();
  const kind = ownEntry(kindAliases, written) ?? written;
  return hasOwnKey(targetKinds, kind) && kind !== 'host';
}
