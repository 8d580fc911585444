import { jest } from '@jest/globals';
import type { V1Pod } from '@kubernetes/client-node';
import { describeWith } from '../../harness/infrastructure.js';
import { startKubeDouble, type KubeDouble } from '../../harness/kube/kube-double.js';
import { clientsFor } from '../../harness/kube/kube-fixtures.js';
import { doubleToolboxImage } from '../../harness/kube/toolbox-image.js';
import { waitFor } from '../../harness/wait-for.js';
import { createKubernetesExecutor } from '../../../src/executors/kubernetes/kubernetes-executor.js';
import type { KubeClients } from '../../../src/executors/kubernetes/kube-clients.js';
import { nodeToolboxLabels } from '../../../src/executors/kubernetes/labels.js';

jest.setTimeout(120_000);

describeWith(
  ['docker'],
  'node toolboxes: one hostNetwork pod per node, reused, removed when idle or left over',
  () => {
    const image = doubleToolboxImage();
    let double: KubeDouble;
    let clients: KubeClients;
    const toolboxPods = async () =>
      (
        await clients.core.listNamespacedPod({
          namespace: 'netshoot',
          labelSelector: 'app.kubernetes.io/managed-by=netshoot-bot',
        })
      ).items
        .map((pod) => pod.metadata!.name!)
        .sort();

    beforeAll(async () => {
      double = await startKubeDouble({
        holderImage: image,
        nodes: [
          { name: 'worker-a' },
          {
            name: 'control-plane',
            taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
          },
        ],
      });
      clients = clientsFor(double);
    });

    afterAll(async () => {
      await double?.close();
    });

    it('reuses one toolbox pod per node, tolerating its taints, and deletes it once idle', async () => {
      const executor = createKubernetesExecutor({
        clients,
        image,
        namespace: 'netshoot',
        cluster: 'test',
        nodeIdleMs: 1500,
        housekeepingMs: 500,
      });
      try {
        const sessions = await Promise.all(
          [1, 2, 3].map(() =>
            executor.open({ kind: 'node', name: 'control-plane' }, { namespace: 'default', jobId: '42' }),
          ),
        );
        for (const session of sessions)
          expect((await session.run(['true'], { timeoutMs: 10_000 })).exitCode).toBe(0);
        expect(await toolboxPods()).toEqual(['netshoot-node-control-plane']);
        const pod = await clients.core.readNamespacedPod({
          name: 'netshoot-node-control-plane',
          namespace: 'netshoot',
        });
        expect(pod.spec).toMatchObject({
          nodeName: 'control-plane',
          hostNetwork: true,
          tolerations: [{ operator: 'Exists' }],
          restartPolicy: 'Never',
        });
        expect(pod.metadata!.labels).toMatchObject({
          'app.kubernetes.io/managed-by': 'netshoot-bot',
          'netshoot-bot/node': 'control-plane',
          'netshoot-bot/job': '42',
        });
        await waitFor(async () => (await toolboxPods()).length === 0, {
          what: 'the idle node toolbox pod deleted',
          everyMs: 250,
        });
      } finally {
        await executor.close();
      }
    });

    it("reaps a crashed worker's ended toolbox pod on start, and leaves another worker's running one alone", async () => {
      const leftover = (name: string, node: string, seconds: string): V1Pod => ({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace: 'netshoot', labels: nodeToolboxLabels(node, 'test') },
        spec: {
          nodeName: node,
          hostNetwork: true,
          restartPolicy: 'Never',
          containers: [{ name: 'toolbox', image, command: ['sleep', seconds] }],
        },
      });
      await double.apply(leftover('netshoot-node-ended', 'worker-a', '0'));
      await double.apply(leftover('netshoot-node-busy', 'worker-a', '600'));
      await double.waitForPodRunning('netshoot', 'netshoot-node-busy');
      await waitFor(
        async () => (await double.pod('netshoot', 'netshoot-node-ended')).status?.phase === 'Succeeded',
        { what: 'the leftover netshoot-node-ended pod Succeeded', everyMs: 250 },
      );
      const executor = createKubernetesExecutor({ clients, image, namespace: 'netshoot', cluster: 'test' });
      try {
        expect(await executor.reap()).toBe(1);
        expect(await toolboxPods()).toEqual(['netshoot-node-busy']);
      } finally {
        await executor.close();
      }
    });
  },
);
