import { execFileSync } from 'node:child_process';
import type { OutcomeResult } from '../../../src/results/job-outcome.js';

/**
 * A run's result (as a job's outcome carries it) from really running a tool on this machine (STYLE.md: rendered output comes from real
 * tool output, never invented). A non-zero exit is kept as a result, as the executors do.
 */
export function runRealTool(argv: readonly string[]): OutcomeResult {
  const [file, ...args] = argv;
  const started = performance.now();
  let stdout = '';
  let stderr = '';
  let exitCode = 0;
  try {
    stdout = execFileSync(file ?? 'true', args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 10_000,
    });
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; status?: number | null };
    stdout = failed.stdout ?? '';
    stderr = failed.stderr ?? '';
    exitCode = failed.status ?? 1;
  }
  return {
    argv,
    exitCode,
    signal: null,
    timedOut: false,
    canceled: false,
    stdout,
    stderr,
    truncated: false,
    durationMs: Math.round(performance.now() - started),
    artifacts: [],
  };
}
