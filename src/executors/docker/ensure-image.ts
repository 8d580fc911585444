import type Docker from 'dockerode';
import { OperatorError, TransientError } from '../../errors.js';
import { dockerMessage, dockerStatus } from './docker-errors.js';

/**
 * Makes sure the toolbox image is on this engine, pulling it when it is not, with progress ("pulling
 * netshoot-bot/netshoot:0.1.0: 3 of 7 layers"). A failed pull is transient (a registry can come back)
 * and its message names the image and the variable that chose it.
 */
export async function ensureImage(
  docker: Docker,
  image: string,
  onProgress?: (message: string) => void,
): Promise<void> {
  try {
    await docker.getImage(image).inspect();
    return;
  } catch (error) {
    if (dockerStatus(error) !== 404) {
      throw new TransientError(`could not inspect image ${image}: ${dockerMessage(error)}`, { cause: error });
    }
  }

  onProgress?.(`pulling ${image}`);
  try {
    const stream = await docker.pull(image);
    await new Promise<void>((resolve, reject) => {
      const layers = new Map<string, string>();
      docker.modem.followProgress(
        stream,
        (error) => (error ? reject(error) : resolve()),
        (event: { id?: string; status?: string; error?: string }) => {
          if (event.error) reject(new Error(event.error));
          if (!event.id || !event.status) return;
          const before = layers.get(event.id);
          layers.set(event.id, event.status);
          if (before !== event.status && /complete/i.test(event.status)) {
            const done = [...layers.values()].filter((status) => /complete/i.test(status)).length;
            onProgress?.(`pulling ${image}: ${done} of ${layers.size} layers`);
          }
        },
      );
    });
  } catch (error) {
    const said = `the toolbox image ${image} is not on this Docker engine and pulling it failed (${dockerMessage(error)})`;
    const fix =
      'ask an admin to build or load it (scripts/build-image), or to point NETSHOOT_IMAGE at an image this engine has';
    // A registry that has no such image will not have it on a retry: the worker is misconfigured.
    if (isMissingImage(error)) throw new OperatorError(said, [fix], { cause: error });
    throw new TransientError(`${said}; ${fix}`, { cause: error });
  }
}

/** The registry answered that the image is not there (or not for us), rather than failing to answer. */
function isMissingImage(error: unknown): boolean {
  return (
    dockerStatus(error) === 404 ||
    /not found|manifest unknown|pull access denied|repository does not exist/i.test(dockerMessage(error))
  );
}
