import type Docker from 'dockerode';
import { InvalidInputError } from '../../../errors.js';
import type { TargetRef } from '../../../grammar/target.js';
import { formatTarget } from '../../../grammar/target.js';
import { resolveDockerContainer, type ResolvedContainer } from './docker-container.js';
import { resolveDockerNetwork, type NetworkPlacement } from './docker-network.js';
import { resolveSwarmServiceContainer } from './docker-service.js';

/** Where on this engine a target's network namespace is, once resolved. */
export type DockerPlacement =
  | { readonly kind: 'container'; readonly container: ResolvedContainer }
  | { readonly kind: 'host' }
  | NetworkPlacement;

export const dockerTargetKinds: ReadonlySet<TargetRef['kind']> = new Set([
  'container',
  'service',
  'network',
  'host',
]);

/** container/, service/, network/, host: the namespace a toolbox must enter for this target. */
export async function resolveDockerPlacement(docker: Docker, target: TargetRef): Promise<DockerPlacement> {
  switch (target.kind) {
    case 'container': {
      const container = await resolveDockerContainer(docker, target.name);
      return container.usesHostNetwork ? { kind: 'host' } : { kind: 'container', container };
    }
    case 'service': {
      const id = await resolveSwarmServiceContainer(docker, target.name);
      const container = await resolveDockerContainer(docker, id);
      return container.usesHostNetwork ? { kind: 'host' } : { kind: 'container', container };
    }
    case 'network':
      return resolveDockerNetwork(docker, target.name);
    case 'host':
      return { kind: 'host' };
    default:
      throw new InvalidInputError(`${formatTarget(target)} is not a Docker target`, [
        'Docker targets: container/NAME_OR_ID, service/NAME, network/NAME, host',
      ]);
  }
}

/** The cache key of a placement: the same namespace gets the same toolbox. */
export function placementKey(placement: DockerPlacement): string {
  switch (placement.kind) {
    case 'container':
      return `container:${placement.container.id}:${placement.container.startedAt}`;
    case 'host':
      return 'host';
    case 'sandbox':
    case 'member':
      return `network:${placement.networkId}`;
  }
}
