import type { ProbeSession } from './ports.js';
import type { RunResult } from '../results/run-result.js';
import type { Budget } from './budget.js';
import type { ProbeTranscript } from './diagnosis.js';

/** Each transcript keeps this much of what a probe printed: evidence for the thread, not the whole story. */
export const transcriptCapBytes = 3 * 1024;

export interface Probe {
  readonly result: RunResult;
  readonly transcript: ProbeTranscript;
  /** stdout and stderr together, uncapped, for the layer that reads it. */
  readonly output: string;
}

/**
 * Runs one read-only probe in FROM's session, bounded by what the budget grants (at most
 * `wantedMs`); undefined when the budget has no time left, so the caller says the layer is unchecked.
 * `argv` may be built from the granted time, so that a tool's own limit (nc -w, curl --max-time)
 * ends it first and it says what it saw, instead of being killed mute.
 */
export async function runProbe(
  session: ProbeSession,
  argv: readonly string[] | ((grantedMs: number) => readonly string[]),
  budget: Budget,
  wantedMs: number,
): Promise<Probe | undefined> {
  const timeoutMs = budget.grant(wantedMs);
  if (timeoutMs === undefined) return undefined;
  const line = typeof argv === 'function' ? argv(timeoutMs) : argv;
  const result = await session.run(line, { timeoutMs, signal: budget.signal });
  const output = [result.stdout, result.stderr].filter((text) => text !== '').join('\n');
  return {
    result,
    output,
    transcript: {
      argv: result.argv,
      exitCode: result.exitCode,
      output: capText(output),
      durationMs: result.durationMs,
    },
  };
}

/** Probes that did not start are left out: a transcript is what ran. */
export function transcriptsOf(probes: readonly (Probe | undefined)[]): ProbeTranscript[] {
  return probes.flatMap((probe) => (probe ? [probe.transcript] : []));
}

/** Whole seconds for a tool's own limit, below the granted time (at least 1: the tools take no less). */
export function toolSeconds(grantedMs: number): number {
  return Math.max(1, Math.floor((grantedMs - 500) / 1000));
}

function capText(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= transcriptCapBytes) return text;
  return `${bytes.subarray(0, transcriptCapBytes).toString('utf8')}\n[… ${bytes.length - transcriptCapBytes} more bytes]`;
}
