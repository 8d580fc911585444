import { setTimeout as delay } from 'node:timers/promises';
import type Docker from 'dockerode';
import type { Argv } from '../../catalogue/define-command.js';
import { dockerMessage } from './docker-errors.js';
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
    const ended = new Promise<string | undefined>((resolve) => {
      stream.once('end', () => resolve(undefined));
      stream.once('close', () => resolve(undefined));
      // A broken stream still ends the run; the engine's exit status says how, and the note says why.
      stream.once('error', (error: Error) =>
        resolve(`netshoot-bot: the exec stream broke: ${error.message}`),
      );
    }).then(async (broke) => {
      const exit = await exitCodeOf(exec);
      const note = [broke, exit.note].filter(Boolean).join('\n');
      return note ? { exitCode: exit.exitCode, note } : { exitCode: exit.exitCode };
    });
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

/**
 * The stream can end a moment before the engine records the exit code: ask a few times. An exit the
 * engine would not tell is null, with a note (in the run's stderr) saying why.
 */
async function exitCodeOf(exec: Docker.Exec): Promise<{ exitCode: number | null; note?: string }> {
  for (let attempt = 0; attempt < 40; attempt += 1) {
    let info: Docker.ExecInspectInfo;
    try {
      info = await exec.inspect();
    } catch (error) {
      return {
        exitCode: null,
        note: `netshoot-bot: could not read the exit status: ${dockerMessage(error)}`,
      };
    }
    if (!info.Running) return { exitCode: info.ExitCode ?? null };
    await delay(25);
  }
  return {
    exitCode: null,
    note: 'netshoot-bot: the engine still reported the exec as running after its stream ended',
  };
}
