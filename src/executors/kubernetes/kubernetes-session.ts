import type { Exec } from '@kubernetes/client-node';
import type { Argv } from '../../catalogue/define-command.js';
import type { TargetRef } from '../../grammar/target.js';
import type { RunOptions, RunningProcess, Session } from '../executor.js';
import { artifactCapBytes, type ArtifactStore } from '../process-core/artifacts.js';
import { farSideProcess, helperFailure, isMissingFile } from '../process-core/far-side-process.js';
import { startRun } from '../process-core/run-lifecycle.js';
import { kubeExec, runRemoteHelper, type ContainerRef } from './remote-process.js';

/** Inside every toolbox: where tools write what comes back as files (tcpdump --pcap). */
export const toolboxArtifactDir = '/tmp/netshoot-artifacts';

/**
 * A toolbox container (ephemeral in a pod, or the node's debug pod) as a Session. Every command is a
 * fresh exec into the same container, through the process core; files named in `collect` are read
 * back through exec and removed.
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
  const artifacts: ArtifactStore = {
    dir: toolboxArtifactDir,
    async read(path) {
      const read = await runRemoteHelper(exec, where, ['cat', path], artifactCapBytes);
      if (read.exitCode === 0) return read.stdout;
      if (isMissingFile(read)) return undefined;
      throw helperFailure('cat', read);
    },
    async remove(path) {
      const removed = await runRemoteHelper(exec, where, ['rm', '-f', path]);
      if (removed.exitCode !== 0) throw helperFailure('rm', removed);
    },
  };

  const start = async (argv: Argv, runOptions: RunOptions): Promise<RunningProcess> => {
    options.onActivity?.(1);
    const done = (): void => options.onActivity?.(-1);
    try {
      const process = await startRun(
        argv,
        farSideProcess(
          kubeExec(exec, where),
          argv,
          runOptions.timeoutMs,
          runOptions.stopSignal ? { stopSignal: runOptions.stopSignal } : {},
        ),
        {
          ...runOptions,
          artifacts,
        },
      );
      process.result.then(done, done);
      return process;
    } catch (error) {
      done();
      throw error;
    }
  };

  return {
    target: options.target,
    artifactDir: toolboxArtifactDir,
    start,
    run: async (argv, runOptions) => (await start(argv, runOptions)).result,
    addressFor: () => options.address(),
  };
}

/** Creates the artifact directory once per toolbox; cheap to call again. */
export async function prepareToolbox(exec: Exec, where: ContainerRef): Promise<void> {
  await runRemoteHelper(exec, where, ['mkdir', '-p', toolboxArtifactDir]);
}
