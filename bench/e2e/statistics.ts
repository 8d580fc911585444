/**
 * Nearest-rank percentile of ascending `sorted` values: the smallest value with at least p% of the
 * samples at or below it (so p99 of 200 samples is the 198th). NaN for no samples.
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

/** p50 and p99 of unordered samples. */
export function summarise(samples: readonly number[]): { p50: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

/** Counts of each key, divided by `per`: Slack calls per command by method. */
export function ratesByKey(keys: readonly string[], per: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return new Map(
    [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([key, count]) => [key, count / per]),
  );
}
