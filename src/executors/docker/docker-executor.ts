import { hostname } from 'node:os';
import Docker from 'dockerode';
import type { Logger } from 'pino';
import { TargetUnavailableError } from '../../errors.js';
import type { TargetRef } from '../../grammar/target.js';
import { formatTarget } from '../../grammar/target.js';
import { chooseAddress, type AddressSide } from './targets/docker-address.js';
import {
  dockerTargetKinds,
  placementKey,
  resolveDockerPlacement,
  type DockerPlacement,
} from './targets/docker-target.js';
import type { Executor, OpenOptions, Session, StatsOptions } from '../executor.js';
import type { RunResult } from '../../results/run-result.js';
import type { ApiView, DiagnoseQuery } from '../../diagnose/diagnosis.js';
import { isGone, logUnlessGone } from './docker-errors.js';
import { DockerSession } from './docker-session.js';
import { ensureImage } from './ensure-image.js';
import { toolboxLabels } from './labels.js';
import { reapToolboxes } from './reap-toolboxes.js';
import { statsResult } from '../stats-table.js';
import { snapshotStats, type StatsSnapshot } from './container-stats.js';
import { dockerNetnsDir, startToolbox } from './toolbox-container.js';
import { runQuietly } from './toolbox-process.js';
import { diagnoseDocker } from './diagnose/diagnose-docker.js';

export interface DockerExecutorOptions {
  /** The toolbox image (NETSHOOT_IMAGE). */
  readonly image: string;
  /** Defaults to the engine that DOCKER_HOST or /var/run/docker.sock points at. */
  readonly docker?: Docker;
  /** Labels every toolbox; a restarted worker with the same id reaps what its earlier life left. */
  readonly workerId?: string;
  /** A session with no run for this long is removed (NETSHOOT_SESSION_IDLE). */
  readonly idleMs?: number;
  /** A toolbox's sleeping process ends after this; the engine then removes it on its own. */
  readonly lifetimeMs?: number;
  /** How often the reaper looks for leftovers; 0 turns the periodic reaper off. */
  readonly reapIntervalMs?: number;
  /** Where cleanups that failed (a toolbox not removed, a failed reap) are said; silent without. */
  readonly logger?: Logger;
}

/** The Docker executor plus what only Docker answers: the `stats` snapshot (SPEC 3). */
export interface DockerExecutor extends Executor {
  readonly name: 'docker';
  /** The `stats` run: the snapshot's table as stdout. */
  stats(target: TargetRef, options?: StatsOptions): Promise<RunResult>;
  /** The same snapshot with its numbers, for renderers and tests. */
  statsSnapshot(target: TargetRef, options?: Omit<StatsOptions, 'namespace'>): Promise<StatsSnapshot>;
  /** The toolbox containers this executor has open now (tests and the reaper read it). */
  openToolboxIds(): string[];
  /** `diagnose`: the engine's view of the path (src/executors/docker/diagnose/), always answered here. */
  diagnose(query: DiagnoseQuery): Promise<ApiView>;
}

/** A cached session is reused only while it has at least this long to live: longer than any run. */
const reuseMarginMs = 15 * 60_000;

/**
 * SPEC 4 on Docker: the first command on a target starts a toolbox in its namespace, follow-ups exec
 * into it, idle ones are removed, and labelled leftovers are reaped at start (the worker calls
 * `reap`) and every `reapIntervalMs`.
 */
