import { distance } from 'fastest-levenshtein';

/**
 * The known names nearest to a misspelt one (`digg` -> `dig`), best first, for "did you mean".
 * A name counts as near when at most a third of it (and at least one letter) must change, or when
 * one begins with the other (`trace` -> `traceroute`, `tracepath`).
 */
export function closestNames(written: string, known: readonly string[], limit = 3): string[] {
  const target = written.toLowerCase();
  const budget = Math.max(1, Math.floor(target.length / 3));
  return known
    .map((name) => ({ name, cost: distance(target, name) }))
    .filter(
      ({ name, cost }) =>
        cost <= budget ||
        (target.length >= 3 && name.startsWith(target)) ||
        (name.length >= 3 && target.startsWith(name)),
    )
    .sort((a, b) => a.cost - b.cost || a.name.localeCompare(b.name))
    .slice(0, limit)
    .map(({ name }) => name);
}
