import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';
import type { Logger } from 'pino';
import { TargetUnavailableError, TransientError } from '../../errors.js';
import type { DockerPlacement } from './targets/docker-target.js';
import { dockerMessage, logUnlessGone } from './docker-errors.js';

/** Where Docker keeps the network namespaces of its sandboxes (overlay networks among them). */
export const dockerNetnsDir = '/var/run/docker/netns';

export interface ToolboxSpec {
  readonly image: string;
  readonly placement: DockerPlacement;
  readonly labels: Record<string, string>;
  /** The sleeping main process ends after this, and the engine removes the container (AutoRemove). */
  readonly lifetimeSeconds: number;
  /** Readable part of the container name: the target as written. */
  readonly nameHint: string;
  /** The opening job's logger: a toolbox that failed to start and could not be removed is said there. */
  readonly logger?: Logger;
}

/**
 * Creates and starts a toolbox in the placement's namespace. Its only process sleeps; commands come
 * later through `docker exec`. NET_ADMIN and NET_RAW are what tcpdump, ping and nmap need; only the
 * sandbox form adds CAP_SYS_ADMIN, because nsenter into another namespace needs it.
 */
export async function startToolbox(docker: Docker, spec: ToolboxSpec): Promise<Docker.Container> {
  const name = `netshoot-${spec.nameHint.replace(/[^A-Za-z0-9_.-]+/g, '-').slice(0, 40)}-${randomBytes(3).toString('hex')}`;
  let container: Docker.Container;
  try {
    container = await docker.createContainer({
      name,
      Image: spec.image,
      Entrypoint: ['sleep'],
      Cmd: [String(spec.lifetimeSeconds)],
      Labels: spec.labels,
      HostConfig: {
        AutoRemove: true,
        CapAdd: ['NET_ADMIN', 'NET_RAW'],
        ...placementHostConfig(spec.placement),
      },
    });
  } catch (error) {
    throw new TransientError(`could not create the toolbox for ${spec.nameHint}: ${dockerMessage(error)}`, {
      cause: error,
    });
  }
  try {
    await container.start();
  } catch (error) {
    await container
      .remove({ force: true })
      .catch(
        logUnlessGone(
          spec.logger,
          { toolbox: container.id },
          'could not remove a toolbox that failed to start',
        ),
      );
    // The target stopped between resolving it and joining it: the user can do something about that.
    if (/is not running|cannot join network/i.test(dockerMessage(error))) {
      throw new TargetUnavailableError(`${spec.nameHint} stopped before the toolbox could join it`);
    }
    throw new TransientError(`could not start the toolbox for ${spec.nameHint}: ${dockerMessage(error)}`, {
      cause: error,
    });
  }
  return container;
}

function placementHostConfig(placement: DockerPlacement): Docker.HostConfig {
  switch (placement.kind) {
    case 'container':
      // Its pids as well (as `kubectl debug --target` does), so that netstat -p, ss -p and ps show the
      // target's own processes, not only anonymous sockets.
      return {
        NetworkMode: `container:${placement.container.id}`,
        PidMode: `container:${placement.container.id}`,
      };
    case 'host':
      // The host's pids too, and CAP_SYS_PTRACE to read their open sockets, so that netstat -p and
      // ss -p name the processes behind the host's listeners (the point of `netstat host -tulpn`).
      return { NetworkMode: 'host', PidMode: 'host', CapAdd: ['NET_ADMIN', 'NET_RAW', 'SYS_PTRACE'] };
    case 'member':
      return { NetworkMode: placement.networkId };
    case 'sandbox':
      // CAP_SYS_ADMIN is what setns(2) into another namespace needs, and all that is needed: the seed
      // runs --privileged, which also fails outright on engines whose bounding set lacks a capability.
      return {
        NetworkMode: 'none',
        CapAdd: ['NET_ADMIN', 'NET_RAW', 'SYS_ADMIN'],
        Binds: [`${dockerNetnsDir}:${dockerNetnsDir}:ro`],
      };
  }
}
