import type Docker from 'dockerode';
import { TargetNotFoundError, TargetUnavailableError, TransientError } from '../../../errors.js';
import { dockerMessage, dockerStatus } from '../docker-errors.js';

/**
 * service/NAME: the container of a running task of that Swarm service on this engine (SPEC 3). A
 * toolbox can only join a namespace on its own engine, so tasks on other nodes do not count; the
 * error says where they run.
 */
export async function resolveSwarmServiceContainer(docker: Docker, name: string): Promise<string> {
  const written = `service/${name}`;
  try {
    await docker.getService(name).inspect();
  } catch (error) {
    const status = dockerStatus(error);
    if (status === 404) throw new TargetNotFoundError(`${written}: no Swarm service of that name`);
    if (status === 503) {
      throw new TargetUnavailableError(`${written}: this Docker engine is not part of a Swarm`, [
        'service/ targets need a Swarm manager; for a plain container use container/NAME',
      ]);
    }
    throw new TransientError(`could not inspect service ${name}: ${dockerMessage(error)}`, { cause: error });
  }

  const [info, tasks] = await Promise.all([
    docker.info() as Promise<{ Swarm?: { NodeID?: string } }>,
    docker.listTasks({ filters: { service: [name], 'desired-state': ['running'] } }) as Promise<SwarmTask[]>,
  ]);
  const running = tasks.filter((task) => task.Status?.State === 'running');
  const here = running.find(
    (task) => task.NodeID === info.Swarm?.NodeID && task.Status?.ContainerStatus?.ContainerID,
  );
  if (here) return here.Status!.ContainerStatus!.ContainerID!;
  if (running.length > 0) {
    throw new TargetUnavailableError(
      `${written}: its running tasks are on other Swarm nodes, not this engine`,
      ['run a worker on a node that has one of its tasks'],
    );
  }
  throw new TargetUnavailableError(`${written} has no running task`, [`docker service ps ${name} says why`]);
}

/** The fields of a Swarm task that matter here (dockerode types tasks as `any`). */
interface SwarmTask {
  readonly NodeID?: string;
  readonly Status?: { readonly State?: string; readonly ContainerStatus?: { readonly ContainerID?: string } };
}