export function createDockerExecutor(options: DockerExecutorOptions): DockerExecutor {
  const docker = options.docker ?? new Docker();
  const workerId = options.workerId ?? hostname();
  const idleMs = options.idleMs ?? 5 * 60_000;
  const lifetimeMs = Math.max(options.lifetimeMs ?? 60 * 60_000, reuseMarginMs * 2);

  const sessions = new Map<string, DockerSession>();
  const opening = new Map<string, Promise<DockerSession>>();
  const idleTimers = new Map<string, NodeJS.Timeout>();
  let imageChecked = false;

  const forget = (key: string, session: DockerSession): void => {
    if (sessions.get(key) === session) sessions.delete(key);
    clearTimeout(idleTimers.get(key));
    idleTimers.delete(key);
  };

  const remove = async (key: string, session: DockerSession): Promise<void> => {
    forget(key, session);
    await session.container
      .remove({ force: true })
      .catch(
        logUnlessGone(
          options.logger,
          { toolbox: session.container.id, target: formatTarget(session.target) },
          'could not remove an idle or closing toolbox; the reaper tries again',
        ),
      );
  };

  const startIdleClock = (key: string, session: DockerSession): void => {
    clearTimeout(idleTimers.get(key));
    const timer = setTimeout(() => {
      if (!session.busy) void remove(key, session);
    }, idleMs);
    timer.unref();
    idleTimers.set(key, timer);
  };

  const describeSide = async (target: TargetRef, role: 'target' | 'peer'): Promise<AddressSide> => {
    const placement = await resolveDockerPlacement(docker, target);
    const open = sessions.get(placementKey(placement));
    if (open) return open.addressSide();
    return addressSideOf(target, placement, role);
  };

  const openSession = async (
    key: string,
    target: TargetRef,
    placement: DockerPlacement,
    open: OpenOptions,
  ): Promise<DockerSession> => {
    if (!imageChecked) {
      await ensureImage(docker, options.image, open.onProgress);
      imageChecked = true;
    }
    open.onProgress?.(`starting the toolbox in ${formatTarget(target)}`);
    const log = options.logger?.child({ jobId: open.jobId, target: formatTarget(target) });
    const expiresAt = Date.now() + lifetimeMs;
    const container = await startToolbox(docker, {
      image: options.image,
      placement,
      labels: toolboxLabels({ target, jobId: open.jobId, workerId, expiresAt: new Date(expiresAt) }),
      lifetimeSeconds: Math.ceil(lifetimeMs / 1000),
      nameHint: formatTarget(target),
      ...(log ? { logger: log } : {}),
    });
    let prefix: string[] = [];
    if (placement.kind === 'sandbox') {
      try {
        prefix = [
          'nsenter',
          `--net=${await findSandbox(container, placement.sandboxSuffix, formatTarget(target))}`,
          '--',
        ];
      } catch (error) {
        await container
          .remove({ force: true })
          .catch(logUnlessGone(log, { toolbox: container.id }, 'could not remove a toolbox with no sandbox'));
        throw error;
      }
    }
    const session: DockerSession = new DockerSession({
      docker,
      target,
      placement,
      container,
      prefix,
      expiresAt,
      describePeer: (peer) => describeSide(peer, 'peer'),
      onIdle: () => startIdleClock(key, session),
      onGone: () => forget(key, session),
    });
    sessions.set(key, session);
    startIdleClock(key, session);
    return session;
  };

  const reap = async (): Promise<number> =>
    reapToolboxes(docker, {
      workerId,
      keep: new Set([...sessions.values()].map((session) => session.container.id)),
      ...(options.logger ? { logger: options.logger } : {}),
    });

  const reapTimer =
    options.reapIntervalMs === 0
      ? undefined
      : setInterval(
          () =>
            void reap().catch((error: unknown) =>
              options.logger?.warn({ err: error }, 'periodic reap of toolboxes failed; it runs again later'),
            ),
          options.reapIntervalMs ?? 60_000,
        );
  reapTimer?.unref();

  return {
    name: 'docker',

    supports: (target) => dockerTargetKinds.has(target.kind),

    async open(target, open): Promise<Session> {
      const placement = await resolveDockerPlacement(docker, target);
      const key = placementKey(placement);
      const cached = sessions.get(key);
      if (cached) {
        if (
          cached.expiresAt - Date.now() > reuseMarginMs &&
          (await isRunning(cached.container, options.logger?.child({ jobId: open.jobId })))
        ) {
          clearTimeout(idleTimers.get(key));
          if (!cached.busy) startIdleClock(key, cached);
          return cached;
        }
        // Too old to hold another run, or removed behind our back: a fresh one takes its place, and the
        // old one goes when its last run ends (or its sleep does).
        forget(key, cached);
        if (!cached.busy)
          void cached.container
            .remove({ force: true })
            .catch(
              logUnlessGone(
                options.logger,
                { jobId: open.jobId, toolbox: cached.container.id },
                'could not remove a replaced toolbox; the reaper tries again',
              ),
            );
      }
      const pending = opening.get(key);
      if (pending) return pending;
      const starting = openSession(key, target, placement, open).finally(() => opening.delete(key));
      opening.set(key, starting);
      return starting;
    },

    async resolveAddress(target, { from }) {
      const own = await describeSide(target, 'target');
      return chooseAddress(own, from ? await describeSide(from, 'peer') : undefined);
    },

    reap,

    diagnose: (query) => diagnoseDocker(docker, query),

    async stats(target, view) {
      const started = Date.now();
      const snapshot = await snapshotStats(docker, target, view);
      return statsResult(target, view ?? {}, snapshot.table, started);
    },

    statsSnapshot: (target, view) => snapshotStats(docker, target, view),

    openToolboxIds: () => [...sessions.values()].map((session) => session.container.id),

    async close() {
      if (reapTimer) clearInterval(reapTimer);
      const open = [...sessions.entries()];
      await Promise.all(open.map(([key, session]) => remove(key, session)));
    },
  };
}

