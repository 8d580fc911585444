import { jest } from '@jest/globals';
import { commands } from '../../../commands/index.js';
import { TargetNotFoundError } from '../../../src/errors.js';
import type { Executor } from '../../../src/executors/executor.js';
import { describeWith } from '../../harness/infrastructure.js';
import { startKubeDouble, type KubeDouble } from '../../harness/kube/kube-double.js';
import { clientsFor, executorFor, sleepingPod } from '../../harness/kube/kube-fixtures.js';
import { doubleToolboxImage } from '../../harness/kube/toolbox-image.js';
import { createPipeline, type Pipeline } from '../pipeline/pipeline-fixture.js';

jest.setTimeout(180_000);

describeWith(
  ['docker', 'redis'],
  "names as users write them: a Service's named port (nc pod/a svc/db pg) and a misspelt pod, through the worker and the Kubernetes executor, against the double",
  () => {
    const image = doubleToolboxImage();
    let double: KubeDouble;
    let executor: Executor;
    let pipeline: Pipeline;
    let clusterIp: string;

    beforeAll(async () => {
      double = await startKubeDouble({ holderImage: image });
      executor = executorFor(double, image);
      await double.apply(sleepingPod('frontend', image));
      await double.apply(
        sleepingPod('db-0', image, {
          labels: { app: 'db' },
          spec: {
            containers: [
              {
                name: 'db',
                image,
                command: ['nc', '-lk', '5432'],
                ports: [{ name: 'pg', containerPort: 5432 }],
              },
            ],
          },
        }),
      );
      // pg is 5432 by name; metrics names a port nothing listens on, so a wrong lookup shows.
      await double.apply({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'db', namespace: 'default' },
        spec: {
          selector: { app: 'db' },
          ports: [
            { name: 'metrics', port: 9187 },
            { name: 'pg', port: 5432, targetPort: 'pg' },
          ],
        },
      });
      // Headless: the address is the endpoint pod's own, so its port is the one the pod serves.
      await double.apply({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'db-direct', namespace: 'default' },
        spec: {
          clusterIP: 'None',
          selector: { app: 'db' },
          ports: [{ name: 'pg', port: 15432, targetPort: 'pg' }],
        },
      });
      await double.waitForPodRunning('default', 'frontend');
      await double.waitForPodRunning('default', 'db-0');
      const service = await clientsFor(double).core.readNamespacedService({
        name: 'db',
        namespace: 'default',
      });
      clusterIp = service.spec!.clusterIP!;
      pipeline = createPipeline(commands);
      await pipeline.startWorker({ executors: [executor] });
    });

    afterAll(async () => {
      await pipeline?.close();
      await executor?.close();
      await double?.close();
    });

    it("connects to the Service's ClusterIP at the port its name stands for", async () => {
      const jobId = await pipeline.submit('nc pod/frontend -vz svc/db pg');
      const outcome = await pipeline.queue.waitForOutcome(jobId, 90_000);
      expect(outcome.status).toBe('completed');
      const result = outcome.runs[0]!.result;
      expect(result.argv.slice(-2)).toEqual([clusterIp, '5432']);
      expect(result.exitCode).toBe(0);
    });

    it('finds a port closed when its name stands for a port nothing listens on', async () => {
      const jobId = await pipeline.submit('nc pod/frontend -z -w 2 svc/db metrics');
      const outcome = await pipeline.queue.waitForOutcome(jobId, 90_000);
      const result = outcome.runs[0]!.result;
      expect(result.argv.slice(-2)).toEqual([clusterIp, '9187']);
      expect(result.exitCode).toBe(1);
    });

    it("reaches a headless Service's endpoint pod at the container port its port's targetPort names", async () => {
      const jobId = await pipeline.submit('nc pod/frontend -vz svc/db-direct pg');
      const outcome = await pipeline.queue.waitForOutcome(jobId, 90_000);
      const result = outcome.runs[0]!.result;
      expect(result.argv.slice(-2)).toEqual([(await double.pod('default', 'db-0')).status!.podIP, '5432']);
      expect(result.exitCode).toBe(0);
    });

    it('refuses a port name the Service does not have, listing the ones it has', async () => {
      const lookup = executor.resolveServicePort!({ kind: 'svc', name: 'db' }, 'postgres', {
        namespace: 'default',
      });
      await expect(lookup).rejects.toThrow(TargetNotFoundError);
      await expect(lookup).rejects.toMatchObject({
        message: 'svc/db in namespace default has no port named postgres',
        hints: ['its ports: metrics, pg'],
      });
    });

    it('says "did you mean" with the pods of the namespace whose names are near a missing one', async () => {
      const opening = executor.open({ kind: 'pod', name: 'frontnd' }, { namespace: 'default' });
      await expect(opening).rejects.toThrow(TargetNotFoundError);
      await expect(opening).rejects.toMatchObject({
        message: 'pod frontnd not found in namespace default',
        hints: expect.arrayContaining(['did you mean: pod/frontend?']) as unknown,
      });
    });

    it('guesses nothing when no pod name is near', async () => {
      const opening = executor.open({ kind: 'pod', name: 'zzzzzzzz' }, { namespace: 'default' });
      await expect(opening).rejects.toMatchObject({
        hints: [expect.stringMatching(/^kubectl -n default get pods lists them/) as unknown],
      });
    });
  },
);
