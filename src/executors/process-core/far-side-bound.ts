import { randomBytes } from 'node:crypto';
import type { Argv } from '../../catalogue/define-command.js';

/** How long `timeout` waits after its first signal before it sends SIGKILL: the kill grace everywhere. */
export const killAfterSeconds = 3;

/** A command wrapped so that the toolbox itself enforces the deadline, and how to end it from outside. */
export interface FarSideCommand {
  /** `timeout -k 3 <seconds> env NETSHOOT_RUN=<id> [prefix...] argv...` */
  readonly command: Argv;
  /** Run in the same toolbox, it ends the command: timeout passes SIGTERM on, and SIGKILL 3 s later. */
  readonly terminate: Argv;
  /** Prints the pid of the command's `timeout`, which leads the tool's process group. */
  readonly find: Argv;
  /** SIGKILL to the process groups `find` printed: the tool and whatever it forked, `timeout` too. */
  readonly killGroups: (pids: readonly string[]) => Argv;
}

/**
 * Bounds a remote process on the far side (SPEC 4): closing a docker or Kubernetes exec stream kills
 * nothing, so `timeout` in the toolbox ends the tool's whole process group at the deadline, whatever
 * happens to the worker or its connection. It sends SIGTERM (tcpdump flushes its capture), then
 * SIGKILL `killAfterSeconds` later. The random marker on timeout's command line is how the worker
 * finds it again (`pkill -f`, `pgrep -f`): `env` execs the tool, so only `timeout` carries it, and
 * `timeout` makes itself the leader of the tool's process group. No shell: `prefix` is the executor's
 * own (nsenter into a network's sandbox), never the user's.
 */
export function boundOnFarSide(
  argv: Argv,
  timeoutMs: number,
  options: { readonly prefix?: Argv } = {},
): FarSideCommand {
  const marker = `NETSHOOT_RUN=${randomBytes(8).toString('hex')}`;
  // timeout takes fractions of a second: the far side ends the run when the worker's clock does.
  const seconds = String(Math.max(1, timeoutMs) / 1000);
  return {
    command: [
      'timeout',
      '-k',
      String(killAfterSeconds),
      seconds,
      'env',
      marker,
      ...(options.prefix ?? []),
      ...argv,
    ],
    terminate: ['pkill', '-TERM', '-f', marker],
    find: ['pgrep', '-f', marker],
    killGroups: (pids) => ['pkill', '-KILL', '-g', pids.join(',')],
  };
}
