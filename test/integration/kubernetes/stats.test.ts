import { jest } from '@jest/globals';
import { describeWith } from '../../harness/infrastructure.js';
import { startKubeDouble, type KubeDouble } from '../../harness/kube/kube-double.js';
import { executorFor, sleepingPod } from '../../harness/kube/kube-fixtures.js';
import { doubleToolboxImage } from '../../harness/kube/toolbox-image.js';
import { mebibytes, millicores } from '../../../src/executors/kubernetes/kubernetes-stats.js';
import type { Executor } from '../../../src/executors/executor.js';

jest.setTimeout(120_000);

describe('Kubernetes quantities in the stats table', () => {
  it.each([
    ['250m', '250'],
    ['2', '2000'],
    ['12345678n', '12'],
    ['1500u', '2'],
  ])('reads CPU %s as %s millicores', (quantity, expected) => {
    expect(millicores(quantity)).toBe(expected);
  });

  it.each([
    ['65536Ki', '64'],
    ['1Gi', '1024'],
    ['64Mi', '64'],
    ['1048576', '1'],
  ])('reads memory %s as %s MiB', (quantity, expected) => {
    expect(mebibytes(quantity)).toBe(expected);
  });
});

describeWith(['docker'], 'stats on Kubernetes targets, from metrics-server, through the double', () => {
  const image = doubleToolboxImage();
  let double: KubeDouble;
  let executor: Executor;

  beforeAll(async () => {
    double = await startKubeDouble({ holderImage: image });
    executor = executorFor(double, image);
    await double.apply(
      sleepingPod('busy', image, {
        spec: { containers: [{ name: 'spin', image, command: ['sh', '-c', 'while :; do :; done'] }] },
      }),
    );
    await double.waitForPodRunning('default', 'busy');
  });

  afterAll(async () => {
    await executor?.close();
    await double?.close();
  });

  it("shows a pod's containers with state, restarts and CPU, the busy loop near a whole core", async () => {
    const result = await executor.stats!({ kind: 'pod', name: 'busy' }, { namespace: 'default' });
    const [head, header, row] = result.stdout.split('\n');
    expect(head).toMatch(/^pod busy \(ns default\) on node double-node-1, Running, IP 198\.18\.200\.\d+$/);
    expect(header).toMatch(/^CONTAINER\s+STATE\s+READY\s+RESTARTS\s+CPU\(m\)\s+MEMORY\(Mi\)$/);
    const cells = row!.split(/\s+/);
    expect(cells.slice(0, 4)).toEqual(['spin', 'running', 'yes', '0']);
    expect(Number(cells[4])).toBeGreaterThan(300);
  });

  it("shows a node's usage and its pods, busiest first", async () => {
    const result = await executor.stats!({ kind: 'node', name: 'double-node-1' }, { namespace: 'default' });
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(
      /^node double-node-1: CPU \d+m of \d+ allocatable, memory \d+Mi of \d+Ki; 1 pods$/,
    );
    expect(lines[2]).toMatch(/^default\/busy\s+Running\s+\d+\s+\d+$/);
  });
});

describeWith(['docker'], 'stats without metrics-server', () => {
  const image = doubleToolboxImage();
  let double: KubeDouble;
  let executor: Executor;

  beforeAll(async () => {
    double = await startKubeDouble({ holderImage: image, metrics: false });
    executor = executorFor(double, image);
    await double.apply(sleepingPod('quiet', image));
    await double.waitForPodRunning('default', 'quiet');
  });

  afterAll(async () => {
    await executor?.close();
    await double?.close();
  });

  it('still shows states and restarts, and says why the numbers are missing', async () => {
    const result = await executor.stats!({ kind: 'pod', name: 'quiet' }, { namespace: 'default' });
    const lines = result.stdout.split('\n');
    expect(lines[1]).toBe(
      'metrics-server does not answer here (metrics.k8s.io), so CPU and memory are not shown; states and restarts are',
    );
    expect(lines[3]!.split(/\s+/)).toEqual(['app', 'running', 'yes', '0', '-', '-']);
  });
});
