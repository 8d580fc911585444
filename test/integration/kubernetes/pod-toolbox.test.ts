import { jest } from '@jest/globals';
import { describeWith } from '../../harness/infrastructure.js';
import { startKubeDouble, type KubeDouble } from '../../harness/kube/kube-double.js';
import { clientsFor, sleepingPod } from '../../harness/kube/kube-fixtures.js';
import { doubleToolboxImage } from '../../harness/kube/toolbox-image.js';
import { createKubernetesExecutor } from '../../../src/executors/kubernetes/kubernetes-executor.js';
import type { Executor } from '../../../src/executors/executor.js';

jest.setTimeout(120_000);

describeWith(['docker'], 'the Kubernetes executor in pods, through the API-server double', () => {
  const image = doubleToolboxImage();
  let double: KubeDouble;
  let executor: Executor;

  beforeAll(async () => {
    double = await startKubeDouble({ holderImage: image });
    executor = createKubernetesExecutor({
      clients: clientsFor(double),
      image,
      namespace: 'netshoot',
      cluster: 'test',
    });
    await double.apply(sleepingPod('web', image));
    await double.waitForPodRunning('default', 'web');
  });

  afterAll(async () => {
    await executor?.close();
    await double?.close();
  });

  it('runs a command in the pod network namespace and reports its exit status', async () => {
    const session = await executor.open({ kind: 'pod', name: 'web' }, { namespace: 'default' });
    const pod = await double.pod('default', 'web');
    const result = await session.run(['ip', '-4', '-o', 'addr', 'show', 'dev', 'eth0'], {
      timeoutMs: 10_000,
    });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(pod.status!.podIP!);
    const failing = await session.run(['ls', '/no-such-path'], { timeoutMs: 10_000 });
    expect(failing.exitCode).toBe(2);
    expect(failing.stderr).toContain('No such file');
  });

  it('leaves exactly one ephemeral container after ten commands on one pod', async () => {
    for (let i = 0; i < 10; i += 1) {
      const session = await executor.open({ kind: 'pod', name: 'web' }, { namespace: 'default' });
      const result = await session.run(['true'], { timeoutMs: 10_000 });
      expect(result.exitCode).toBe(0);
    }
    const pod = await double.pod('default', 'web');
    expect(pod.spec!.ephemeralContainers!.map((c) => c.name)).toEqual([
      expect.stringMatching(/^netshoot-[0-9a-f]{6}$/),
    ]);
    expect(pod.spec!.ephemeralContainers![0]!.securityContext!.capabilities!.add).toEqual([
      'NET_ADMIN',
      'NET_RAW',
    ]);
  });
});
