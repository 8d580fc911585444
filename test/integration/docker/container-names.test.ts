import { TargetNotFoundError } from '../../../src/errors.js';
import { createDockerExecutor, type DockerExecutor } from '../../../src/executors/docker/docker-executor.js';
import { describeWith } from '../../harness/infrastructure.js';
import { createDockerRig, toolboxImage, type DockerRig } from './docker-rig.js';

/** A container written wrong gets the running names near it, as an unknown tool gets "did you mean". */
describeWith(['docker'], 'a missing container and the names near it', () => {
  let rig: DockerRig;
  let executor: DockerExecutor;

  beforeAll(async () => {
    rig = await createDockerRig();
    await rig.addContainer('target');
    executor = createDockerExecutor({
      image: toolboxImage,
      workerId: `test-names-${process.pid}`,
      reapIntervalMs: 0,
    });
  }, 60_000);

  afterAll(async () => {
    await executor?.close();
    await rig?.remove();
  }, 60_000);

  it('suggests the running container whose name is two letters swapped from the one written', async () => {
    const written = rig.name('target').replace('target', 'traget');
    const opening = executor.open({ kind: 'container', name: written }, { namespace: 'default' });
    await expect(opening).rejects.toThrow(TargetNotFoundError);
    await expect(opening).rejects.toMatchObject({
      message: `container/${written} does not exist on this Docker engine`,
      hints: [
        expect.stringMatching(new RegExp(`^did you mean: (.*, )?${rig.name('target')}(,|$)`)) as unknown,
      ],
    });
  });
});
