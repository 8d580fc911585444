import { setTimeout as delay } from 'node:timers/promises';
import type Docker from 'dockerode';
import type { Argv } from '../../catalogue/define-command.js';
import { runHelper, type HelperResult, type RemoteExec } from '../process-core/far-side-process.js';

/**
 * `docker exec` of `command` in a toolbox, for the process core (far-side-process.ts bounds it there
 * and ends it). The stream ends when the process does; its status is then read from the engine.
 */
export function dockerExec(container: Docker.Container): RemoteExec {
  return async (command, sinks) => {
    const exec = await container.exec({
      Cmd: [...command],
      AttachStdout: true,
      AttachStderr: true,
      Tty: false,
    });
    const stream = await exec.start({ hijack: true, stdin: false });
    container.modem.demuxStream(stream, sinks.stdout, sinks.stderr);
    const ended = new Promise<void>((resolve) => {
      stream.once('end', resolve);
      stream.once('close', resolve);
      stream.once('error', () => resolve());
    }).then(async () => ({ exitCode: await exitCodeOf(exec) }));
    return { ended, close: () => stream.destroy() };
  };
}

/** Runs a short helper command of the executor's own (pkill, cat, ls); a failed exec is exit null. */
export async function runQuietly(
  container: Docker.Container,
  command: Argv,
  capBytes?: number,
): Promise<HelperResult> {
  try {
    return await runHelper(dockerExec(container), command, capBytes ? { capBytes } : {});
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
