import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Argv } from '../../catalogue/define-command.js';
import { TargetNotFoundError, TargetUnavailableError } from '../../errors.js';
import { formatTarget, type TargetRef } from '../../grammar/target.js';
import type { Executor, RunningProcess, RunOptions, Session } from '../executor.js';
import type { RunResult } from '../../results/run-result.js';
import { artifactCapBytes, type ArtifactStore } from '../process-core/artifacts.js';
import { startRun } from '../process-core/run-lifecycle.js';
import { localProcess } from './local-process.js';
import { toolEnvironment } from './tool-environment.js';

export interface LocalExecutorOptions {
  /** Where session artifact directories are made; the system temp dir by default. */
  readonly artifactRoot?: string;
  /** Where `ip netns` keeps named namespaces. */
  readonly netnsDir?: string;
  /**
   * Directories searched for tools before PATH: where the toolbox's own scripts (image/netgen) live
   * when the worker runs on a host instead of inside the image.
   */
  readonly toolDirs?: readonly string[];
  /** Where a failure that the executor works around (a peer's address unreadable) is said; silent without. */
  readonly logger?: Logger;
}

/**
 * Runs tools on the worker's own machine: target `host` in the worker's network namespace, and
 * `netns/NAME` inside a named namespace through `ip netns exec` (which also applies
 * /etc/netns/NAME/resolv.conf, so a namespace keeps its own resolver, as a pod does). No toolbox to
 * start, so a session is only the command prefix and an artifact directory.
 */
export function createLocalExecutor(options: LocalExecutorOptions = {}): Executor {
  const netnsDir = options.netnsDir ?? '/var/run/netns';
  // One session per target, reused by every job on it (SPEC 4): the artifact directory is made once
  // and each run's files are removed as they are collected, so a long-lived worker keeps one per target.
  const sessions = new Map<string, Promise<Session>>();
  const env = toolEnvironment(options.toolDirs ?? []);

  function prefixFor(target: TargetRef): Argv {
    if (target.kind === 'host') return [];
    if (target.kind === 'netns') {
      if (!existsSync(join(netnsDir, target.name))) {
        throw new TargetNotFoundError(`there is no network namespace '${target.name}' on this worker`, [
          '`ip netns list` on the worker shows the names; create one with `ip netns add NAME`',
        ]);
      }
      return ['ip', 'netns', 'exec', target.name];
    }
    throw new TargetUnavailableError(`the local executor does not serve ${formatTarget(target)}`);
  }

  /** Every process goes through the process core; `artifacts` is the session's, when there is one. */
  async function start(
    target: TargetRef,
    argv: Argv,
    runOptions: RunOptions,
    artifacts?: ArtifactStore,
  ): Promise<RunningProcess> {
    return startRun(argv, localProcess([...prefixFor(target), ...argv], env), {
      ...runOptions,
      ...(artifacts ? { artifacts } : {}),
    });
  }

  async function run(target: TargetRef, argv: Argv, runOptions: RunOptions): Promise<RunResult> {
    return (await start(target, argv, runOptions)).result;
  }

  /** Reads `target`'s first global IPv4 address, or the source address it uses toward `peerAddress`. */
  async function addressOf(target: TargetRef, peerAddress?: string): Promise<string> {
    const probe = { timeoutMs: 5000 };
    if (peerAddress) {
      const route = await run(target, ['ip', '-j', 'route', 'get', peerAddress], probe);
      const source = (safeJson(route.stdout) as { prefsrc?: string }[] | undefined)?.[0]?.prefsrc;
      if (source) return source;
    }
    const shown = await run(target, ['ip', '-j', '-4', 'addr', 'show', 'scope', 'global'], probe);
    const links = (safeJson(shown.stdout) ?? []) as { ifname?: string; addr_info?: { local?: string }[] }[];
    const address = links.flatMap((link) => link.addr_info ?? []).find((info) => info.local)?.local;
    if (!address) {
      throw new TargetUnavailableError(`${formatTarget(target)} has no IPv4 address that others can reach`);
    }
    return address;
  }

  /** The address `peer` reaches `target` at: the source address target uses toward the peer. */
  async function addressSeenFrom(target: TargetRef, peer: TargetRef | undefined): Promise<string> {
    const distinctPeer = peer && executor.supports(peer) && formatTarget(peer) !== formatTarget(target);
    // Without the peer's address the target's own global address is the answer: often the same one.
    const peerAddress = distinctPeer
      ? await addressOf(peer).catch((error: unknown) => {
          options.logger?.debug(
            { err: error, target: formatTarget(target), peer: formatTarget(peer) },
            "could not read the peer's address; answering with the target's own",
          );
          return undefined;
        })
      : undefined;
    return addressOf(target, peerAddress);
  }

  const executor: Executor = {
    name: 'local',

    supports(target) {
      return target.kind === 'host' || target.kind === 'netns';
    },

    async open(target, openOptions) {
      // Checked on every open: a namespace can be deleted between two jobs.
      prefixFor(target);
      openOptions.signal?.throwIfAborted();
      const key = formatTarget(target);
      const known = sessions.get(key);
      if (known) return known;
      const opening = openSession(target);
      sessions.set(key, opening);
      // dropped: the caller gets this error from `opening` itself; here a failed open only leaves the cache.
      opening.catch(() => sessions.delete(key));
      return opening;
    },

    resolveAddress: (target, { from }) => addressSeenFrom(target, from),

    async reap() {
      // Local runs leave no containers, and each process dies with its worker; only the artifact
      // directories of workers that died without closing are left, named after their pid.
      const root = options.artifactRoot ?? tmpdir();
      const stale = (await readdir(root)).filter((entry) => {
        const pid = artifactDirPattern.exec(entry)?.[1];
        return pid !== undefined && Number(pid) !== process.pid && !isAlive(Number(pid));
      });
      await Promise.all(stale.map((entry) => rm(join(root, entry), { recursive: true, force: true })));
      return stale.length;
    },

    async close() {
      const open = await Promise.allSettled(sessions.values());
      sessions.clear();
      await Promise.all(
        open.map((entry) =>
          entry.status === 'fulfilled'
            ? rm(entry.value.artifactDir, { recursive: true, force: true })
            : undefined,
        ),
      );
    },
  };

  async function openSession(target: TargetRef): Promise<Session> {
    const artifactDir = await mkdtemp(join(options.artifactRoot ?? tmpdir(), `netshoot-bot-${process.pid}-`));
    const artifacts = localArtifacts(artifactDir);
    const session: Session = {
      target,
      artifactDir,
      run: async (argv, runOptions) => (await start(target, argv, runOptions, artifacts)).result,
      start: (argv, runOptions) => start(target, argv, runOptions, artifacts),
      addressFor: (peer) => addressSeenFrom(target, peer),
    };
    return session;
  }

  return executor;
}

/** `netshoot-bot-<pid>-XXXXXX`: the pid says whose directory it is. */
const artifactDirPattern = /^netshoot-bot-(\d+)-\w{6}$/;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, owned by someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Artifacts are files in the session's directory on this machine. */
function localArtifacts(dir: string): ArtifactStore {
  return {
    dir,
    async read(path) {
      const data = await readFile(path).catch((error: NodeJS.ErrnoException) => {
        // The tool failed before writing it: no file is no artifact. Anything else is said in the result.
        if (error.code === 'ENOENT') return undefined;
        throw error;
      });
      return data && data.length > artifactCapBytes ? data.subarray(0, artifactCapBytes) : data;
    },
    remove: (path) => rm(path, { force: true }),
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // dropped: `ip -j` output that is not JSON has no address in it; the caller says there is none.
    return undefined;
  }
}
