import { spawn } from 'node:child_process';
import type { Argv } from '../../catalogue/define-command.js';
import type { RunResult } from '../executor.js';
import { outputCapBytes } from '../../format/output-cap.js';

export interface SpawnBoundedOptions {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  readonly onOutput?: (chunk: string, stream: 'stdout' | 'stderr') => void;
  /** Bytes kept per stream; the rest is counted, dropped, and `truncated` is set. */
  readonly capBytes?: number;
  /** Time between SIGTERM and SIGKILL when stopping. */
  readonly killGraceMs?: number;
  /** The environment; the worker's own by default. */
  readonly env?: NodeJS.ProcessEnv;
}

export interface BoundedProcess {
  readonly pid: number | undefined;
  readonly result: Promise<RunResult>;
  /** SIGTERM to the whole process group, SIGKILL after the grace period. Not a cancel. */
  stop(): Promise<RunResult>;
}

/**
 * Runs `command` (a full argv, never through a shell) in its own process group, so a deadline or a
 * cancel kills the tool and whatever it forked. `setpriv --pdeathsig KILL` in front makes the kernel
 * kill the tool when the worker itself dies (SIGKILL, OOM): nothing outlives a crashed worker. `argv`
 * is the tool's own argv for the result; `command` may carry a namespace prefix (`ip netns exec`).
 */
export function spawnBounded(argv: Argv, command: Argv, options: SpawnBoundedOptions): BoundedProcess {
  const capBytes = options.capBytes ?? outputCapBytes;
  const killGraceMs = options.killGraceMs ?? 2000;
  const started = Date.now();
  const [file, ...rest] = ['setpriv', '--pdeathsig', 'KILL', '--', ...command];
  const child = spawn(file as string, rest, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    shell: false,
    ...(options.env ? { env: options.env } : {}),
  });

  let timedOut = false;
  let canceled = false;
  let truncated = false;
  let killTimer: NodeJS.Timeout | undefined;
  const kept = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
  const keptBytes = { stdout: 0, stderr: 0 };

  const collect = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
    options.onOutput?.(chunk.toString('utf8'), stream);
    const room = capBytes - keptBytes[stream];
    if (room <= 0) {
      truncated = true;
      return;
    }
    const piece = chunk.length > room ? chunk.subarray(0, room) : chunk;
    if (piece.length < chunk.length) truncated = true;
    kept[stream].push(piece);
    keptBytes[stream] += piece.length;
  };
  child.stdout.on('data', collect('stdout'));
  child.stderr.on('data', collect('stderr'));

  const killGroup = (signal: NodeJS.Signals) => {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // The group is already gone.
    }
  };
  const terminate = () => {
    killGroup('SIGTERM');
    killTimer ??= setTimeout(() => killGroup('SIGKILL'), killGraceMs);
  };

  const deadline = setTimeout(() => {
    timedOut = true;
    terminate();
  }, options.timeoutMs);
  const onAbort = () => {
    canceled = true;
    terminate();
  };
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });

  const result = new Promise<RunResult>((resolve) => {
    let spawnError: Error | undefined;
    child.on('error', (error) => {
      spawnError = error;
    });
    child.on('close', (exitCode, signal) => {
      clearTimeout(deadline);
      if (killTimer) clearTimeout(killTimer);
      // Leftovers of the group (a tool's own children) go too, whatever the leader did.
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // Nothing left.
        }
      }
      options.signal?.removeEventListener('abort', onAbort);
      resolve({
        argv,
        exitCode: spawnError ? 127 : exitCode,
        signal,
        timedOut,
        canceled,
        stdout: Buffer.concat(kept.stdout).toString('utf8'),
        stderr: spawnError
          ? `${Buffer.concat(kept.stderr).toString('utf8')}${spawnError.message}\n`
          : Buffer.concat(kept.stderr).toString('utf8'),
        truncated,
        durationMs: Date.now() - started,
        artifacts: [],
      });
    });
  });

  return {
    pid: child.pid,
    result,
    stop() {
      terminate();
      return result;
    },
  };
}
