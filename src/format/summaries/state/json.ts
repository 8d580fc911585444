/**
 * The array of objects a tool's JSON output holds (`ip -j`, `bridge -j`), or undefined when the text is
 * not that: then the summary says nothing and the raw output speaks.
 */
export function parseJsonArray(text: string): Record<string, unknown>[] | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('[')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    // dropped: JSON cut short (a truncated run) is not summarised; the raw output is shown instead.
    return undefined;
  }
  if (!Array.isArray(parsed)) return undefined;
  return parsed.filter(
    (item): item is Record<string, unknown> =>
      typeof item === 'object' && item !== null && !Array.isArray(item),
  );
}

/** A field as text: '' when absent, so a table cell stays a string. */
export function text(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

/** A field that is a list of strings (`flags`, `state`). */
export function words(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** "1 route", "12 routes": a count with its noun. */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}
