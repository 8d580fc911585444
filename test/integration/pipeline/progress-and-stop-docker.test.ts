import { commands } from '../../../commands/index.js';
import { createDockerExecutor, type DockerExecutor } from '../../../src/executors/docker/docker-executor.js';
import { describeWith } from '../../harness/infrastructure.js';
import { createDockerRig, toolboxImage, type DockerRig } from '../docker/docker-rig.js';
import { pingCutShortCases } from './ping-cut-short.js';
import { createPipeline, type Pipeline } from './pipeline-fixture.js';

describeWith(
  ['docker', 'redis'],
  'live progress and results cut short, on the Docker executor (the far side stops the tool)',
  () => {
    let rig: DockerRig;
    let executor: DockerExecutor;
    let pipeline: Pipeline;
    let pinged: string;
    const workerId = `test-progress-${process.pid}`;

    beforeAll(async () => {
      rig = await createDockerRig();
      await rig.addContainer('pinger');
      const target = await rig.addContainer('pinged');
      pinged = (await target.inspect()).NetworkSettings.Networks[rig.networkName]!.IPAddress;
      executor = createDockerExecutor({ image: toolboxImage, workerId, reapIntervalMs: 0 });
      pipeline = createPipeline(commands);
      await pipeline.startWorker({ executors: [executor] });
    }, 60_000);

    afterAll(async () => {
      await pipeline?.close();
      await executor?.close();
      await rig?.remove();
    }, 60_000);

    pingCutShortCases(() => ({ pipeline, from: `container/${rig.name('pinger')}`, to: pinged }));
  },
);
