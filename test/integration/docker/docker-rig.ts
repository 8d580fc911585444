import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Docker from 'dockerode';

/**
 * The Docker test rig: a user-defined network from the engine's default pool (198.19.0.0/16) and
 * target containers made from the toolbox image itself, all labelled so that a rig can be found and
 * removed even after a crashed run. Only these containers receive test traffic.
 */
export const rigLabel = 'netshoot-bot.test';
export const rigLabelValue = 'docker-executor';

const version = (
  JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** The toolbox under test: NETSHOOT_IMAGE when set, else the project's image as scripts/build-image tags it. */
export const toolboxImage = process.env.NETSHOOT_IMAGE ?? `netshoot-bot/netshoot:${version}`;

export interface DockerRig {
  readonly docker: Docker;
  readonly networkName: string;
  /** Starts a target container on the rig's network running `command` (default: sleep). */
  addContainer(role: string, command?: string[]): Promise<Docker.Container>;
  /** A name unique to this rig, for containers made outside it. */
  name(role: string): string;
  remove(): Promise<void>;
}

export async function createDockerRig(): Promise<DockerRig> {
  const docker = new Docker();
  await docker
    .getImage(toolboxImage)
    .inspect()
    .catch(() => {
      throw new Error(
        `the toolbox image ${toolboxImage} is not on this engine: run scripts/build-image, or set NETSHOOT_IMAGE`,
      );
    });
  const suffix = randomBytes(3).toString('hex');
  const networkName = `nbt-docker-${suffix}`;
  const network = await docker.createNetwork({
    Name: networkName,
    Driver: 'bridge',
    Labels: { [rigLabel]: rigLabelValue },
  });
  const containers: Docker.Container[] = [];
  const name = (role: string): string => `nbt-${role}-${suffix}`;
  return {
    docker,
    networkName,
    name,
    async addContainer(role, command = ['sleep', '900']) {
      const container = await docker.createContainer({
        name: name(role),
        Image: toolboxImage,
        Entrypoint: [command[0]!],
        Cmd: command.slice(1),
        Labels: { [rigLabel]: rigLabelValue },
        HostConfig: { NetworkMode: networkName, AutoRemove: false },
      });
      containers.push(container);
      await container.start();
      return container;
    },
    async remove() {
      await Promise.all(
        containers.map((container) => container.remove({ force: true }).catch(() => undefined)),
      );
      await network.remove().catch(() => undefined);
    },
  };
}
