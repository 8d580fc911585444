// Tools with a time limit of their own (curl --max-time, dig's tries) keep it below the bot's
// deadline (issue 13): then the tool gives up first and prints what it saw, its error and its
// timing, instead of being killed at the deadline with nothing said.

/** Of a deadline, the seconds a tool may use: a tenth (0.5 s to 3 s) is left for it to print and exit. */
export function secondsBelowDeadline(deadlineMs: number): number {
  const deadline = deadlineMs / 1000;
  const margin = Math.min(3, Math.max(0.5, deadline / 10));
  return Math.max(0.1, Math.floor((deadline - margin) * 10) / 10);
}

/**
 * A resolver's wait per try and its tries (dig, host, nslookup), fitted below the deadline: as
 * given when they fit; else fewer tries; else one try with a shorter wait.
 */
export function triesBelowDeadline(
  deadlineMs: number | undefined,
  waitSeconds: number,
  tries: number,
): { readonly waitSeconds: number; readonly tries: number } {
  if (deadlineMs === undefined) return { waitSeconds, tries };
  const budget = secondsBelowDeadline(deadlineMs);
  if (waitSeconds * tries <= budget) return { waitSeconds, tries };
  if (waitSeconds <= budget) return { waitSeconds, tries: Math.floor(budget / waitSeconds) };
  return { waitSeconds: Math.max(1, Math.floor(budget)), tries: 1 };
}
