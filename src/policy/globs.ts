/**
 * Policy globs: `*` is any run of characters, `?` one character, everything else is itself. Compiled
 * once per pattern; user words are matched against them, never looked up in objects.
 */
const compiled = new Map<string, RegExp>();

export function matchesGlob(pattern: string, value: string): boolean {
  let regex = compiled.get(pattern);
  if (!regex) {
    const body = pattern
      .split('')
      .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
      .join('');
    regex = new RegExp(`^${body}$`, 's');
    compiled.set(pattern, regex);
  }
  return regex.test(value);
}

export function matchesAnyGlob(patterns: readonly string[], value: string): boolean {
  return patterns.some((pattern) => matchesGlob(pattern, value));
}
