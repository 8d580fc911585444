import type Docker from 'dockerode';
import type { DiagnoseQuery } from '../../../diagnose/diagnosis.js';
import {
  InvalidInputError,
  TargetNotFoundError,
  TargetUnavailableError,
  TransientError,
} from '../../../errors.js';
import { formatTarget, type TargetRef } from '../../../grammar/target.js';
import { dockerMessage, dockerStatus } from '../docker-errors.js';
import { inspectContainer } from '../targets/docker-container.js';
import { resolveDockerPlacement } from '../targets/docker-target.js';
import { resolveSwarmServiceContainer } from '../targets/docker-service.js';
import type {
  ContainerFacts,
  DockerPathFacts,
  EndpointFacts,
  FromFacts,
  NetworkFacts,
  ToFacts,
} from './docker-path-facts.js';
import { isAddress } from './judge-docker-path.js';

/** Docker Compose labels each container with its service: the name other services call it by. */
const composeServiceLabel = 'com.docker.compose.service';

/**
 * Reads what the engine says about FROM and TO (inspect and list calls only: diagnose is read-only).
 * FROM is a container/, service/ (a Swarm task here, as every command resolves it) or network/
 * target, or the host; TO a container/ or service/ target, the host, or a name or address that a
 * container may go by.
 */
export async function readDockerPath(docker: Docker, query: DiagnoseQuery): Promise<DockerPathFacts> {
  const [from, written] = await Promise.all([
    readFrom(docker, query.from),
    readTo(docker, query.to, query.from).catch((error: unknown) => missingTo(error, query.to)),
  ]);
  const to = await narrowByName(docker, written, from);
  const ids = new Set([
    ...(from.kind === 'networks' ? from.endpoints.map((endpoint) => endpoint.networkId) : []),
    ...(to.kind === 'containers'
      ? to.containers.flatMap((container) => container.endpoints.map((endpoint) => endpoint.networkId))
      : []),
  ]);
  const networks = new Map<string, NetworkFacts>();
  for (const network of await Promise.all([...ids].map((id) => readNetwork(docker, id)))) {
    if (network) networks.set(network.id, network);
  }
  return { from, to, networks, ...(query.port ? { port: query.port } : {}) };
}

async function readFrom(docker: Docker, target: TargetRef): Promise<FromFacts> {
  const written = formatTarget(target);
  const placement = await resolveDockerPlacement(docker, target);
  switch (placement.kind) {
    case 'host':
      return { kind: 'host', written };
    case 'container':
      return {
        kind: 'networks',
        written,
        short: placement.container.name,
        endpoints: placement.container.addresses.map((address) => ({ ...address, aliases: [] })),
      };
    case 'member':
    case 'sandbox':
      return {
        kind: 'networks',
        written,
        short: written,
        endpoints: [
          {
            networkId: placement.networkId,
            networkName: placement.networkName,
            ip: '',
            gateway: '',
            aliases: [],
          },
        ],
      };
  }
}

/**
 * TO written as a target the engine does not have (container/dbb) or cannot use (service/ without a
 * Swarm): that is the path's answer, a finding with the error's hints, not a failed diagnose. FROM's
 * errors still fail the job: there is nowhere to look from.
 */
function missingTo(error: unknown, to: DiagnoseQuery['to']): ToFacts {
  if (!(error instanceof TargetNotFoundError || error instanceof TargetUnavailableError)) throw error;
  return {
    kind: 'missing',
    written: typeof to === 'string' ? to : formatTarget(to),
    why: error.message,
    hints: error.hints,
  };
}

