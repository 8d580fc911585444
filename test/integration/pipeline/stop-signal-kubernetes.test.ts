import { jest } from '@jest/globals';
import type { Executor, Session } from '../../../src/executors/executor.js';
import { describeWith } from '../../harness/infrastructure.js';
import { startKubeDouble, type KubeDouble } from '../../harness/kube/kube-double.js';
import { executorFor, sleepingPod } from '../../harness/kube/kube-fixtures.js';
import { doubleToolboxImage } from '../../harness/kube/toolbox-image.js';

jest.setTimeout(120_000);

/**
 * The Kubernetes executor's far side (an exec over the WebSocket, `timeout` in the toolbox) stops
 * ping with SIGINT at the deadline and on a cancel, so the result carries ping's statistics. The pod
 * pings its own address: the only traffic is inside the pod the test made.
 */
describeWith(['docker'], 'the stop signal on the Kubernetes executor, through the API-server double', () => {
  const image = doubleToolboxImage();
  let double: KubeDouble;
  let executor: Executor;
  let session: Session;
  let podIp: string;

  beforeAll(async () => {
    double = await startKubeDouble({ holderImage: image });
    executor = executorFor(double, image);
    await double.apply(sleepingPod('pinger', image));
    await double.waitForPodRunning('default', 'pinger');
    podIp = (await double.pod('default', 'pinger')).status!.podIP!;
    session = await executor.open({ kind: 'pod', name: 'pinger' }, { namespace: 'default' });
  });

  afterAll(async () => {
    await executor?.close();
    await double?.close();
  });

  it('ends ping at the deadline with SIGINT: timed out, its statistics in the result', async () => {
    const result = await session.run(['ping', '-c', '60', '-i', '0.5', podIp], {
      timeoutMs: 2500,
      stopSignal: 'SIGINT',
    });
    expect(result).toMatchObject({ timedOut: true, canceled: false, exitCode: 0, signal: null });
    expect(result.stdout).toMatch(/\d+ packets transmitted, [1-9]\d* received/);
  });

  it('ends ping on a cancel with SIGINT: canceled, its statistics in the result', async () => {
    const controller = new AbortController();
    let replies = 0;
    const pending = session.run(['ping', '-c', '60', '-i', '0.5', podIp], {
      timeoutMs: 60_000,
      stopSignal: 'SIGINT',
      signal: controller.signal,
      onOutput: (text) => {
        replies += text.split('\n').filter((line) => line.includes(' bytes from ')).length;
        if (replies >= 3) controller.abort();
      },
    });
    const result = await pending;
    expect(result).toMatchObject({ timedOut: false, canceled: true, exitCode: 0, signal: null });
    expect(result.stdout).toMatch(/\d+ packets transmitted, ([3-9]|\d\d) received/);
  });
});
