import type Docker from 'dockerode';
import type { Argv } from '../../catalogue/define-command.js';
import { TransientError } from '../../errors.js';
import { formatTarget, type TargetRef } from '../../grammar/target.js';
import { chooseAddress, type AddressSide } from './targets/docker-address.js';
import type { DockerPlacement } from './targets/docker-target.js';
import type { RunningProcess, RunOptions, Session } from '../executor.js';
import type { RunResult } from '../../results/run-result.js';
import { artifactCapBytes, type ArtifactStore } from '../process-core/artifacts.js';
import { farSideProcess, helperFailure, isMissingFile } from '../process-core/far-side-process.js';
import { startRun } from '../process-core/run-lifecycle.js';
import { isGone } from './docker-errors.js';
import { dockerExec, runQuietly } from './toolbox-process.js';

export interface DockerSessionParts {
  readonly docker: Docker;
  readonly target: TargetRef;
  readonly placement: DockerPlacement;
  readonly container: Docker.Container;
  /** nsenter into a network's sandbox, or nothing. */
  readonly prefix: Argv;
  readonly expiresAt: number;
  /** How the other side of a pair is addressed; the executor resolves it. */
  readonly describePeer: (peer: TargetRef) => Promise<AddressSide>;
  /** Told when the session has no run left, so the executor can start its idle clock. */
  readonly onIdle: () => void;
  /** Told when the toolbox is gone (removed or stopped behind the bot's back), so it is not reused. */
  readonly onGone: () => void;
}

/** One toolbox in one namespace; runs come and go through `docker exec` (SPEC 4). */
export class DockerSession implements Session {
  readonly artifactDir = '/tmp';
  readonly target: TargetRef;
  readonly container: Docker.Container;
  readonly expiresAt: number;
  private activeRuns = 0;
  private ownAddresses?: AddressSide;

  constructor(private readonly parts: DockerSessionParts) {
    this.target = parts.target;
    this.container = parts.container;
    this.expiresAt = parts.expiresAt;
  }

  get busy(): boolean {
    return this.activeRuns > 0;
  }

  async run(argv: Argv, options: RunOptions): Promise<RunResult> {
    const process = await this.start(argv, options);
    return process.result;
  }

  async start(argv: Argv, options: RunOptions): Promise<RunningProcess> {
    this.activeRuns += 1;
    let process: RunningProcess;
    try {
      const exec = dockerExec(this.container);
      const bound = {
        prefix: this.parts.prefix,
        ...(options.stopSignal ? { stopSignal: options.stopSignal } : {}),
      };
      process = await startRun(argv, farSideProcess(exec, argv, options.timeoutMs, bound), {
        ...options,
        artifacts: this.artifacts,
      });
    } catch (error) {
      this.finishRun();
      if (!isGone(error)) throw error;
      // Someone removed or stopped the toolbox: a retry of the job opens a fresh one.
      this.parts.onGone();
      throw new TransientError(`the toolbox in ${formatTarget(this.target)} went away; retrying`, {
        cause: error,
      });
    }
    const done = (): void => this.finishRun();
    process.result.then(done, done);
    return process;
  }

  async addressFor(peer?: TargetRef): Promise<string> {
    const own = await this.addressSide();
    return chooseAddress(own, peer ? await this.parts.describePeer(peer) : undefined);
  }

  /** This session's addresses: the target's, or for a network the toolbox's own membership. */
  async addressSide(): Promise<AddressSide> {
    if (this.ownAddresses) return this.ownAddresses;
    const written = formatTarget(this.target);
    const placement = this.parts.placement;
    switch (placement.kind) {
      case 'container':
        this.ownAddresses = { kind: 'addresses', written, addresses: placement.container.addresses };
        break;
      case 'host':
        this.ownAddresses = { kind: 'host', written };
        break;
      case 'member': {
        const info = await this.container.inspect();
        const addresses = Object.entries(info.NetworkSettings.Networks ?? {}).map(
          ([networkName, network]) => ({
            networkId: network.NetworkID,
            networkName,
            ip: network.IPAddress,
            gateway: network.Gateway,
          }),
        );
        this.ownAddresses = { kind: 'addresses', written, addresses };
        break;
      }
      case 'sandbox':
        this.ownAddresses = {
          kind: 'none',
          written,
          why: 'an overlay network sandbox has no address of its own',
        };
        break;
    }
    return this.ownAddresses;
  }

  /** Files a run wrote in the toolbox's /tmp (a pcap), read back through exec and deleted there. */
  private readonly artifacts: ArtifactStore = {
    dir: this.artifactDir,
    read: async (path) => {
      const read = await runQuietly(this.container, ['cat', path], artifactCapBytes);
      if (read.exitCode === 0) return read.stdout;
      if (isMissingFile(read)) return undefined;
      throw helperFailure('cat', read);
    },
    remove: async (path) => {
      const removed = await runQuietly(this.container, ['rm', '-f', path]);
      if (removed.exitCode !== 0) throw helperFailure('rm', removed);
    },
  };

  private finishRun(): void {
    this.activeRuns -= 1;
    if (this.activeRuns === 0) this.parts.onIdle();
  }
}
