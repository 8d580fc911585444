import { boundOnFarSide, killAfterSeconds } from '../far-side-bound.js';
import type { Exec, V1Status } from '@kubernetes/client-node';
import type WebSocket from 'isomorphic-ws';
import type { Argv } from '../../catalogue/define-command.js';
import { TransientError } from '../../errors.js';
import { outputCapBytes } from '../../format/output-cap.js';
import { CappedOutput } from '../docker/capped-output.js';
import type { RunningProcess, RunOptions, RunResult } from '../executor.js';
import { apiFailure } from './kube-api-errors.js';

/** Where a process runs: one container of one pod. */
export interface ContainerRef {
  readonly namespace: string;
  readonly pod: string;
  readonly container: string;
}

/** After a cancel's SIGTERM (or the deadline's), the far-side `timeout` sends SIGKILL this much later. */
/** How long past the deadline this side waits for the stream before it closes the socket itself. */
const streamGraceMs = 10_000;

/**
 * Starts `argv` in a container over the exec WebSocket (v5.channel.k8s.io), bounded on the far side
 * by `timeout` (far-side-bound.ts): closing an exec stream does not end the remote command (SPEC 4).
 */
export async function startRemoteProcess(
  exec: Exec,
  where: ContainerRef,
  argv: Argv,
  options: RunOptions,
): Promise<RunningProcess> {
  const { command, cancel } = boundOnFarSide(argv, options.timeoutMs);
  const startedAt = Date.now();
  if (options.signal?.aborted) return settled(emptyResult(argv, { canceled: true }));

  const stdout = new CappedOutput(
    outputCapBytes,
    options.onOutput && ((text) => options.onOutput!(text, 'stdout')),
  );
  const stderr = new CappedOutput(
    outputCapBytes,
    options.onOutput && ((text) => options.onOutput!(text, 'stderr')),
  );
  let status: V1Status | undefined;
  let socket: WebSocket.WebSocket;
  try {
    socket = await exec.exec(
      where.namespace,
      where.pod,
      where.container,
      [...command],
      stdout,
      stderr,
      null,
      false,
      (s) => {
        status = s;
      },
    );
  } catch (error) {
    throw new TransientError(
      `could not exec into ${where.namespace}/${where.pod} (${where.container}): ${describeExecError(error)}`,
      { cause: error },
    );
  }

  let deadlinePassed = false;
  let canceled = false;
  const deadline = setTimeout(() => (deadlinePassed = true), options.timeoutMs);
  const giveUp = setTimeout(
    () => socket.close(),
    options.timeoutMs + killAfterSeconds * 1000 + streamGraceMs,
  );
  const terminate = async (): Promise<void> => {
    await runRemoteHelper(exec, where, cancel).catch(() => undefined);
  };
  const onAbort = (): void => {
    canceled = true;
    void terminate();
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });

  const result = new Promise<RunResult>((resolve) => {
    socket.on('close', () => {
      clearTimeout(deadline);
      clearTimeout(giveUp);
      options.signal?.removeEventListener('abort', onAbort);
      const exitCode = exitCodeOf(status);
      const timedOut = deadlinePassed && !canceled;
      resolve({
        argv,
        exitCode,
        signal: timedOut || canceled ? signalOf(exitCode) : null,
        timedOut,
        canceled,
        stdout: stdout.text(),
        stderr: stderr.text() + (exitCode === null && status?.message ? status.message : ''),
        truncated: stdout.truncated || stderr.truncated,
        durationMs: Date.now() - startedAt,
        artifacts: [],
      });
    });
  });
  return {
    result,
    async stop() {
      canceled = true;
      await terminate();
      return result;
    },
  };
}

/** The executor's own short commands (pkill, mkdir, cat of an artifact): bytes out, no wrapper. */
export async function runRemoteHelper(
  exec: Exec,
  where: ContainerRef,
  argv: Argv,
  timeoutMs = 30_000,
): Promise<{ exitCode: number | null; stdout: Buffer; stderr: string }> {
  const stdout = new CappedOutput(64 * 1024 * 1024);
  const stderr = new CappedOutput(64 * 1024);
  let status: V1Status | undefined;
  const socket = await exec.exec(
    where.namespace,
    where.pod,
    where.container,
    [...argv],
    stdout,
    stderr,
    null,
    false,
    (s) => {
      status = s;
    },
  );
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => socket.close(), timeoutMs);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  return { exitCode: exitCodeOf(status), stdout: stdout.bytes(), stderr: stderr.text() };
}

/** The exit status from the Status frame: Success is 0, NonZeroExitCode carries the code as a cause. */
function exitCodeOf(status: V1Status | undefined): number | null {
  if (!status) return null;
  if (status.status === 'Success') return 0;
  const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
  return cause?.message !== undefined && /^\d+$/.test(cause.message) ? Number(cause.message) : null;
}

function signalOf(exitCode: number | null): string | null {
  if (exitCode === 124) return 'SIGTERM';
  if (exitCode === 137) return 'SIGKILL';
  if (exitCode === 143) return 'SIGTERM';
  return null;
}

function describeExecError(error: unknown): string {
  const failure = apiFailure(error);
  return failure.message || String(error);
}

function emptyResult(argv: Argv, flags: { canceled: boolean }): RunResult {
  return {
    argv,
    exitCode: null,
    signal: null,
    timedOut: false,
    canceled: flags.canceled,
    stdout: '',
    stderr: '',
    truncated: false,
    durationMs: 0,
    artifacts: [],
  };
}

function settled(result: RunResult): RunningProcess {
  return { result: Promise.resolve(result), stop: async () => result };
}
