import type { Measure } from './summaries/summary.js';

/**
 * When a number has changed enough to be worth a line. Both must hold: the change is at least a
 * fifth of the larger value (run-to-run jitter of a latency or a rate stays below that), and it is
 * above the unit's floor, so loopback's 0.05 ms → 0.09 ms (×1.8, all noise) says nothing while
 * 0.19 ms → 12.4 ms does. Units not listed have no floor: counts (hops, open ports, packets) and
 * rates whose unit is chosen per value.
 */
export const changeThresholds = {
  relative: 0.2,
  floors: { ms: 1, s: 0.001, '%': 1 } as Readonly<Record<string, number>>,
} as const;

/** At most this many lines: the message says what changed, not everything that did. */
export const maxChangeLines = 5;

/**
 * What changed between two runs of the same command, one line each, most telling first:
 * "5432 was open, now refused", "A record was 10.0.0.5, now 10.0.0.9", "avg RTT 0.19 ms → 12.4 ms
 * (×65)", "loss 0% → 30% (+30 points)". States (strings) come first, in the order the summary lists them:
 * a port that closed is the news; then measures that appeared or vanished; then numbers by the size
 * of their change. Empty when nothing changed that matters. Pure.
 */
export function compareMeasures(
  previous: readonly Measure[],
  current: readonly Measure[],
): readonly string[] {
  const before = new Map(previous.map((measure) => [measure.key, measure]));
  const now = new Map(current.map((measure) => [measure.key, measure]));
  const states: string[] = [];
  const presence: string[] = [];
  const numbers: { line: string; size: number }[] = [];
  for (const measure of current) {
    const old = before.get(measure.key);
    if (!old) {
      presence.push(`${measure.label} now ${describeValue(measure)}, none before`);
      continue;
    }
    if (typeof old.value === 'number' && typeof measure.value === 'number') {
      const change = numberChange(old.value, measure.value, measure.unit ?? old.unit);
      if (change) numbers.push({ line: `${measure.label} ${change.words}`, size: change.size });
      continue;
    }
    if (describeValue(old) !== describeValue(measure))
      states.push(`${measure.label} was ${describeValue(old)}, now ${describeValue(measure)}`);
  }
  for (const measure of previous) {
    if (!now.has(measure.key)) presence.push(`${measure.label} was ${describeValue(measure)}, now none`);
  }
  numbers.sort((a, b) => b.size - a.size);
  const lines = [...states, ...presence, ...numbers.map((number) => number.line)];
  if (lines.length <= maxChangeLines) return lines;
  const shown = lines.slice(0, maxChangeLines - 1);
  return [...shown, `and ${lines.length - shown.length} more changes`];
}

/**
 * "0.19 ms → 12.4 ms (×65)" when one is at least twice the other, else "+35%" / "-35%"; for
 * percentages, the difference in points ("0% → 30% (+30 points)"), which reads better than a ratio of
 * loss. `size` orders the lines: how many times larger the larger value is.
 */
function numberChange(
  before: number,
  after: number,
  unit: string | undefined,
): { words: string; size: number } | undefined {
  const difference = after - before;
  const larger = Math.max(Math.abs(before), Math.abs(after));
  if (difference === 0 || Math.abs(difference) < changeThresholds.relative * larger) return undefined;
  const floor = unit === undefined ? 0 : (changeThresholds.floors[unit] ?? 0);
  if (Math.abs(difference) < floor) return undefined;
  const smaller = Math.min(Math.abs(before), Math.abs(after));
  const size = smaller === 0 ? Number.POSITIVE_INFINITY : larger / smaller;
  const arrow = `${withUnit(before, unit)} → ${withUnit(after, unit)}`;
  if (unit === '%') {
    const sign = difference > 0 ? '+' : '-';
    return { words: `${arrow} (${sign}${formatNumber(Math.abs(difference))} points)`, size };
  }
  // A ratio from or to zero says nothing ("×∞"): the arrow alone.
  if (smaller === 0 || Math.sign(before) !== Math.sign(after)) return { words: arrow, size };
  if (size >= 2) {
    const ratio = size >= 10 ? String(Math.round(size)) : formatNumber(Number(size.toFixed(1)));
    return { words: `${arrow} (${difference > 0 ? '×' : '÷'}${ratio})`, size };
  }
  const percent = Math.round((Math.abs(difference) / Math.abs(before)) * 100);
  return { words: `${arrow} (${difference > 0 ? '+' : '-'}${percent}%)`, size };
}

function describeValue(measure: Measure): string {
  return typeof measure.value === 'number' ? withUnit(measure.value, measure.unit) : measure.value;
}

function withUnit(value: number, unit: string | undefined): string {
  if (unit === undefined || unit === '') return formatNumber(value);
  return unit === '%' ? `${formatNumber(value)}%` : `${formatNumber(value)} ${unit}`;
}

/** Three significant digits, no trailing zeros: 0.19, 12.4, 941; whole numbers from 100 up. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 100) return String(Math.round(value));
  return String(Number(value.toPrecision(3)));
}
