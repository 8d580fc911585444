import { workerLabel } from '../../src/executors/docker/labels.js';
import { createDockerRig } from '../../test/integration/docker/docker-rig.js';

export interface DockerTargets {
  /** Target container names, each a `container/NAME` the commands run in. */
  readonly targets: readonly string[];
  /** The address of the peer container on the bench network: what the targets ping. */
  readonly peerAddress: string;
  /** How many toolboxes each worker id holds now (running, labelled by the Docker executor). */
  toolboxesByWorker(workerIds: readonly string[]): Promise<Map<string, number>>;
  /** Force-removes the toolboxes of these worker ids (the workers' own stop removes them first). */
  removeToolboxes(workerIds: readonly string[]): Promise<void>;
  remove(): Promise<void>;
}

/**
 * The bench's targets on the Docker tests' rig (test/integration/docker/docker-rig.ts): a user network
 * from the engine's pool (198.19.0.0/16 here, inside 198.18.0.0/15), `count` target containers and one
 * peer, from the toolbox image the tests use. The only traffic is the targets' pings to the peer.
 */
export async function createDockerTargets(count: number): Promise<DockerTargets> {
  const rig = await createDockerRig();
  const { docker } = rig;
  try {
    const subnet = (await docker.getNetwork(rig.networkName).inspect()).IPAM?.Config?.[0]?.Subnet ?? '';
    if (!/^198\.1[89]\./.test(subnet)) {
      throw new Error(
        `the bench network got ${subnet}, outside 198.18.0.0/15: set dockerd's default-address-pools`,
      );
    }
    // Bounded: a bench killed before its clean-up leaves nothing running for long; longer than a run.
    const sleep = ['sleep', '1800'];
    const peer = await rig.addContainer('e2e-peer', sleep);
    const roles = Array.from({ length: count }, (_, index) => `e2e-target-${index}`);
    await Promise.all(roles.map((role) => rig.addContainer(role, sleep)));
    const peerAddress = (await peer.inspect()).NetworkSettings.Networks[rig.networkName]?.IPAddress;
    if (!peerAddress) throw new Error(`the peer container has no address on ${rig.networkName}`);
    // One list per id: Docker ANDs label filters.
    const toolboxesOf = (id: string) =>
      docker.listContainers({ all: true, filters: { label: [`${workerLabel}=${id}`] } });
    return {
      targets: roles.map((role) => rig.name(role)),
      peerAddress,
      async toolboxesByWorker(workerIds) {
        const counts = new Map<string, number>();
        for (const id of workerIds) {
          counts.set(id, (await toolboxesOf(id)).filter((toolbox) => toolbox.State === 'running').length);
        }
        return counts;
      },
      async removeToolboxes(workerIds) {
        for (const id of workerIds) {
          const left = await toolboxesOf(id);
          await Promise.all(
            left.map((toolbox) =>
              docker
                .getContainer(toolbox.Id)
                .remove({ force: true })
                .catch(() => undefined),
            ),
          );
        }
      },
      remove: () => rig.remove(),
    };
  } catch (error) {
    await rig.remove();
    throw error;
  }
}
