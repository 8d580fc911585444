import type { Argv, StopSignal } from '../../catalogue/define-command.js';
import { CappedOutput } from './capped-output.js';
import { boundOnFarSide } from './far-side-bound.js';
import type { OutputSinks, ProcessStarter } from './process-starter.js';

/**
 * What a remote executor supplies: one exec of `command` in its toolbox (docker exec, the Kubernetes
 * exec WebSocket), its output written into the sinks. Closing the stream ends nothing over there.
 */
export type RemoteExec = (command: Argv, sinks: OutputSinks) => Promise<RemoteStream>;

export interface RemoteStream {
  /** Resolves when the stream ends, with the status the far side reported (none: null); never rejects. */
  readonly ended: Promise<{ readonly exitCode: number | null; readonly note?: string }>;
  /** Closes this side of the stream. */
  close(): void;
}

/**
 * A process in a toolbox, bounded there by `timeout` (far-side-bound.ts): SIGINT and SIGTERM reach it
 * through `timeout`, which passes them to the tool's group; SIGKILL goes to the group directly, for a
 * `timeout` that did not end it.
 */
export function farSideProcess(
  exec: RemoteExec,
  argv: Argv,
  timeoutMs: number,
  options: { readonly prefix?: Argv; readonly stopSignal?: StopSignal } = {},
): ProcessStarter {
  const bound = boundOnFarSide(argv, timeoutMs, options);
  return {
    deadlineOnFarSide: true,
    async start(sinks) {
      const stream = await exec(bound.command, sinks);
      return {
        exit: stream.ended.then(({ exitCode, note }) => ({
          exitCode,
          signal: null,
          statusMayBeSignal: true,
          ...(note ? { note } : {}),
        })),
        async kill(signal) {
          if (signal !== 'SIGKILL') {
            await runHelper(exec, bound.signal(signal));
            return;
          }
          const found = await runHelper(exec, bound.find);
          const pids = found.stdout.toString('utf8').split(/\s+/).filter(Boolean);
          if (pids.length > 0) await runHelper(exec, bound.killGroups(pids));
        },
        abandon: () => stream.close(),
      };
    },
  };
}

export interface HelperResult {
  readonly exitCode: number | null;
  readonly stdout: Buffer;
  readonly stderr: string;
}

/**
 * The executor's own short commands in its toolbox (pkill, mkdir, cat of an artifact): no wrapper,
 * bytes out, the stream closed after `timeoutMs` so a stuck far side cannot hold the worker.
 */
export async function runHelper(
  exec: RemoteExec,
  argv: Argv,
  options: { readonly capBytes?: number; readonly timeoutMs?: number } = {},
): Promise<HelperResult> {
  const stdout = new CappedOutput(options.capBytes ?? 64 * 1024);
  const stderr = new CappedOutput(64 * 1024);
  const stream = await exec(argv, { stdout, stderr });
  const timer = setTimeout(() => stream.close(), options.timeoutMs ?? 30_000);
  const { exitCode } = await stream.ended;
  clearTimeout(timer);
  return { exitCode, stdout: stdout.bytes(), stderr: stderr.text() };
}

/** A helper (cat, rm) that failed, as an error whose message says how; `null` exit means no exec. */
export function helperFailure(command: string, result: HelperResult): Error {
  const why =
    result.stderr.trim() || (result.exitCode === null ? 'the exec failed' : `exit ${result.exitCode}`);
  return new Error(`${command}: ${why}`);
}

/** cat's words for a file that is not there: the run wrote none, which is no artifact, not a failure. */
export function isMissingFile(result: HelperResult): boolean {
  return /No such file/i.test(result.stderr);
}
