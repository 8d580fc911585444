import { closestNames } from './closest-names.js';
import { ownEntry } from './own-entry.js';
import { kindAliases, targetKinds, type TargetKind } from './target.js';

/** Every way a kind may be written before the slash: `pod`, `po`, `deployment`, ... */
const kindSpellings = [
  ...Object.keys(targetKinds).filter((kind) => kind !== 'host'),
  ...Object.keys(kindAliases),
];

/**
 * What a word that is not a target was probably meant to be, for "did you mean": `pdo/web` ->
 * `pod/web`, `deployments/api` -> `deploy/api`, `hots` -> `host`. Empty when nothing is near, and
 * always empty for words that read as a host name or address (`kubernetes.default`, `10.0.0.1`),
 * which are a missing target rather than a misspelt one.
 */
export function suggestTargets(word: string): string[] {
  const slash = word.indexOf('/');
  if (slash < 0) {
    if (/[.:]/.test(word) || /^\d/.test(word)) return [];
    return closestNames(word, ['host']);
  }
  if (slash === 0) return [];
  const written = word.slice(0, slash).toLowerCase();
  const name = word.slice(slash + 1);
  const kinds = closestNames(written, kindSpellings).map(
    (spelling) => (ownEntry(kindAliases, spelling) ?? spelling) as TargetKind,
  );
  return [...new Set(kinds)].map((kind) => `${kind}/${name}`);
}

/** The hint line, as for an unknown tool, or none: `did you mean: pod/web?`. */
export function didYouMean(suggestions: readonly string[]): string[] {
  return suggestions.length > 0 ? [`did you mean: ${suggestions.join(', ')}?`] : [];
}
