import { spawn } from 'node:child_process';
import type { Argv } from '../../catalogue/define-command.js';
import type { ProcessExit, ProcessStarter } from '../process-core/process-starter.js';
import { toolEnvironment } from './tool-environment.js';

/**
 * A process on the worker's own machine, for the process core: `command` (a full argv, never through
 * a shell) in its own process group, so a kill reaches the tool and whatever it forked.
 * `setpriv --pdeathsig KILL` in front makes the kernel kill the tool when the worker itself dies
 * (SIGKILL, OOM): nothing outlives a crashed worker. `command` may carry a namespace prefix
 * (`ip netns exec`); the core's deadline is the only one.
 */
export function localProcess(command: Argv, env: NodeJS.ProcessEnv = toolEnvironment([])): ProcessStarter {
  return {
    deadlineOnFarSide: false,
    async start(sinks) {
      const [file, ...rest] = ['setpriv', '--pdeathsig', 'KILL', '--', ...command];
      const child = spawn(file as string, rest, {
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        shell: false,
        // Never the worker's own: it holds its tokens (toolEnvironment).
        env,
      });
      child.stdout.on('data', (chunk: Buffer) => sinks.stdout.write(chunk));
      child.stderr.on('data', (chunk: Buffer) => sinks.stderr.write(chunk));

      const killGroup = (signal: NodeJS.Signals): void => {
        if (child.pid === undefined) return;
        try {
          // The group, not only the leader: a leader that already exited may have left children
          // that still hold its output open.
          process.kill(-child.pid, signal);
        } catch (error) {
          // ESRCH: the group is already gone, which is what the kill wanted. Anything else (EPERM) is
          // the kill's failure, thrown so that the run's stderr says it.
          if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
        }
      };

      const exit = new Promise<ProcessExit>((resolve) => {
        let spawnError: Error | undefined;
        child.on('error', (error) => {
          spawnError = error;
        });
        child.on('close', (exitCode, signal) => {
          // Leftovers of the group (a tool's own children) go too, whatever the leader did.
          let leftovers: string | undefined;
          try {
            killGroup('SIGKILL');
          } catch (error) {
            leftovers = `netshoot-bot: could not end what the process left running: ${(error as Error).message}`;
          }
          if (spawnError) resolve({ exitCode: 127, signal: null, note: spawnError.message });
          else resolve({ exitCode, signal, ...(leftovers ? { note: leftovers } : {}) });
        });
      });

      return {
        exit,
        kill: async (signal) => killGroup(signal),
        abandon() {
          child.stdout.destroy();
          child.stderr.destroy();
          child.unref();
        },
      };
    },
  };
}
