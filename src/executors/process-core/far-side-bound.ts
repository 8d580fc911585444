import { randomBytes } from 'node:crypto';
import type { Argv, StopSignal } from '../../catalogue/define-command.js';

/** How long `timeout` waits after its first signal before it sends SIGKILL: the kill grace everywhere. */
export const killAfterSeconds = 3;

/**
 * After a SIGINT stop (a tool that prints its summary on it), how long the tool has to print it and
 * exit before SIGTERM follows: ping, tcpdump and the like need milliseconds.
 */
export const interruptGraceSeconds = 2;

/** A command wrapped so that the toolbox itself enforces the deadline, and how to end it from outside. */
export interface FarSideCommand {
  /**
   * `timeout -k 3 <seconds> env NETSHOOT_RUN=<id> [prefix...] argv...`; for a SIGINT stop,
   * `timeout --preserve-status -s INT -k 5 <seconds> ...`.
   */
  readonly command: Argv;
  /** Run in the same toolbox, it sends `signal` to the command: timeout passes it on to the tool's group. */
  readonly signal: (signal: 'SIGINT' | 'SIGTERM') => Argv;
  /** Prints the pid of the command's `timeout`, which leads the tool's process group. */
  readonly find: Argv;
  /** SIGKILL to the process groups `find` printed: the tool and whatever it forked, `timeout` too. */
  readonly killGroups: (pids: readonly string[]) => Argv;
}

/**
 * Bounds a remote process on the far side (SPEC 4): closing a docker or Kubernetes exec stream kills
 * nothing, so `timeout` in the toolbox ends the tool's whole process group at the deadline, whatever
 * happens to the worker or its connection. It sends the stop signal (SIGTERM by default: tcpdump
 * flushes its capture; SIGINT for a tool that prints its summary on it), then SIGKILL
 * `killAfterSeconds` later (plus `interruptGraceSeconds` after a SIGINT, the time the worker gives the
 * tool before its own SIGTERM). A SIGINT stop keeps the tool's own exit status (`--preserve-status`):
 * ping that printed its statistics exits 0 here as it does on the local executor, not 124.
 * The random marker on timeout's command line is how the worker finds it again (`pkill -f`,
 * `pgrep -f`): `env` execs the tool, so only `timeout` carries it, and `timeout` makes itself the
 * leader of the tool's process group. No shell: `prefix` is the executor's own (nsenter into a
 * network's sandbox), never the user's.
 */
export function boundOnFarSide(
  argv: Argv,
  timeoutMs: number,
  options: { readonly prefix?: Argv; readonly stopSignal?: StopSignal } = {},
): FarSideCommand {
  const marker = `NETSHOOT_RUN=${randomBytes(8).toString('hex')}`;
  // timeout takes fractions of a second: the far side ends the run when the worker's clock does.
  const seconds = String(Math.max(1, timeoutMs) / 1000);
  const interrupt = options.stopSignal === 'SIGINT';
  const bound = interrupt
    ? ['--preserve-status', '-s', 'INT', '-k', String(interruptGraceSeconds + killAfterSeconds)]
    : ['-k', String(killAfterSeconds)];
  return {
    command: ['timeout', ...bound, seconds, 'env', marker, ...(options.prefix ?? []), ...argv],
    signal: (signal) => ['pkill', `-${signal.slice('SIG'.length)}`, '-f', marker],
    find: ['pgrep', '-f', marker],
    killGroups: (pids) => ['pkill', '-KILL', '-g', pids.join(',')],
  };
}
