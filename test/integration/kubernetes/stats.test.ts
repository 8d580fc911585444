import { jest } from '@jest/globals';
import type { V1Pod } from '@kubernetes/client-node';
import { describeWith } from '../../harness/infrastructure.js';
import { startKubeDouble, type KubeDouble } from '../../harness/kube/kube-double.js';
import { executorFor, sleepingPod } from '../../harness/kube/kube-fixtures.js';
import { doubleToolboxImage } from '../../harness/kube/toolbox-image.js';
import { waitFor } from '../../harness/wait-for.js';
import { mebibytes, millicores } from '../../../src/executors/kubernetes/kubernetes-stats.js';
import type { Executor } from '../../../src/executors/executor.js';
import { InvalidInputError } from '../../../src/errors.js';

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

describeWith(['docker'], 'stats on Kubernetes targets with --sort, --limit and --all, as on Docker', () => {
  const image = doubleToolboxImage();
  let double: KubeDouble;
  let executor: Executor;

  /** Polls the double until `check` holds for the pod; fails saying what never happened. */
  const waitForPod = async (name: string, what: string, check: (pod: V1Pod) => boolean): Promise<void> => {
    await waitFor(async () => check(await double.pod('default', name)), {
      what: `pod ${name}: ${what}`,
      timeoutMs: 60_000,
      everyMs: 100,
    });
  };

  beforeAll(async () => {
    double = await startKubeDouble({ holderImage: image });
    executor = executorFor(double, image);
    await double.apply(
      sleepingPod('busy', image, {
        spec: { containers: [{ name: 'spin', image, command: ['sh', '-c', 'while :; do :; done'] }] },
      }),
    );
    // About 40 MiB held in a shell variable: the pod that a memory sort puts first.
    await double.apply(
      sleepingPod('hog', image, {
        spec: {
          containers: [
            {
              name: 'hold',
              image,
              command: ['sh', '-c', 'x=$(head -c 40000000 /dev/zero | tr "\\0" a); sleep infinity'],
            },
          ],
        },
      }),
    );
    await double.apply(
      sleepingPod('mixed', image, {
        spec: {
          containers: [
            { name: 'app', image, command: ['sleep', 'infinity'] },
            { name: 'once', image, command: ['true'] },
          ],
        },
      }),
    );
    await double.apply(
      sleepingPod('done', image, {
        spec: { restartPolicy: 'Never', containers: [{ name: 'job', image, command: ['true'] }] },
      }),
    );
    await double.waitForPodRunning('default', 'busy');
    await double.waitForPodRunning('default', 'hog');
    await waitForPod('mixed', 'container once ended', (pod) =>
      Boolean(pod.status?.containerStatuses?.find((c) => c.name === 'once')?.state?.terminated),
    );
    await waitForPod('done', 'phase Succeeded', (pod) => pod.status?.phase === 'Succeeded');
  });

  afterAll(async () => {
    await executor?.close();
    await double?.close();
  });

  const node = { kind: 'node', name: 'double-node-1' } as const;

  it("limits a node's pods, busiest first, and says how many the limit left out", async () => {
    const result = await executor.stats!(node, { namespace: 'default', sort: 'cpu', limit: 1 });
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/; 3 pods$/);
    expect(lines.slice(2)).toEqual([
      expect.stringMatching(/^default\/busy\s+Running\s+\d+\s+\d+$/),
      '(2 more not shown)',
      '(1 finished pod not shown; --all shows them)',
    ]);
    expect(result.argv).toEqual(['stats', 'node/double-node-1', '--sort', 'cpu', '--limit', '1']);
  });

  it("sorts a node's pods by memory when asked", async () => {
    const result = await executor.stats!(node, { namespace: 'default', sort: 'memory' });
    const memory = result.stdout
      .trimEnd()
      .split('\n')
      .filter((line) => line.startsWith('default/'))
      .map((line) => Number(line.split(/\s+/)[3]));
    expect(memory).toHaveLength(3);
    expect(memory).toEqual([...memory].sort((a, b) => b - a));
    expect(result.stdout).toMatch(/^default\/hog\s+Running\s+\d+\s+\d+$/m);
    expect(result.stdout.split('\n')[2]).toMatch(/^default\/hog\s/);
  });

  it("shows a node's finished pods and a pod's ended containers only with --all", async () => {
    const all = await executor.stats!(node, { namespace: 'default', all: true });
    expect(all.stdout).toMatch(/^default\/done\s+Succeeded\s/m);
    expect(all.stdout.split('\n')[0]).toMatch(/; 4 pods$/);

    const running = await executor.stats!({ kind: 'pod', name: 'mixed' }, { namespace: 'default' });
    expect(running.stdout).not.toMatch(/^once\s/m);
    expect(running.stdout).toContain('(1 ended container not shown; --all shows them)');
    const ended = await executor.stats!({ kind: 'pod', name: 'mixed' }, { namespace: 'default', all: true });
    expect(ended.stdout).toMatch(/^once\s+terminated \(Completed\)\s+no\s+0\s/m);
  });

  it('refuses to sort by network or block I/O, which metrics-server does not report, and says what to use', async () => {
    await expect(executor.stats!(node, { namespace: 'default', sort: 'net' })).rejects.toThrow(
      InvalidInputError,
    );
    await expect(executor.stats!(node, { namespace: 'default', sort: 'io' })).rejects.toMatchObject({
      hints: ['use --sort cpu or --sort memory'],
    });
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
