import { basename } from 'node:path';
import type { Exec } from '@kubernetes/client-node';
import type { Argv } from '../../catalogue/define-command.js';
import type { TargetRef } from '../../grammar/target.js';
import type { Artifact, RunOptions, RunResult, RunningProcess, Session } from '../executor.js';
import { runRemoteHelper, startRemoteProcess, type ContainerRef } from './remote-process.js';

/** Inside every toolbox: where tools write what comes back as files (tcpdump --pcap). */
export const toolboxArtifactDir = '/tmp/netshoot-artifacts';

/**
 * A toolbox container (ephemeral in a pod, or the node's debug pod) as a Session. Every command is a
 * fresh exec into the same container; files named in `collect` are read back through exec and removed.
 */
export function createKubernetesSession(options: {
  readonly target: TargetRef;
  readonly exec: Exec;
  readonly where: ContainerRef;
  readonly address: () => Promise<string>;
  /** Called around each process, so that idle node toolboxes can be told from busy ones. */
  readonly onActivity?: (delta: 1 | -1) => void;
}): Session {
  const { exec, where } = options;

  const track = async <T>(work: () => Promise<T>): Promise<T> => {
    options.onActivity?.(1);
    try {
      return await work();
    } finally {
      options.onActivity?.(-1);
    }
  };

  const start = (argv: Argv, runOptions: RunOptions): Promise<RunningProcess> =>
    startRemoteProcess(exec, where, argv, runOptions).then((process) => {
      options.onActivity?.(1);
      void process.result.finally(() => options.onActivity?.(-1));
      return process;
    });

  return {
    target: options.target,
    artifactDir: toolboxArtifactDir,
    start,
    run: (argv, runOptions) =>
      track(async (): Promise<RunResult> => {
        const result = await (await startRemoteProcess(exec, where, argv, runOptions)).result;
        const artifacts = await collectArtifacts(exec, where, runOptions.collect ?? []);
        return { ...result, artifacts };
      }),
    addressFor: () => options.address(),
  };
}

/** Creates the artifact directory once per toolbox; cheap to call again. */
export async function prepareToolbox(exec: Exec, where: ContainerRef): Promise<void> {
  await runRemoteHelper(exec, where, ['mkdir', '-p', toolboxArtifactDir]);
}

async function collectArtifacts(
  exec: Exec,
  where: ContainerRef,
  paths: readonly string[],
): Promise<Artifact[]> {
  const artifacts: Artifact[] = [];
  for (const path of paths) {
    // Only the session's own directory: a collect path is built by the worker, but never trusted.
    if (!path.startsWith(`${toolboxArtifactDir}/`) || path.includes('..')) continue;
    const read = await runRemoteHelper(exec, where, ['cat', path]).catch(() => undefined);
    if (!read || read.exitCode !== 0) continue;
    await runRemoteHelper(exec, where, ['rm', '-f', path]).catch(() => undefined);
    artifacts.push({ name: basename(path), contentType: contentTypeOf(path), data: read.stdout });
  }
  return artifacts;
}

function contentTypeOf(path: string): string {
  if (path.endsWith('.pcap')) return 'application/vnd.tcpdump.pcap';
  if (path.endsWith('.json')) return 'application/json';
  return 'application/octet-stream';
}
