import Docker from 'dockerode';
import { workerLabel } from '../../src/executors/docker/labels.js';

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

const benchLabel = { 'netshoot-bot.test': 'bench-end-to-end' };

/**
 * The bench's Docker rig: a user network from the engine's default pool (198.19.0.0/16 here, inside
 * 198.18.0.0/15), `count` target containers and one peer, all from the toolbox image the Docker tests
 * use, sleeping. The only traffic is the targets' pings to the peer.
 */
export async function createDockerTargets(
  image: string,
  suffix: string,
  count: number,
): Promise<DockerTargets> {
  const docker = new Docker();
  await docker
    .getImage(image)
    .inspect()
    .catch(() => {
      throw new Error(
        `the toolbox image ${image} is not on this engine: run scripts/build-image, or set NETSHOOT_IMAGE`,
      );
    });
  const networkName = `nbt-e2e-${suffix}`;
  const network = await docker.createNetwork({ Name: networkName, Driver: 'bridge', Labels: benchLabel });
  const containers: Docker.Container[] = [];
  const removeAll = async () => {
    await Promise.all(
      containers.map((container) => container.remove({ force: true }).catch(() => undefined)),
    );
    await network.remove().catch(() => undefined);
  };
  try {
    const subnet = (await network.inspect()).IPAM?.Config?.[0]?.Subnet ?? '';
    if (!/^198\.1[89]\./.test(subnet)) {
      throw new Error(
        `the bench network got ${subnet}, outside 198.18.0.0/15: set dockerd's default-address-pools`,
      );
    }
    const start = async (name: string) => {
      const container = await docker.createContainer({
        name,
        Image: image,
        Entrypoint: ['sleep'],
        // Bounded: a bench killed before its cleanup leaves nothing running for long.
        Cmd: ['1800'],
        Labels: benchLabel,
        HostConfig: { NetworkMode: networkName },
      });
      containers.push(container);
      await container.start();
      return container;
    };
    const peer = await start(`nbt-e2e-peer-${suffix}`);
    const targets = Array.from({ length: count }, (_, index) => `nbt-e2e-target-${suffix}-${index}`);
    await Promise.all(targets.map(start));
    const peerAddress = (await peer.inspect()).NetworkSettings.Networks[networkName]?.IPAddress;
    if (!peerAddress) throw new Error(`the peer container has no address on ${networkName}`);
    const toolboxesOf = (workerIds: readonly string[]) =>
      docker.listContainers({ all: true, filters: { label: workerIds.map((id) => `${workerLabel}=${id}`) } });
    return {
      targets,
      peerAddress,
      async toolboxesByWorker(workerIds) {
        const counts = new Map(workerIds.map((id) => [id, 0]));
        // One list per id: Docker ANDs label filters, and ids differ.
        for (const id of workerIds) {
          const running = (await toolboxesOf([id])).filter((toolbox) => toolbox.State === 'running');
          counts.set(id, running.length);
        }
        return counts;
      },
      async removeToolboxes(workerIds) {
        for (const id of workerIds) {
          const left = await toolboxesOf([id]);
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
      remove: removeAll,
    };
  } catch (error) {
    await removeAll();
    throw error;
  }
}
