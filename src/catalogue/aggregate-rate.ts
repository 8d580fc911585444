/**
 * The bound on a throughput test is on what the whole run sends (issue 12): iperf3's and iperf's `-b`
 * is per stream (per thread in iperf 2), so `-u -b 1G -P 8 --bidir` is 16 Gbit/s, not 1. The total is
 * rate × streams × directions, and a refusal shows that product so the user sees which knob to turn.
 */

const units: readonly (readonly [number, string])[] = [
  [1e9, 'Gbit/s'],
  [1e6, 'Mbit/s'],
  [1e3, 'Kbit/s'],
];

/** `16 Gbit/s`, `500 Mbit/s`, `1.5 Gbit/s`: a rate as people read it. */
export function formatRate(bitsPerSecond: number): string {
  const [size, unit] = units.find(([threshold]) => bitsPerSecond >= threshold) ?? [1, 'bit/s'];
  return `${Number((bitsPerSecond / size).toFixed(3))} ${unit}`;
}

export interface RunRate {
  /** Bits per second of one stream in one direction. */
  readonly perStream: number;
  readonly streams: number;
  /** 2 when both ends send at once (iperf3 --bidir), else 1. */
  readonly directions: number;
}

/** Why the run sends more than `maxBitsPerSecond` in all, or undefined. */
export function aggregateRateProblem(run: RunRate, maxBitsPerSecond: number): string | undefined {
  const total = run.perStream * run.streams * run.directions;
  if (total <= maxBitsPerSecond) return undefined;
  const streams = `${run.streams} ${run.streams === 1 ? 'stream' : 'streams'}`;
  const directions = `${run.directions} ${run.directions === 1 ? 'direction' : 'directions'}`;
  return `${formatRate(run.perStream)} × ${streams} × ${directions} = ${formatRate(total)}; the limit is ${formatRate(maxBitsPerSecond)} for the whole run: lower -b or -P`;
}
