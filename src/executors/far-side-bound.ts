import { randomBytes } from 'node:crypto';
import type { Argv } from '../catalogue/define-command.js';

/** How long `timeout` waits after its first signal before it sends SIGKILL. */
export const killAfterSeconds = 3;

/** A command wrapped so that the toolbox itself enforces the deadline, and how to cancel it. */
export interface FarSideCommand {
  /** `timeout [-s KILL] -k 3 <seconds> env NETSHOOT_RUN=<id> [prefix...] argv...` */
  readonly command: Argv;
  /** Run in the same toolbox, it ends the command: timeout passes SIGTERM on, SIGKILL 3 s later. */
  readonly cancel: Argv;
}

/**
 * Bounds a remote process on the far side (SPEC 4): closing a docker or Kubernetes exec stream kills
 * nothing, so `timeout` in the toolbox ends the tool's whole process group at the deadline, whatever
 * happens to the worker or its connection. The random marker on timeout's command line is how a
 * cancel finds it again (`pkill -f`). No shell: `prefix` is the executor's own (nsenter into a
 * network's sandbox), never the user's. `deadlineSignal` KILL is for tools that must not linger at
 * all; the default TERM lets tcpdump flush its capture first.
 */
export function boundOnFarSide(
  argv: Argv,
  timeoutMs: number,
  options: { readonly prefix?: Argv; readonly deadlineSignal?: 'TERM' | 'KILL' } = {},
): FarSideCommand {
  const marker = `NETSHOOT_RUN=${randomBytes(8).toString('hex')}`;
  const seconds = Math.max(1, Math.ceil(timeoutMs / 1000));
  const signal = options.deadlineSignal === 'KILL' ? ['-s', 'KILL'] : [];
  return {
    command: [
      'timeout',
      ...signal,
      '-k',
      String(killAfterSeconds),
      String(seconds),
      'env',
      marker,
      ...(options.prefix ?? []),
      ...argv,
    ],
    cancel: ['pkill', '-TERM', '-f', marker],
  };
}
