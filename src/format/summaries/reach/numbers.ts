// How reachability summaries write numbers: as people say them, not as tools print them.

/** "0.042 ms", "12.4 ms", "240 ms": three significant digits below 100, whole numbers above. */
export function formatMs(ms: number): string {
  return `${ms >= 100 ? Math.round(ms) : Number(ms.toPrecision(3))} ms`;
}

/** "33%", "0.5%", "100%": ping's 33.3333% is noise; a fraction under 1% still shows. */
export function formatPercent(percent: number): string {
  return `${percent >= 1 || percent === 0 ? Math.round(percent) : Number(percent.toPrecision(1))}%`;
}

/** The value of a flag in an argv (`-c 3` gives '3'), for what a user asked of the tool. */
export function flagValue(argv: readonly string[], flag: string): string | undefined {
  const index = argv.indexOf(flag);
  return index >= 0 ? argv[index + 1] : undefined;
}

/** A computed value kept for comparison, without float noise: 0.09700000000000002 is 0.097. */
export function roundMeasure(value: number): number {
  return Number(value.toPrecision(4));
}
