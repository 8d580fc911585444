import { isTargetRef, type TargetRef } from '../grammar/target.js';

/**
 * Replaces every destination reference in a request's arguments (`ping pod/a pod/b`: b) with the
 * address `resolve` returns, at the top level and inside arrays (SPEC 3). Other values pass as they are.
 */
export async function resolveDestinations(
  args: Readonly<Record<string, unknown>>,
  resolve: (target: TargetRef) => Promise<string>,
): Promise<Record<string, unknown>> {
  const entries = await Promise.all(
    Object.entries(args).map(async ([key, value]) => {
      if (isTargetRef(value)) return [key, await resolve(value)] as const;
      if (Array.isArray(value)) {
        const items = await Promise.all(value.map((item) => (isTargetRef(item) ? resolve(item) : item)));
        return [key, items] as const;
      }
      return [key, value] as const;
    }),
  );
  return Object.fromEntries(entries);
}
