/**
 * Look-ups of words the user wrote. A plain object answers for `constructor`, `toString` or
 * `__proto__` with what it inherits from Object.prototype: a function or an object where a flag spec,
 * a kind or a value was expected, which dropped the word or put `null` into an argv (issue 12). Every
 * table keyed by user text is read through these two, or is a Map, and
 * test/unit/lint/own-key-lookups.test.ts keeps it so.
 */

/** The table's own entry for `key`, or undefined: never one inherited from Object.prototype. */
export function ownEntry<V>(table: Readonly<Record<string, V>> | undefined, key: string): V | undefined {
  // own-key: checked with Object.hasOwn on the same line
  return table !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
}

/** Whether `key` is one of the table's own keys (what `key in table` means to say). */
export function hasOwnKey(table: object, key: string): boolean {
  return Object.hasOwn(table, key);
}