/** A target's addresses without a session in it (destination references, the peer of a pair). */
function addressSideOf(target: TargetRef, placement: DockerPlacement, role: 'target' | 'peer'): AddressSide {
  const written = formatTarget(target);
  switch (placement.kind) {
    case 'container':
      return { kind: 'addresses', written, addresses: placement.container.addresses };
    case 'host':
      return { kind: 'host', written };
    case 'member':
      // As the place a tool runs, a network is its toolbox; only its membership matters for a peer.
      return role === 'peer'
        ? {
            kind: 'addresses',
            written,
            addresses: [
              { networkId: placement.networkId, networkName: placement.networkName, ip: '', gateway: '' },
            ],
          }
        : { kind: 'none', written, why: 'a network has no address of its own; name a container on it' };
    case 'sandbox':
      return { kind: 'none', written, why: 'a network has no address of its own; name a container on it' };
  }
}

/** Whether a cached toolbox can take another run; one the engine cannot describe gets replaced. */
async function isRunning(container: Docker.Container, logger: Logger | undefined): Promise<boolean> {
  try {
    const info = await container.inspect();
    return info.State.Running === true;
  } catch (error) {
    // Removed behind our back (404) is the expected case; anything else is said, and a fresh one opens.
    if (!isGone(error))
      logger?.warn({ err: error, toolbox: container.id }, 'could not inspect a cached toolbox');
    return false;
  }
}

/**
 * The sandbox of an overlay network is `<epoch>-<first 10 of its id>` (the epoch grows when the
 * network is re-created on this engine) or `ingress_sbox`. It exists only while this engine has a task
 * or container on the network: otherwise there is nothing to enter, and the user is told so.
 */
async function findSandbox(container: Docker.Container, suffix: string, written: string): Promise<string> {
  const listing = await runQuietly(container, ['ls', '-1', dockerNetnsDir]);
  const names = listing.stdout.toString('utf8').split('\n').filter(Boolean);
  const matches = names
    .filter((name) =>
      suffix.startsWith('-') ? name.endsWith(suffix) && /^\d+-/.test(name) : name === suffix,
    )
    .sort((a, b) => Number.parseInt(b, 10) - Number.parseInt(a, 10));
  const found = matches[0];
  if (!found) {
    throw new TargetUnavailableError(`${written} has no sandbox on this Docker engine`, [
      'an overlay network has a namespace here only while a task or container on this engine is attached to it',
    ]);
  }
  return `${dockerNetnsDir}/${found}`;
}
