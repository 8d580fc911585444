import type { ApiView, LayerFinding, ProbeAddress } from '../../../diagnose/diagnosis.js';
import type {
  ContainerFacts,
  DockerPathFacts,
  EndpointFacts,
  FromFacts,
  NetworkFacts,
  ToFacts,
} from './docker-path-facts.js';

/** Docker's embedded DNS, which every container on a user-defined network asks. */
export const embeddedDns = '127.0.0.11';

const policyUnchecked: LayerFinding = {
  layer: 'policy',
  status: 'unchecked',
  evidence: 'Docker has no network policy objects; iptables rules of the host are not read',
};

/**
 * The `service` and `policy` layers of a Docker path, from what the engine said (issue 14): the
 * networks FROM and TO share, TO's address there, whether TO runs, and whether Docker's embedded DNS
 * answers TO's names for FROM. The orchestrator probes the addresses given here.
 */
export function judgeDockerPath(facts: DockerPathFacts): ApiView {
  const service = judgeService(facts);
  return {
    findings: [service.finding, policyUnchecked],
    endpoints: service.endpoints,
    ...(service.expectedName ? { expectedName: service.expectedName } : {}),
  };
}

interface ServiceJudgement {
  readonly finding: LayerFinding;
  readonly endpoints: readonly ProbeAddress[];
  readonly expectedName?: ApiView['expectedName'];
}

function judgeService(facts: DockerPathFacts): ServiceJudgement {
  const { from, to } = facts;
  if (facts.port !== undefined && !/^\d+$/.test(facts.port)) {
    return fail(`Docker containers have no named ports: "${facts.port}" means nothing here`, [
      `write the port as a number: ${to.written}:5432`,
    ]);
  }
  const port = facts.port === undefined ? undefined : Number(facts.port);
  switch (to.kind) {
    case 'missing':
      return fail(to.why, to.hints);
    case 'elsewhere':
      return {
        finding: {
          layer: 'service',
          status: 'unchecked',
          evidence: `${to.written} is no container on this Docker engine: the other layers test it as any host`,
        },
        endpoints: [],
      };
    case 'host': {
      const gateway = from.kind === 'host' ? undefined : userDefinedFirst(from.endpoints, facts.networks)[0];
      const address = gateway?.gateway ?? '127.0.0.1';
      const where = gateway ? `the gateway of ${gateway.networkName}` : 'its loopback';
      return {
        finding: {
          layer: 'service',
          status: 'ok',
          evidence: `${from.written} reaches the host at ${address}, ${where}`,
        },
        endpoints: [probe(address, port, `the host (${where})`)],
      };
    }
    case 'containers':
      return judgeContainers(facts, from, to, port);
  }
}

