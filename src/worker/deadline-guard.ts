/**
 * After the signal aborts, `graceMs` for the run to wind down on its own; then `expired` rejects and
 * the job ends regardless. `dispose` once the run is over, so a later abort does nothing.
 */
export function deadlineGuard(
  signal: AbortSignal,
  graceMs: number,
): { expired: Promise<never>; dispose: () => void } {
  let timer: NodeJS.Timeout | undefined;
  let onAbort = () => {};
  const expired = new Promise<never>((_, reject) => {
    onAbort = () => {
      timer = setTimeout(() => reject(new Error('the run did not stop when its job was stopped')), graceMs);
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  return {
    expired,
    dispose: () => {
      signal.removeEventListener('abort', onAbort);
      clearTimeout(timer);
    },
  };
}
