import { jest } from '@jest/globals';
import { commands } from '../../../commands/index.js';
import type { Executor } from '../../../src/executors/executor.js';
import { describeWith } from '../../harness/infrastructure.js';
import { startKubeDouble, type KubeDouble } from '../../harness/kube/kube-double.js';
import { clientsFor, executorFor, dnsServerCommand, sleepingPod } from '../../harness/kube/kube-fixtures.js';
import { doubleToolboxImage } from '../../harness/kube/toolbox-image.js';
import { createPipeline, type Pipeline } from '../pipeline/pipeline-fixture.js';

jest.setTimeout(180_000);

describeWith(
  ['docker', 'redis'],
  'commands through the queue, the worker and the Kubernetes executor, against the double',
  () => {
    const image = doubleToolboxImage();
    let double: KubeDouble;
    let executor: Executor;
    let pipeline: Pipeline;

    beforeAll(async () => {
      double = await startKubeDouble({ holderImage: image });
      executor = executorFor(double, image);
      await double.apply(
        sleepingPod('dns', image, {
          spec: {
            containers: [
              { name: 'dns', image, command: dnsServerCommand({ 'db.netshoot.test': '198.18.201.7' }) },
            ],
          },
        }),
      );
      const dns = await double.waitForPodRunning('default', 'dns');
      await double.apply(
        sleepingPod('frontend', image, {
          spec: {
            dnsPolicy: 'None',
            dnsConfig: { nameservers: [dns.status!.podIP!], searches: ['netshoot.test'] },
          },
        }),
      );
      await double.apply(
        sleepingPod('db-0', image, {
          labels: { app: 'db' },
          spec: { containers: [{ name: 'db', image, command: ['nc', '-lk', '5432'] }] },
        }),
      );
      await double.apply({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'db', namespace: 'default' },
        spec: { selector: { app: 'db' }, ports: [{ name: 'pg', port: 5432 }] },
      });
      await double.waitForPodRunning('default', 'frontend');
      await double.waitForPodRunning('default', 'db-0');
      pipeline = createPipeline(commands);
      await pipeline.startWorker({ executors: [executor] });
    });

    afterAll(async () => {
      await pipeline?.close();
      await executor?.close();
      await double?.close();
    });

    async function runLine(line: string) {
      const jobId = await pipeline.submit(line);
      return pipeline.queue.waitForOutcome(jobId, 90_000);
    }

    it('runs dig in a pod, answered by the DNS pod through the pod resolver', async () => {
      const outcome = await runLine('dig pod/frontend db.netshoot.test +short');
      expect(outcome.status).toBe('completed');
      expect(outcome.runs[0]!.result.stdout.trim()).toBe('198.18.201.7');
    });

    it("connects with nc to a Service written as a target, through the Service's ClusterIP", async () => {
      const outcome = await runLine('nc pod/frontend -vz svc/db 5432');
      const service = await clientsFor(double).core.readNamespacedService({
        name: 'db',
        namespace: 'default',
      });
      const clusterIp = service.spec!.clusterIP!;
      expect(outcome.status).toBe('completed');
      expect(outcome.runs[0]!.result.argv).toContain(clusterIp);
      expect(outcome.runs[0]!.result.exitCode).toBe(0);
    });

    it('runs iperf3 between two pods, the server in the first and the client in the second', async () => {
      const outcome = await runLine('iperf3 pod/db-0 pod/frontend -t 1');
      expect(outcome.status).toBe('completed');
      expect(outcome.runs.map((run) => run.side)).toEqual(['server', 'client']);
      const client = outcome.runs[1]!.result;
      expect(client.exitCode).toBe(0);
      expect(client.argv).toContain((await double.pod('default', 'db-0')).status!.podIP);
    });

    it("shows a node's routes with ip route on node/", async () => {
      const outcome = await runLine('ip node/double-node-1 route show');
      expect(outcome.status).toBe('completed');
      expect(outcome.runs[0]!.result.stdout).toContain('198.18.200.0/24');
    });

    it('leaves one ephemeral toolbox per pod after all of this', async () => {
      for (const pod of ['frontend', 'db-0']) {
        expect((await double.pod('default', pod)).spec!.ephemeralContainers).toHaveLength(1);
      }
    });
  },
);