function judgeContainers(
  facts: DockerPathFacts,
  from: FromFacts,
  to: Extract<ToFacts, { kind: 'containers' }>,
  port: number | undefined,
): ServiceJudgement {
  const running = to.containers.filter((container) => container.status === 'running');
  const stopped = to.containers.filter((container) => container.status !== 'running');
  if (running.length === 0) return judgeNoneRunning(to);

  const warnings: string[] = [];
  const details: string[] = [];
  if (stopped.length > 0) {
    warnings.push(
      `${stopped.length} of the ${to.containers.length} containers that answer to ${to.asked ?? to.written} ${stopped.length === 1 ? 'is' : 'are'} not running: ${stopped.map((container) => `${container.name} ${stateWords(container)}`).join(', ')}`,
    );
  }
  for (const container of running) {
    warnings.push(...healthWarnings(container));
    warnings.push(...publishedPortWarnings(container, port, from));
    details.push(...containerDetails(container, facts.networks));
  }

  if (from.kind === 'host') return judgeFromHost(facts, to, running, port, warnings, details);

  const hostNetworked = running.filter((container) => container.hostNetwork);
  const fromIds = new Set(from.endpoints.map((endpoint) => endpoint.networkId));
  const shared = running
    .filter((container) => !container.hostNetwork)
    .flatMap((container) =>
      container.endpoints
        .filter((endpoint) => endpoint.ip !== '' && fromIds.has(endpoint.networkId))
        .map((endpoint) => ({ container, endpoint, network: facts.networks.get(endpoint.networkId) })),
    );
  const open = shared.filter(({ network }) => !network?.iccOff);
  const closed = shared.filter(({ network }) => network?.iccOff);
  for (const { network } of unique(closed, ({ endpoint }) => endpoint.networkId)) {
    details.push(
      `${network?.name ?? '?'} has inter-container traffic turned off (com.docker.network.bridge.enable_icc=false)`,
    );
  }
  const gateway = userDefinedFirst(from.endpoints, facts.networks)[0];
  const endpoints: ProbeAddress[] = [
    ...open.map(({ container, endpoint }) =>
      probe(endpoint.ip, port, `container/${container.name} on ${endpoint.networkName}`),
    ),
    ...(gateway
      ? hostNetworked.map((container) =>
          probe(gateway.gateway, port, `container/${container.name} on the host's network`),
        )
      : []),
  ];
  details.push(...dnsDetails(from, facts.networks, open));

  if (endpoints.length === 0) {
    if (closed.length > 0) {
      const networks = unique(closed, ({ endpoint }) => endpoint.networkId).map(
        ({ endpoint }) => endpoint.networkName,
      );
      return fail(
        `${describePair(from, to, running)} share only ${networks.join(', ')}, where Docker drops traffic between containers (enable_icc=false)`,
        [
          ...details,
          `connect both to a network that allows it: docker network create NAME, then docker network connect NAME for each`,
        ],
      );
    }
    return fail(`${describePair(from, to, running)} share no network (${whereEach(from, running)})`, [
      ...details,
      connectHint(from, running[0]),
    ]);
  }

  const named = to.asked !== undefined && !isAddress(to.asked);
  const resolving = open.filter(({ network }) => network && !network.defaultBridge);
  if (named && resolving.length === 0 && hostNetworked.length === 0) {
    return fail(
      `${to.asked} does not resolve on the default bridge: Docker's default network has no name resolution`,
      [
        ...details,
        'put both on a user-defined network (docker network create NAME; docker network connect NAME for each), or connect by address',
      ],
      endpoints,
    );
  }

  const expectedName = expectedNames(to, resolving);
  const evidence = warnings[0] ?? okEvidence(from, to, open, hostNetworked);
  return {
    finding: {
      layer: 'service',
      status: warnings.length > 0 ? 'warn' : 'ok',
      evidence,
      details: [...warnings.slice(1), ...details],
    },
    endpoints,
    ...(expectedName ? { expectedName } : {}),
  };
}

/** TO's containers, none running: nothing to reach, and the state says why. */
function judgeNoneRunning(to: Extract<ToFacts, { kind: 'containers' }>): ServiceJudgement {
  const [only] = to.containers;
  if (to.containers.length === 1 && only) {
    return fail(`container/${only.name} is ${stateWords(only)}: it has no address to reach`, [
      `docker logs ${only.name} says why; docker start ${only.name} starts it`,
    ]);
  }
  return fail(
    `none of the ${to.containers.length} containers that answer to ${to.asked ?? to.written} is running (${to.containers.map((container) => `${container.name} ${stateWords(container)}`).join(', ')})`,
    ['docker logs NAME says why each stopped'],
  );
}

/** The host is on every bridge network: it reaches TO at any of its addresses there, by address only. */
function judgeFromHost(
  facts: DockerPathFacts,
  to: Extract<ToFacts, { kind: 'containers' }>,
  running: readonly ContainerFacts[],
  port: number | undefined,
  warnings: readonly string[],
  details: readonly string[],
): ServiceJudgement {
  const reachable = running.flatMap((container) =>
    container.hostNetwork
      ? [{ container, address: '127.0.0.1', where: "the host's own network" }]
      : container.endpoints
          .filter(
            (endpoint) => endpoint.ip !== '' && facts.networks.get(endpoint.networkId)?.driver === 'bridge',
          )
          .map((endpoint) => ({ container, address: endpoint.ip, where: endpoint.networkName })),
  );
  if (reachable.length === 0) {
    return fail(`the host has no bridge route to ${to.asked ?? to.written}: it is on no bridge network`, [
      ...details,
    ]);
  }
  const first = reachable[0]!;
  return {
    finding: {
      layer: 'service',
      status: warnings.length > 0 ? 'warn' : 'ok',
      evidence:
        warnings[0] ??
        `the host reaches container/${first.container.name} at ${first.address} through ${first.where}, by address: the host's resolver does not know container names`,
      details: [...warnings.slice(1), ...details],
    },
    endpoints: reachable.map(({ container, address, where }) =>
      probe(address, port, `container/${container.name} on ${where}`),
    ),
  };
}

