import { distance } from 'fastest-levenshtein';

/**
 * The known names nearest to a misspelt one (`digg` -> `dig`), best first, for "did you mean".
 * Near means: the fewest edits found, within a third of the name (at least two, so a swap of two
 * letters counts), or a name that begins with what was typed (`trace` -> `traceroute`, `tracepath`).
 */
export function closestNames(written: string, known: readonly string[], limit = 3): string[] {
  const target = written.toLowerCase();
  const budget = Math.max(2, Math.floor(target.length / 3));
  const scored = known.map((name) => ({ name, cost: distance(target, name) }));
  const best = Math.min(...scored.map(({ cost }) => cost));
  const prefixed = ({ name }: { name: string }) =>
    (target.length >= 3 && name.startsWith(target)) || (name.length >= 3 && target.startsWith(name));
  return scored
    .filter((candidate) => (candidate.cost <= budget && candidate.cost === best) || prefixed(candidate))
    .sort((a, b) => a.cost - b.cost || a.name.localeCompare(b.name))
    .slice(0, limit)
    .map(({ name }) => name);
}
