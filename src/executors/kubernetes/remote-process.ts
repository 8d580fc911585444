import type { Exec, V1Status } from '@kubernetes/client-node';
import type { Argv } from '../../catalogue/define-command.js';
import { TransientError } from '../../errors.js';
import { runHelper, type HelperResult, type RemoteExec } from '../process-core/far-side-process.js';
import { apiFailure } from './kube-api-errors.js';

/** Where a process runs: one container of one pod. */
export interface ContainerRef {
  readonly namespace: string;
  readonly pod: string;
  readonly container: string;
}

/**
 * An exec of `command` in a container over the exec WebSocket (v5.channel.k8s.io), for the process
 * core (far-side-process.ts bounds it there: closing an exec stream does not end the remote command).
 * The exit status comes in the Status frame before the socket closes.
 */
export function kubeExec(exec: Exec, where: ContainerRef): RemoteExec {
  return async (command, sinks) => {
    let status: V1Status | undefined;
    let socket: Awaited<ReturnType<Exec['exec']>>;
    try {
      socket = await exec.exec(
        where.namespace,
        where.pod,
        where.container,
        [...command],
        sinks.stdout,
        sinks.stderr,
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
    const ended = new Promise<{ exitCode: number | null; note?: string }>((resolve) => {
      socket.on('close', () => {
        const exitCode = exitCodeOf(status);
        resolve(exitCode === null && status?.message ? { exitCode, note: status.message } : { exitCode });
      });
    });
    return { ended, close: () => socket.close() };
  };
}

/** The executor's own short commands (mkdir, cat of an artifact): bytes out, no wrapper. */
export function runRemoteHelper(
  exec: Exec,
  where: ContainerRef,
  argv: Argv,
  capBytes?: number,
): Promise<HelperResult> {
  return runHelper(kubeExec(exec, where), argv, capBytes ? { capBytes } : {});
}

/** The exit status from the Status frame: Success is 0, NonZeroExitCode carries the code as a cause. */
function exitCodeOf(status: V1Status | undefined): number | null {
  if (!status) return null;
  if (status.status === 'Success') return 0;
  const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
  return cause?.message !== undefined && /^\d+$/.test(cause.message) ? Number(cause.message) : null;
}

function describeExecError(error: unknown): string {
  const failure = apiFailure(error);
  return failure.message || String(error);
}