/** The names the embedded DNS answers for TO on the networks FROM shares with it, and their addresses. */
function expectedNames(
  to: Extract<ToFacts, { kind: 'containers' }>,
  resolving: readonly { container: ContainerFacts; endpoint: EndpointFacts }[],
): ApiView['expectedName'] | undefined {
  if (resolving.length === 0) return undefined;
  const names = [
    ...(to.asked !== undefined && !isAddress(to.asked) ? [to.asked] : []),
    ...resolving.flatMap(({ container, endpoint }) => [
      container.name,
      ...endpoint.aliases.filter((alias) => !container.id.startsWith(alias)),
    ]),
  ];
  return {
    names: [...new Set(names)],
    addresses: [...new Set(resolving.map(({ endpoint }) => endpoint.ip))],
  };
}

function okEvidence(
  from: Extract<FromFacts, { kind: 'networks' }>,
  to: Extract<ToFacts, { kind: 'containers' }>,
  open: readonly { container: ContainerFacts; endpoint: EndpointFacts }[],
  hostNetworked: readonly ContainerFacts[],
): string {
  const containers = unique(
    [...open.map(({ container }) => container), ...hostNetworked],
    (container) => container.id,
  );
  const networks = unique(open, ({ endpoint }) => endpoint.networkId).map(
    ({ endpoint }) => endpoint.networkName,
  );
  const addresses = open.map(({ endpoint }) => endpoint.ip);
  if (containers.length === 1 && containers[0]) {
    const only = containers[0];
    if (only.hostNetwork)
      return `container/${only.name} runs on the host's network: reached at ${from.short}'s gateway`;
    return `${from.written} and container/${only.name} share ${networks.join(', ')}; ${only.name} is at ${addresses.join(', ')} there, running`;
  }
  return `${from.written} shares ${networks.join(', ')} with the ${containers.length} running containers of ${to.asked ?? to.written} (${addresses.join(', ')})`;
}

/** "web and container/db", "network/front and container/db", with the name asked by when there was one. */
function describePair(
  from: Extract<FromFacts, { kind: 'networks' }>,
  to: Extract<ToFacts, { kind: 'containers' }>,
  running: readonly ContainerFacts[],
): string {
  const target =
    running.length === 1 && running[0]
      ? `container/${running[0].name}${to.asked !== undefined && to.asked !== running[0].name ? ` (${to.asked})` : ''}`
      : `the containers of ${to.asked ?? to.written}`;
  return `${from.written} and ${target}`;
}

/** The `docker network connect` that puts the two on one network: FROM onto TO's, or TO onto a FROM network. */
function connectHint(from: Extract<FromFacts, { kind: 'networks' }>, to: ContainerFacts | undefined): string {
  const toNetwork = to?.endpoints[0]?.networkName;
  const fromNetwork = from.endpoints[0]?.networkName;
  if (from.written.startsWith('network/') || !toNetwork) {
    return `connect it to the network: docker network connect ${fromNetwork ?? 'NETWORK'} ${to?.name ?? 'CONTAINER'}`;
  }
  return `connect one to the other's network: docker network connect ${toNetwork} ${from.short}`;
}

/** "web: front; db: back": where each side is. */
function whereEach(
  from: Extract<FromFacts, { kind: 'networks' }>,
  running: readonly ContainerFacts[],
): string {
  const fromNetworks = from.endpoints.map((endpoint) => endpoint.networkName).join(', ') || 'no network';
  const sides = [
    from.written.startsWith('network/') ? fromNetworks : `${from.short}: ${fromNetworks}`,
    ...running.map(
      (container) =>
        `${container.name}: ${container.hostNetwork ? "the host's network" : container.endpoints.map((endpoint) => endpoint.networkName).join(', ') || 'no network'}`,
    ),
  ];
  return sides.join('; ');
}

