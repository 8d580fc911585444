/**
 * The requests a bot is between arrival and the end of their follow-up work (for a slash command:
 * the ack, the enqueue, the queued message). A stopping bot stops listening first, then waits here,
 * so every command it acked is queued before its Redis connections close (docs/operations.md,
 * "Rolling upgrades").
 */
export interface InFlight {
  /** Call when a request arrives; call the returned function once its work is done. */
  begin(): () => void;
  /** How many are in flight now. */
  count(): number;
  /** Resolves once none is in flight, or after `boundMs` with how many were still going. */
  settled(boundMs: number): Promise<number>;
}

export function createInFlight(): InFlight {
  let pending = 0;
  let wakers: (() => void)[] = [];
  return {
    begin() {
      pending += 1;
      let ended = false;
      return () => {
        if (ended) return;
        ended = true;
        pending -= 1;
        if (pending > 0) return;
        const woken = wakers;
        wakers = [];
        for (const wake of woken) wake();
      };
    },
    count: () => pending,
    settled(boundMs) {
      if (pending === 0) return Promise.resolve(0);
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          wakers = wakers.filter((wake) => wake !== done);
          resolve(pending);
        }, boundMs);
        const done = () => {
          clearTimeout(timer);
          resolve(0);
        };
        wakers.push(done);
      });
    },
  };
}
