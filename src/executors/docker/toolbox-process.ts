import { boundOnFarSide, killAfterSeconds } from '../far-side-bound.js';
import { setTimeout as delay } from 'node:timers/promises';
import type Docker from 'dockerode';
import type { Argv } from '../../catalogue/define-command.js';
import type { RunningProcess, RunOptions, RunResult } from '../executor.js';
import { CappedOutput } from './capped-output.js';

/** What a run keeps of each stream; the renderer tells the user when the cap was hit. */
const outputCap = 4 * 1024 * 1024;
/** After a cancel's SIGTERM, the far-side `timeout` sends SIGKILL this much later. */
/** How long past the deadline the local side waits for the stream before giving up on it. */
const streamGraceMs = 10_000;

/**
 * Starts `argv` in a toolbox with `docker exec`, bounded on the far side by `timeout` with SIGKILL at
 * the deadline (far-side-bound.ts says why and how a cancel finds it).
 */
export async function startToolboxProcess(
  docker: Docker,
  container: Docker.Container,
  argv: Argv,
  options: RunOptions,
  prefix: Argv = [],
): Promise<RunningProcess> {
  const { command, cancel } = boundOnFarSide(argv, options.timeoutMs, { prefix, deadlineSignal: 'KILL' });
  const startedAt = Date.now();
  if (options.signal?.aborted) return settled(canceledBeforeStart(argv));

  const exec = await container.exec({
    Cmd: [...command],
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
  });
  const stream = await exec.start({ hijack: true, stdin: false });
  const stdout = new CappedOutput(
    outputCap,
    options.onOutput && ((text) => options.onOutput!(text, 'stdout')),
  );
  const stderr = new CappedOutput(
    outputCap,
    options.onOutput && ((text) => options.onOutput!(text, 'stderr')),
  );
  docker.modem.demuxStream(stream, stdout, stderr);

  let deadlinePassed = false;
  let canceled = false;
  const deadline = setTimeout(() => (deadlinePassed = true), options.timeoutMs);
  const giveUp = setTimeout(
    () => stream.destroy(),
    options.timeoutMs + killAfterSeconds * 1000 + streamGraceMs,
  );

  const terminate = async (): Promise<void> => {
    await runQuietly(container, cancel);
  };
  const onAbort = (): void => {
    canceled = true;
    void terminate();
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });

  const ended = new Promise<void>((resolve) => {
    stream.once('end', resolve);
    stream.once('close', resolve);
    stream.once('error', () => resolve());
  });
  const result = ended.then(async (): Promise<RunResult> => {
    clearTimeout(deadline);
    clearTimeout(giveUp);
    options.signal?.removeEventListener('abort', onAbort);
    const exitCode = await exitCodeOf(exec);
    const timedOut = deadlinePassed && !canceled;
    return {
      argv,
      exitCode,
      signal:
        (timedOut || canceled) && exitCode !== null && exitCode > 128 ? signalName(exitCode - 128) : null,
      timedOut,
      canceled,
      stdout: stdout.text(),
      stderr: stderr.text(),
      truncated: stdout.truncated || stderr.truncated,
      durationMs: Date.now() - startedAt,
      artifacts: [],
    };
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

/** Runs a short helper command of the executor's own (pkill, cat, ls) and returns what it printed. */
export async function runQuietly(
  container: Docker.Container,
  command: Argv,
  cap = outputCap,
): Promise<{ exitCode: number | null; stdout: Buffer; stderr: string }> {
  try {
    const exec = await container.exec({
      Cmd: [...command],
      AttachStdout: true,
      AttachStderr: true,
      Tty: false,
    });
    const stream = await exec.start({ hijack: true, stdin: false });
    const stdout = new CappedOutput(cap);
    const stderr = new CappedOutput(64 * 1024);
    container.modem.demuxStream(stream, stdout, stderr);
    await new Promise<void>((resolve) => {
      stream.once('end', resolve);
      stream.once('close', resolve);
      stream.once('error', () => resolve());
    });
    return { exitCode: await exitCodeOf(exec), stdout: stdout.bytes(), stderr: stderr.text() };
  } catch (error) {
    return { exitCode: null, stdout: Buffer.alloc(0), stderr: (error as Error).message };
  }
}

/** The stream can end a moment before the engine records the exit code: ask a few times. */
async function exitCodeOf(exec: Docker.Exec): Promise<number | null> {
  for (let attempt = 0; attempt < 40; attempt += 1) {
    const info = await exec.inspect().catch(() => undefined);
    if (!info) return null;
    if (!info.Running) return info.ExitCode ?? null;
    await delay(25);
  }
  return null;
}

function signalName(number: number): string | null {
  return ({ 9: 'SIGKILL', 15: 'SIGTERM' } as Record<number, string>)[number] ?? null;
}

function canceledBeforeStart(argv: Argv): RunResult {
  return {
    argv,
    exitCode: null,
    signal: null,
    timedOut: false,
    canceled: true,
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
