import type Docker from 'dockerode';
import { TargetNotFoundError, TargetUnavailableError, TransientError } from '../../../errors.js';
import { dockerMessage, dockerStatus } from '../docker-errors.js';

/**
 * How a toolbox gets onto network/NAME (docs/docker.md explains the choice):
 * - `sandbox`: overlay networks have a namespace of their own on each engine that has a task on them
 *   (`/var/run/docker/netns/<epoch>-<id prefix>`, `ingress_sbox` for the ingress network); a toolbox
 *   with CAP_SYS_ADMIN and that directory mounted enters it with nsenter, as the seed does.
 * - `member`: bridge, macvlan and ipvlan networks have no namespace of their own (a bridge lives in
 *   the host's namespace); the toolbox joins the network as one more member, which sees what any
 *   container there sees: the embedded DNS at 127.0.0.11, the other members, the gateway.
 */
export type NetworkPlacement =
  | {
      readonly kind: 'sandbox';
      readonly networkId: string;
      readonly networkName: string;
      readonly sandboxSuffix: string;
    }
  | { readonly kind: 'member'; readonly networkId: string; readonly networkName: string };

export async function resolveDockerNetwork(docker: Docker, name: string): Promise<NetworkPlacement> {
  const written = `network/${name}`;
  let network: Docker.NetworkInspectInfo;
  try {
    network = (await docker.getNetwork(name).inspect()) as Docker.NetworkInspectInfo;
  } catch (error) {
    if (dockerStatus(error) === 404) {
      // The hint lists what exists; when listing fails too, the hint says so instead.
      const hint = await docker.listNetworks().then(
        (networks) => `networks here: ${networks.map((each) => each.Name).join(', ') || 'none'}`,
        (listError: unknown) => `(could not list the networks here: ${dockerMessage(listError)})`,
      );
      throw new TargetNotFoundError(`${written} does not exist on this Docker engine`, [hint]);
    }
    throw new TransientError(`could not inspect network ${name}: ${dockerMessage(error)}`, { cause: error });
  }
  // Docker matches ids by prefix and names exactly; a name that is also another network's id prefix
  // is rare enough that the engine's own answer stands.
  switch (network.Driver) {
    case 'overlay':
      return {
        kind: 'sandbox',
        networkId: network.Id,
        networkName: network.Name,
        sandboxSuffix: network.Ingress ? 'ingress_sbox' : `-${network.Id.slice(0, 10)}`,
      };
    case 'host':
      throw new TargetUnavailableError(`${written} is the host's own network`, [
        'use the target host instead',
      ]);
    case 'null':
      throw new TargetUnavailableError(`${written} is Docker's "none" network: it has nothing to look at`);
    default:
      return { kind: 'member', networkId: network.Id, networkName: network.Name };
  }
}
