import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { jest } from '@jest/globals';
import { describeWith } from '../../harness/infrastructure.js';
import { startKubeDouble, type KubeDouble } from '../../harness/kube/kube-double.js';
import { executorFor, sleepingPod } from '../../harness/kube/kube-fixtures.js';
import { doubleToolboxImage } from '../../harness/kube/toolbox-image.js';
import { waitFor } from '../../harness/wait-for.js';
import type { Executor } from '../../../src/executors/executor.js';

jest.setTimeout(120_000);
const run = promisify(execFile);

describeWith(['docker'], 'the Kubernetes executor in pods, through the API-server double', () => {
  const image = doubleToolboxImage();
  let double: KubeDouble;
  let executor: Executor;

  beforeAll(async () => {
    double = await startKubeDouble({ holderImage: image });
    executor = executorFor(double, image);
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

  it('reuses the running toolbox after a worker restart, and shares one between racing workers', async () => {
    await double.apply(sleepingPod('raced', image));
    await double.waitForPodRunning('default', 'raced');
    const others = [1, 2, 3].map(() => executorFor(double, image));
    try {
      // Three workers and three jobs each at once: the resourceVersion in the patch lets one win.
      const opened = await Promise.all(
        others.flatMap((worker) =>
          [1, 2, 3].map(() => worker.open({ kind: 'pod', name: 'raced' }, { namespace: 'default' })),
        ),
      );
      const results = await Promise.all(
        opened.map((session) => session.run(['hostname'], { timeoutMs: 10_000 })),
      );
      expect(results.every((result) => result.exitCode === 0)).toBe(true);
      const restarted = executorFor(double, image);
      await (
        await restarted.open({ kind: 'pod', name: 'raced' }, { namespace: 'default' })
      ).run(['true'], { timeoutMs: 10_000 });
      await restarted.close();
      expect((await double.pod('default', 'raced')).spec!.ephemeralContainers).toHaveLength(1);
    } finally {
      await Promise.all(others.map((worker) => worker.close()));
    }
  });

  it('kills the remote process at the deadline, where closing the stream alone would leave it running', async () => {
    const session = await executor.open({ kind: 'pod', name: 'web' }, { namespace: 'default' });
    const result = await session.run(['sleep', '41'], { timeoutMs: 1500 });
    expect(result.timedOut).toBe(true);
    expect(result.exitCode).toBe(124);
    const left = await session.run(['pgrep', '-f', '^sleep 41$'], { timeoutMs: 5000 });
    expect(left.stdout).toBe('');
  });

  it('kills the remote process on cancel and says the run was canceled', async () => {
    const session = await executor.open({ kind: 'pod', name: 'web' }, { namespace: 'default' });
    const controller = new AbortController();
    const running = session.run(['sleep', '42'], { timeoutMs: 30_000, signal: controller.signal });
    await waitFor(
      async () =>
        (await session.run(['pgrep', '-f', '^sleep 42$'], { timeoutMs: 5000 })).stdout.trim() !== '',
      { what: 'sleep 42 running in the toolbox' },
    );
    const started = Date.now();
    controller.abort();
    const result = await running;
    expect(result.canceled).toBe(true);
    expect(result.timedOut).toBe(false);
    expect(Date.now() - started).toBeLessThan(5000);
    const left = await session.run(['pgrep', '-f', '^sleep 42$'], { timeoutMs: 5000 });
    expect(left.stdout).toBe('');
  });

  it('starts the toolbox as root with its capabilities in a pod that runs as non-root', async () => {
    await double.apply(
      sleepingPod('non-root', image, { spec: { securityContext: { runAsNonRoot: true, runAsUser: 1000 } } }),
    );
    await double.waitForPodRunning('default', 'non-root');
    // What the kubelet does to a root container in this pod, and so to a toolbox that did not say root.
    await double.apply(
      sleepingPod('non-root-refused', image, { spec: { securityContext: { runAsNonRoot: true } } }),
    );
    const refused = await waitFor(
      async () =>
        (await double.pod('default', 'non-root-refused')).status?.containerStatuses?.[0]?.state?.waiting,
      { what: 'the double marking the root container of non-root-refused as waiting' },
    );
    expect(refused).toEqual({
      reason: 'CreateContainerConfigError',
      message: 'container has runAsNonRoot and image will run as root',
    });
    const session = await executor.open({ kind: 'pod', name: 'non-root' }, { namespace: 'default' });
    const id = await session.run(['id', '-u'], { timeoutMs: 10_000 });
    expect(id.stdout.trim()).toBe('0');
    const app = await double.pod('default', 'non-root');
    expect(app.spec!.ephemeralContainers![0]!.securityContext).toMatchObject({
      runAsUser: 0,
      runAsNonRoot: false,
    });
  });

  it('replaces a toolbox that ended: the next open starts a new one, the old one stays as the API requires', async () => {
    await double.apply(sleepingPod('expiring', image));
    await double.waitForPodRunning('default', 'expiring');
    const first = await executor.open({ kind: 'pod', name: 'expiring' }, { namespace: 'default' });
    expect((await first.run(['true'], { timeoutMs: 10_000 })).exitCode).toBe(0);
    const [toolbox] = (await double.pod('default', 'expiring')).spec!.ephemeralContainers!;
    // As when its sleep runs out.
    await run('docker', ['kill', double.dockerName('default', 'expiring', toolbox!.name)]);
    const second = await executor.open({ kind: 'pod', name: 'expiring' }, { namespace: 'default' });
    expect((await second.run(['true'], { timeoutMs: 10_000 })).exitCode).toBe(0);
    const pod = await double.pod('default', 'expiring');
    expect(pod.spec!.ephemeralContainers).toHaveLength(2);
    expect(pod.status!.ephemeralContainerStatuses!.filter((status) => status.state?.running)).toHaveLength(1);
  });
});