async function readTo(docker: Docker, to: DiagnoseQuery['to'], from: TargetRef): Promise<ToFacts> {
  if (typeof to !== 'string') {
    const written = formatTarget(to);
    switch (to.kind) {
      case 'container':
        return { kind: 'containers', written, containers: [await readContainer(docker, to.name)] };
      case 'service': {
        const id = await resolveSwarmServiceContainer(docker, to.name);
        return { kind: 'containers', written, containers: [await readContainer(docker, id)] };
      }
      case 'host':
        return { kind: 'host', written };
      default:
        throw new InvalidInputError(`${written} is not a place a connection can end at on Docker`, [
          `name a container on it: diagnose ${formatTarget(from)} container/NAME[:PORT]`,
        ]);
    }
  }
  const containers = await listContainers(docker);
  const matches = isAddress(to)
    ? containers.filter((container) =>
        Object.values(container.NetworkSettings?.Networks ?? {}).some((network) => network.IPAddress === to),
      )
    : containers.filter(
        (container) =>
          container.Names.some((name) => name.replace(/^\//, '') === to) ||
          container.Labels?.[composeServiceLabel] === to,
      );
  const found = await Promise.all(matches.map((container) => readContainer(docker, container.Id)));
  return found.length > 0
    ? { kind: 'containers', written: to, asked: to, containers: found }
    : { kind: 'elsewhere', written: to, address: isAddress(to) };
}

/**
 * A name no container or compose service has may still be an alias (`--network-alias`), which only
 * a container's own inspect shows, per network: the containers on FROM's networks are read for it.
 */
async function narrowByName(docker: Docker, to: ToFacts, from: FromFacts): Promise<ToFacts> {
  if (to.kind !== 'elsewhere' || to.address || from.kind !== 'networks') return to;
  const fromIds = new Set(from.endpoints.map((endpoint) => endpoint.networkId));
  const neighbours = (await listContainers(docker)).filter((container) =>
    Object.values(container.NetworkSettings?.Networks ?? {}).some((network) =>
      fromIds.has(network.NetworkID),
    ),
  );
  const read = await Promise.all(neighbours.map((container) => readContainer(docker, container.Id)));
  const aliased = read.filter((container) =>
    container.endpoints.some(
      (endpoint) => fromIds.has(endpoint.networkId) && endpoint.aliases.includes(to.written),
    ),
  );
  return aliased.length > 0
    ? { kind: 'containers', written: to.written, asked: to.written, containers: aliased }
    : to;
}

/** A container's state and networks, running or not (a stopped TO is a finding, not an error). */
async function readContainer(docker: Docker, nameOrId: string): Promise<ContainerFacts> {
  const info = await inspectContainer(docker, nameOrId);
  const mode = info.HostConfig.NetworkMode ?? '';
  // `--net container:Y` shares Y's namespace: its addresses are Y's.
  const networksOf = mode.startsWith('container:')
    ? (await inspectContainer(docker, mode.slice('container:'.length))).NetworkSettings.Networks
    : info.NetworkSettings.Networks;
  const state = info.State as Docker.ContainerInspectInfo['State'] & {
    Health?: { Status?: string; Log?: { Output?: string }[] };
  };
  const endpoints: EndpointFacts[] = Object.entries(networksOf ?? {})
    .filter(([name]) => name !== 'host' && name !== 'none')
    .map(([networkName, network]) => ({
      networkId: network.NetworkID,
      networkName,
      ip: network.IPAddress ?? '',
      gateway: network.Gateway ?? '',
      aliases: (network.Aliases as string[] | null | undefined) ?? [],
    }));
  const lastOutput = state.Health?.Log?.at(-1)?.Output;
  return {
    name: info.Name.replace(/^\//, ''),
    id: info.Id,
    status: state.Status,
    exitCode: state.ExitCode,
    oomKilled: state.OOMKilled,
    restartCount: info.RestartCount,
    ...(state.Health?.Status
      ? { health: { status: state.Health.Status, ...(lastOutput ? { lastOutput } : {}) } }
      : {}),
    hostNetwork: mode === 'host',
    endpoints,
    exposed: Object.keys(info.Config.ExposedPorts ?? {}),
    published: Object.entries(info.HostConfig.PortBindings ?? {}).flatMap(([containerPort, bindings]) =>
      ((bindings as { HostPort?: string }[] | null) ?? [])
        .filter((binding) => binding.HostPort)
        .map((binding) => ({ hostPort: binding.HostPort!, containerPort })),
    ),
  };
}

async function readNetwork(docker: Docker, id: string): Promise<NetworkFacts | undefined> {
  try {
    const info = (await docker.getNetwork(id).inspect()) as Docker.NetworkInspectInfo;
    const options = info.Options ?? {};
    return {
      id: info.Id,
      name: info.Name,
      driver: info.Driver,
      defaultBridge: options['com.docker.network.bridge.default_bridge'] === 'true',
      iccOff: options['com.docker.network.bridge.enable_icc'] === 'false',
    };
  } catch (error) {
    // A network removed between the two reads: its members show it by name; nothing more is known.
    if (dockerStatus(error) === 404) return undefined;
    throw new TransientError(`could not inspect network ${id}: ${dockerMessage(error)}`, { cause: error });
  }
}

async function listContainers(docker: Docker): Promise<Docker.ContainerInfo[]> {
  try {
    return await docker.listContainers({ all: true });
  } catch (error) {
    throw new TransientError(`could not list the containers: ${dockerMessage(error)}`, { cause: error });
  }
}
