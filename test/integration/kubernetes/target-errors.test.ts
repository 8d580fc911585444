import { jest } from '@jest/globals';
import { describeWith } from '../../harness/infrastructure.js';
import { startKubeDouble, type KubeDouble } from '../../harness/kube/kube-double.js';
import { executorFor, sleepingPod } from '../../harness/kube/kube-fixtures.js';
import { doubleToolboxImage } from '../../harness/kube/toolbox-image.js';
import type { Executor } from '../../../src/executors/executor.js';
import { UserError } from '../../../src/errors.js';
import type { TargetRef } from '../../../src/grammar/target.js';

jest.setTimeout(120_000);

async function userErrorOf(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof UserError)) throw new Error(`expected a UserError, got ${String(error)}`);
  return error;
}

describeWith(['docker'], 'Kubernetes targets that cannot be used, and what the user is told', () => {
  const image = doubleToolboxImage();
  let double: KubeDouble;
  let executor: Executor;
  const open = (target: TargetRef, namespace = 'default') => executor.open(target, { namespace });

  beforeAll(async () => {
    double = await startKubeDouble({ holderImage: image });
    executor = executorFor(double, image);
    await double.apply({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'locked', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } },
    });
    // An application pod as restricted wants it: non-root, no privilege escalation, no capabilities.
    await double.apply(
      sleepingPod('guarded', image, {
        namespace: 'locked',
        spec: {
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 1000,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          containers: [
            {
              name: 'app',
              image,
              command: ['sleep', 'infinity'],
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
            },
          ],
        },
      }),
    );
    await double.apply({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'shop', labels: { 'pod-security.kubernetes.io/enforce': 'baseline' } },
    });
    await double.apply(sleepingPod('cart', image, { namespace: 'shop' }));
    await double.apply(sleepingPod('stuck', image, { spec: { nodeName: 'no-such-node' } }));
    await double.apply(sleepingPod('web-old', image, { labels: { app: 'web' } }));
    await double.waitForPodRunning('default', 'web-old');
    await double.apply(sleepingPod('web-new', image, { labels: { app: 'web' } }));
    await double.apply({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image }] } },
      },
    });
    await double.apply({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'nothing-ready', namespace: 'default' },
      spec: {
        serviceName: 'x',
        selector: { matchLabels: { app: 'stuck' } },
        template: { metadata: { labels: { app: 'stuck' } }, spec: { containers: [{ name: 'app', image }] } },
      },
    });
    await double.apply({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'empty', namespace: 'default' },
      spec: { selector: { app: 'none' }, ports: [{ port: 80 }] },
    });
    await double.waitForPodRunning('locked', 'guarded');
    await double.waitForPodRunning('shop', 'cart');
    await double.waitForPodRunning('default', 'web-new');
  });

  afterAll(async () => {
    await executor?.close();
    await double?.close();
  });

  it('says a pod that does not exist is not found, with its namespace', async () => {
    const error = await userErrorOf(open({ kind: 'pod', name: 'nope' }));
    expect(error.kind).toBe('target-not-found');
    expect(error.message).toBe('pod nope not found in namespace default');
  });

  it('says a pod that is not running is Pending', async () => {
    const error = await userErrorOf(open({ kind: 'pod', name: 'stuck' }));
    expect(error.kind).toBe('target-unavailable');
    expect(error.message).toMatch(/^pod stuck is Pending/);
  });

  it('says a Service without Ready endpoints has none, naming the Service and namespace', async () => {
    const error = await userErrorOf(open({ kind: 'svc', name: 'empty' }));
    expect(error.message).toBe('no Ready endpoints for svc/empty in namespace default');
  });

  it('says a workload without a Ready pod has none, and why its pods are not', async () => {
    const error = await userErrorOf(open({ kind: 'sts', name: 'nothing-ready' }));
    expect(error.message).toBe('no Ready pods for sts/nothing-ready in namespace default');
    expect(error.hints).toContain('pod stuck is Pending');
  });

  it('picks the oldest Ready pod of a Deployment and says which', async () => {
    const progress: string[] = [];
    const session = await executor.open(
      { kind: 'deploy', name: 'web' },
      { namespace: 'default', onProgress: (message) => progress.push(message) },
    );
    const ip = (await session.run(['ip', '-4', '-o', 'addr', 'show', 'dev', 'eth0'], { timeoutMs: 10_000 }))
      .stdout;
    expect(ip).toContain((await double.pod('default', 'web-old')).status!.podIP);
    expect(progress).toContain('picked pod/web-old, the oldest Ready of 2');
  });

  it('says a node that does not exist is not found', async () => {
    const error = await userErrorOf(open({ kind: 'node', name: 'nope' }));
    expect(error.message).toBe('node nope not found');
  });

  it('explains a Pod Security refusal of the toolbox and what an admin can do', async () => {
    const error = await userErrorOf(open({ kind: 'pod', name: 'guarded' }, 'locked'));
    expect(error.kind).toBe('forbidden');
    expect(error.message).toBe(
      'Pod Security (restricted) in namespace locked refuses the toolbox in pod guarded: its tools run as root with NET_RAW (and NET_ADMIN where allowed)',
    );
    expect(error.hints.join('\n')).toContain('violates PodSecurity "restricted:latest"');
    expect(error.hints.join('\n')).toContain(
      'pod-security.kubernetes.io/enforce=baseline (most tools) or =privileged (all) on namespace locked',
    );
    expect((await double.pod('locked', 'guarded')).spec!.ephemeralContainers ?? []).toEqual([]);
  });

  it('runs a narrower toolbox under Pod Security baseline, and says what it cannot do', async () => {
    const progress: string[] = [];
    const session = await executor.open(
      { kind: 'pod', name: 'cart' },
      { namespace: 'shop', onProgress: (message) => progress.push(message) },
    );
    expect(progress).toContain(
      'Pod Security (baseline) in namespace shop forbids NET_ADMIN: the toolbox runs with NET_RAW only, so firewall and conntrack tools and promiscuous capture are unavailable in pod cart',
    );
    const [toolbox] = (await double.pod('shop', 'cart')).spec!.ephemeralContainers!;
    expect(toolbox!.securityContext!.capabilities!.add).toEqual(['NET_RAW']);
    expect(
      (await session.run(['ping', '-c', '1', '-W', '2', '127.0.0.1'], { timeoutMs: 10_000 })).exitCode,
    ).toBe(0);
    const admin = await session.run(['ip', 'link', 'set', 'lo', 'promisc', 'on'], { timeoutMs: 10_000 });
    expect(admin.exitCode).not.toBe(0);
    expect(admin.stderr).toContain('Operation not permitted');
  });
});

describeWith(['docker'], 'a cluster without ephemeral containers', () => {
  const image = doubleToolboxImage();
  let double: KubeDouble;
  let executor: Executor;

  beforeAll(async () => {
    double = await startKubeDouble({ holderImage: image, ephemeralContainers: false });
    executor = executorFor(double, image);
    await double.apply(sleepingPod('old-cluster-pod', image));
    await double.waitForPodRunning('default', 'old-cluster-pod');
  });

  afterAll(async () => {
    await executor?.close();
    await double?.close();
  });

  it('answers 404 to the subresource, and the user is told why and to use the node instead', async () => {
    const error = await userErrorOf(
      executor.open({ kind: 'pod', name: 'old-cluster-pod' }, { namespace: 'default' }),
    );
    expect(error.kind).toBe('target-unavailable');
    expect(error.message).toBe(
      'this cluster does not serve ephemeral containers, so the toolbox cannot join pod old-cluster-pod',
    );
    expect(error.hints[0]).toContain('Kubernetes 1.23 or later');
    expect(error.hints[1]).toContain('node/double-node-1');
    expect(
      double.accessLog.some((entry) => entry.subresource === 'ephemeralcontainers' && entry.code === 404),
    ).toBe(true);
  });
});
