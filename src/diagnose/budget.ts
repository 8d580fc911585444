/**
 * The bound of one diagnosis (issue 14, item 5): the job's deadline (20 s by default) shared by
 * every probe. Each probe gets at most what remains, less a reserve in which the answer is put
 * together and returned before the worker's own deadline kills the job mute.
 */
export interface Budget {
  /** Aborted by a cancel or the job's deadline: a running probe is killed, none starts after. */
  readonly signal: AbortSignal;
  /** The whole bound, for the sentence that says it ran out ("within the 20 s bound"). */
  readonly totalMs: number;
  /** What a probe asking for `wantedMs` may have: less when little remains, undefined when too little. */
  grant(wantedMs: number): number | undefined;
  /** Why a layer cannot be checked now, or undefined while time and the job remain. */
  exhausted(): string | undefined;
  elapsedMs(): number;
}

/** Below this, a probe could not even start a process and read its answer: it is not started. */
export const minimumProbeMs = 300;

/** Kept back from the bound: assembling the Diagnosis and handing it to the worker. */
const reserveMs = 400;

export function createBudget(totalMs: number, signal: AbortSignal, now: () => number = Date.now): Budget {
  const started = now();
  const deadline = started + totalMs - reserveMs;
  const remaining = () => deadline - now();
  return {
    signal,
    totalMs,
    grant(wantedMs) {
      if (signal.aborted) return undefined;
      const left = remaining();
      return left < minimumProbeMs ? undefined : Math.min(wantedMs, left);
    },
    exhausted() {
      if (signal.aborted) return 'the job was canceled or reached its deadline before this layer ran';
      if (remaining() < minimumProbeMs)
        return `no time left within the ${Math.round(totalMs / 1000)} s bound (--timeout gives more, up to 60 s)`;
      return undefined;
    },
    elapsedMs: () => now() - started,
  };
}
