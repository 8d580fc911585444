import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { RemoteExec } from '../../../../src/executors/process-core/far-side-process.js';
import { waitFor } from '../../../harness/wait-for.js';

export { pidsRunning, uniqueSeconds } from '../../../harness/process-probe.js';

/** Polls `check` until it holds; fails saying `what` never happened within `timeoutMs`. */
export async function waitUntil(what: string, check: () => boolean, timeoutMs = 5000): Promise<void> {
  await waitFor(check, { what, timeoutMs, everyMs: 20 });
}

/**
 * The far side of a remote executor, played by this machine: `command` runs as a docker exec would
 * run it (no shell, the status 128+N for a death by signal N), and closing the stream ends nothing,
 * so the real `timeout`, `pkill` and `pgrep` of far-side-bound.ts do the work, as in a toolbox.
 */
export const execHere: RemoteExec = async (command, sinks) => {
  const [file, ...args] = command;
  const child = spawn(file!, args, { stdio: ['ignore', 'pipe', 'pipe'], shell: false });
  child.stdout.on('data', (chunk: Buffer) => sinks.stdout.write(chunk));
  child.stderr.on('data', (chunk: Buffer) => sinks.stderr.write(chunk));
  const ended = new Promise<{ exitCode: number | null }>((resolve) => {
    child.on('error', () => resolve({ exitCode: null }));
    child.on('close', (code, signal) =>
      resolve({ exitCode: code ?? (signal ? 128 + constants.signals[signal] : null) }),
    );
  });
  return {
    ended,
    close() {
      child.stdout.destroy();
      child.stderr.destroy();
    },
  };
};
