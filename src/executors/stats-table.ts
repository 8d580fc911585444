import type { Argv } from '../catalogue/define-command.js';
import { formatTarget, type TargetRef } from '../grammar/target.js';
import type { StatsOptions } from './executor.js';
import type { RunResult } from '../results/run-result.js';

/** What `stats` asks of an executor besides the namespace: `--sort`, `--limit`, `--all`. */
export type StatsView = Omit<StatsOptions, 'namespace'>;

/** As commands/stats.ts defaults it, for callers that leave it out. */
export const defaultStatsLimit = 20;

/** Busiest first by `value`, ties by name, so the same snapshot always reads the same. */
export function descendingBy<T>(value: (item: T) => number, name: (item: T) => string) {
  return (a: T, b: T): number => value(b) - value(a) || name(a).localeCompare(name(b));
}

/** The first `limit` of `items` in `compare` order, and how many there were before the limit. */
export function sortAndLimit<T>(
  items: readonly T[],
  compare: (a: T, b: T) => number,
  limit = defaultStatsLimit,
): { readonly shown: T[]; readonly total: number } {
  return { shown: [...items].sort(compare).slice(0, limit), total: items.length };
}

/** Fixed-width columns two spaces apart, then a line saying how many the limit left out. */
export function renderTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  total = rows.length,
): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const lines = [header, ...rows].map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd(),
  );
  if (total > rows.length) lines.push(`(${total - rows.length} more not shown)`);
  return lines.join('\n');
}

/** A `stats` snapshot as a run: the table is its stdout, the argv what the user asked. */
export function statsResult(target: TargetRef, view: StatsView, table: string, startedAt: number): RunResult {
  const argv: Argv = [
    'stats',
    formatTarget(target),
    ...(view.sort ? ['--sort', view.sort] : []),
    ...(view.limit ? ['--limit', String(view.limit)] : []),
    ...(view.all ? ['--all'] : []),
  ];
  return {
    argv,
    exitCode: 0,
    signal: null,
    timedOut: false,
    canceled: false,
    stdout: `${table}\n`,
    stderr: '',
    truncated: false,
    durationMs: Date.now() - startedAt,
    artifacts: [],
  };
}
