import { readFileSync, readdirSync } from 'node:fs';

/** Pids of processes whose full command line is exactly `argv` (a test's unique marker argv), from /proc. */
export function pidsRunning(argv: readonly string[]): number[] {
  const wanted = `${argv.join('\0')}\0`;
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8') === wanted;
      } catch {
        // Ended while we looked.
        return false;
      }
    })
    .map(Number);
}

/** A sleep length nobody else uses, so its process can be told apart: 30.<random digits>. */
export function uniqueSeconds(whole = 30): string {
  return `${whole}.${String(Math.floor(Math.random() * 1e6)).padStart(6, '1')}`;
}