/** Which resolver FROM asks, and what it answers on each shared network. */
function dnsDetails(
  from: Extract<FromFacts, { kind: 'networks' }>,
  networks: ReadonlyMap<string, NetworkFacts>,
  open: readonly { container: ContainerFacts; endpoint: EndpointFacts }[],
): string[] {
  const lines: string[] = [];
  const userDefined = from.endpoints.some((endpoint) => !networks.get(endpoint.networkId)?.defaultBridge);
  lines.push(
    userDefined
      ? `${from.short} asks Docker's embedded DNS at ${embeddedDns}, which answers the names of containers on its user-defined networks`
      : `${from.short} is only on the default bridge: no embedded DNS there, names of other containers do not resolve (only --link entries in /etc/hosts)`,
  );
  for (const { container, endpoint } of open) {
    if (networks.get(endpoint.networkId)?.defaultBridge) continue;
    const names = [container.name, ...endpoint.aliases.filter((alias) => !container.id.startsWith(alias))];
    lines.push(`on ${endpoint.networkName}, ${[...new Set(names)].join(', ')} → ${endpoint.ip}`);
  }
  return lines;
}

/** Each container's networks and addresses, and what its image exposes. */
function containerDetails(container: ContainerFacts, networks: ReadonlyMap<string, NetworkFacts>): string[] {
  if (container.hostNetwork) return [`container/${container.name} uses the host's network (--net host)`];
  const places = container.endpoints.map((endpoint) => {
    const network = networks.get(endpoint.networkId);
    const kind = network?.defaultBridge ? ', the default bridge' : network ? `, ${network.driver}` : '';
    return `${endpoint.networkName} ${endpoint.ip || '(no address)'}${kind}`;
  });
  return [
    `container/${container.name} is on ${places.join('; ') || 'no network'}`,
    ...(container.exposed.length > 0
      ? [
          `${container.name} exposes ${container.exposed.join(', ')} (EXPOSE documents; it opens and closes nothing)`,
        ]
      : []),
  ];
}

function healthWarnings(container: ContainerFacts): string[] {
  if (container.health?.status !== 'unhealthy') return [];
  const said = container.health.lastOutput?.trim().split('\n').at(-1)?.slice(0, 120);
  return [`container/${container.name} is running but unhealthy${said ? `: ${said}` : ''}`];
}

/**
 * The port asked is one the container publishes on the host, to another port inside: between
 * containers the container's own port is the one that answers.
 */
function publishedPortWarnings(
  container: ContainerFacts,
  port: number | undefined,
  from: FromFacts,
): string[] {
  if (port === undefined || from.kind === 'host' || container.hostNetwork) return [];
  const inside = container.published.find(
    (binding) => binding.hostPort === String(port) && !binding.containerPort.startsWith(`${port}/`),
  );
  if (!inside) return [];
  const containerPort = inside.containerPort.split('/')[0] ?? inside.containerPort;
  return [
    `${port} is the port ${container.name} publishes on the host (→ ${inside.containerPort}); from ${from.short}, connect to its own port ${containerPort}`,
  ];
}

function stateWords(container: ContainerFacts): string {
  switch (container.status) {
    case 'exited':
      return `exited (exit ${container.exitCode}${container.oomKilled ? ', killed for memory' : ''})`;
    case 'restarting':
      return `restarting (${container.restartCount} restarts so far)`;
    case 'created':
      return 'created but never started';
    default:
      return container.status;
  }
}

/** User-defined networks first: the default bridge is the fallback for the host's gateway. */
function userDefinedFirst(
  endpoints: readonly EndpointFacts[],
  networks: ReadonlyMap<string, NetworkFacts>,
): EndpointFacts[] {
  const isDefault = (endpoint: EndpointFacts) => networks.get(endpoint.networkId)?.defaultBridge === true;
  return [...endpoints.filter((each) => !isDefault(each)), ...endpoints.filter(isDefault)].filter(
    (endpoint) => endpoint.gateway !== '',
  );
}

function fail(
  evidence: string,
  details: readonly string[],
  endpoints: readonly ProbeAddress[] = [],
): ServiceJudgement {
  return {
    finding: { layer: 'service', status: 'fail', evidence, ...(details.length > 0 ? { details } : {}) },
    endpoints,
  };
}

function probe(address: string, port: number | undefined, label: string): ProbeAddress {
  return { address, protocol: 'TCP', label, ...(port === undefined ? {} : { port }) };
}

function unique<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const id = key(item);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** An IPv4 or IPv6 address as written, rather than a name. */
export function isAddress(text: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(text) || text.includes(':');
}
