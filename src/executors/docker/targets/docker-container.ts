import type Docker from 'dockerode';
import { TargetNotFoundError, TargetUnavailableError, TransientError } from '../../../errors.js';
import { dockerMessage, dockerStatus } from '../docker-errors.js';
import { closestNames } from '../../../grammar/closest-names.js';

/** One address of a container (or of the host) on one Docker network. */
export interface NetworkAddress {
  readonly networkId: string;
  readonly networkName: string;
  readonly ip: string;
  /** The host's own address on that network: how a container reaches the host. */
  readonly gateway: string;
}

/** A running container, resolved from what the user wrote, with what sessions and addresses need. */
export interface ResolvedContainer {
  readonly id: string;
  readonly name: string;
  /** Changes when the container restarts (a new network namespace): a cached toolbox is then stale. */
  readonly startedAt: string;
  /** `host` when the container uses the host's namespace; otherwise its own (or a joined one's). */
  readonly usesHostNetwork: boolean;
  readonly addresses: readonly NetworkAddress[];
}

/**
 * container/NAME_OR_ID: what `docker inspect` accepts (a name, a full or unambiguous short id),
 * running. A container that joined another's namespace (`--net container:Y`) is followed to Y, whose
 * namespace it is. Errors say what to do: the closest names, `docker start`, a longer id.
 */
export async function resolveDockerContainer(docker: Docker, nameOrId: string): Promise<ResolvedContainer> {
  const info = await inspectContainer(docker, nameOrId);
  const written = `container/${nameOrId}`;
  if (!info.State.Running || info.State.Paused || info.State.Restarting) {
    const state = info.State.Paused ? 'paused' : info.State.Restarting ? 'restarting' : info.State.Status;
    throw new TargetUnavailableError(`${written} is ${state}, so it has no network namespace to join`, [
      `start it first: docker start ${info.Name.replace(/^\//, '')}`,
    ]);
  }
  const networkMode = info.HostConfig.NetworkMode ?? '';
  if (networkMode.startsWith('container:')) {
    return resolveDockerContainer(docker, networkMode.slice('container:'.length));
  }
  return {
    id: info.Id,
    name: info.Name.replace(/^\//, ''),
    startedAt: info.State.StartedAt,
    usesHostNetwork: networkMode === 'host',
    addresses: Object.entries(info.NetworkSettings.Networks ?? {})
      .filter(([, network]) => network.IPAddress)
      .map(([networkName, network]) => ({
        networkId: network.NetworkID,
        networkName,
        ip: network.IPAddress,
        gateway: network.Gateway,
      })),
  };
}

/** `docker inspect` of container/NAME_OR_ID, running or not, with the errors users read. */
export async function inspectContainer(
  docker: Docker,
  nameOrId: string,
): Promise<Docker.ContainerInspectInfo> {
  try {
    return await docker.getContainer(nameOrId).inspect();
  } catch (error) {
    const message = dockerMessage(error);
    if (/multiple (ids|containers)/i.test(message)) {
      throw new TargetNotFoundError(
        `container/${nameOrId} is ambiguous: more than one container id starts with it`,
        ['write more of the id, or the container name'],
      );
    }
    if (dockerStatus(error) === 404) {
      throw new TargetNotFoundError(`container/${nameOrId} does not exist on this Docker engine`, [
        ...(await nearContainerNames(docker, nameOrId)),
      ]);
    }
    throw new TransientError(`could not inspect container ${nameOrId}: ${message}`, { cause: error });
  }
}

/** "running containers like it: a, b": the hint under a not-found error. */
async function nearContainerNames(docker: Docker, wanted: string): Promise<string[]> {
  let containers: Docker.ContainerInfo[];
  try {
    containers = await docker.listContainers();
  } catch (error) {
    // The hint lists what exists; when listing fails too, the hint says so instead.
    return [`(could not list the containers here: ${dockerMessage(error)})`];
  }
  const names = containers.flatMap((container) => container.Names.map((name) => name.replace(/^\//, '')));
  const needle = wanted.toLowerCase();
  // Names that contain what was written (or the reverse), and misspellings of one (`wbe` -> `web`).
  const near = new Set(closestNames(needle, names, 5));
  const similar = names.filter(
    (name) => name.toLowerCase().includes(needle) || needle.includes(name.toLowerCase()) || near.has(name),
  );
  const shown = (similar.length > 0 ? similar : names).slice(0, 5);
  if (shown.length === 0) return ['no container is running here'];
  return [`${similar.length > 0 ? 'did you mean' : 'running containers'}: ${shown.join(', ')}`];
}
