import { createHash } from 'node:crypto';
import { jest } from '@jest/globals';
import { commands } from '../../../commands/index.js';
import type { Executor } from '../../../src/executors/executor.js';
import { summarize } from '../../../src/format/summaries/index.js';
import { createLocalExecutor } from '../../../src/executors/local/local-executor.js';
import { describeWith } from '../../harness/infrastructure.js';
import { startKubeDouble, type KubeDouble } from '../../harness/kube/kube-double.js';
import { executorFor, sleepingPod } from '../../harness/kube/kube-fixtures.js';
import { doubleToolboxImage } from '../../harness/kube/toolbox-image.js';
import { createPipeline, type Pipeline } from '../pipeline/pipeline-fixture.js';
import { testJobSecret } from '../pipeline/signed-jobs.js';

jest.setTimeout(180_000);

const crd = 'crd.projectcalico.org/v1';

// Objects as calicoctl's own system tests write them (calicoctl/tests/st/utils/data.py:
// ippool_name1_rev1_v4, globalnetworkpolicy_name1_rev1), stored as the Kubernetes datastore keeps
// them (crd.projectcalico.org/v1); the IPAMBlock and BlockAffinity follow Calico's CRD schemas
// (libcalico-go/config/crd/crd.projectcalico.org_ipamblocks.yaml, _blockaffinities.yaml).
const ippool = {
  apiVersion: crd,
  kind: 'IPPool',
  metadata: { name: 'ippool-name1' },
  spec: {
    cidr: '10.0.1.0/24',
    ipipMode: 'Always',
    vxlanMode: 'Never',
    blockSize: 27,
    allowedUses: ['Workload', 'Tunnel'],
    assignmentMode: 'Automatic',
    nodeSelector: "foo == 'bar'",
  },
};

const globalPolicy = {
  apiVersion: crd,
  kind: 'GlobalNetworkPolicy',
  metadata: { name: 'default.policy-mypolicy1' },
  spec: {
    tier: 'default',
    order: 100,
    selector: "type=='database'",
    types: ['Ingress', 'Egress'],
    egress: [{ action: 'Allow', source: { selector: "type=='application'" } }],
    ingress: [
      {
        ipVersion: 4,
        action: 'Deny',
        protocol: 'TCP',
        destination: { nets: ['10.2.0.0/16'], ports: ['100:200'], selector: "type=='application'" },
        source: { nets: ['10.0.0.0/16'], ports: [1234, '10:1024'], selector: "type=='application'" },
      },
    ],
  },
};

/** A /27 block of the pool on the double's node, three addresses allocated (one per handle). */
const block = {
  apiVersion: crd,
  kind: 'IPAMBlock',
  metadata: { name: '10-0-1-0-27' },
  spec: {
    cidr: '10.0.1.0/27',
    affinity: 'host:double-node-1',
    strictAffinity: false,
    allocations: [0, 1, 2, ...Array<null>(29).fill(null)],
    unallocated: Array.from({ length: 29 }, (_, index) => index + 3),
    attributes: [
      {
        handle_id: 'ipip-tunnel-addr-double-node-1',
        secondary: { node: 'double-node-1', type: 'ipipTunnelAddress' },
      },
      {
        handle_id: 'k8s-pod-network.1a2b',
        secondary: { namespace: 'default', node: 'double-node-1', pod: 'web-1' },
      },
      {
        handle_id: 'k8s-pod-network.3c4d',
        secondary: { namespace: 'default', node: 'double-node-1', pod: 'db-0' },
      },
    ],
    deleted: false,
  },
};

const affinity = {
  apiVersion: crd,
  kind: 'BlockAffinity',
  metadata: { name: 'double-node-1-10-0-1-0-27' },
  spec: { cidr: '10.0.1.0/27', deleted: 'false', node: 'double-node-1', state: 'confirmed' },
};

/** A table row as calicoctl's reader splits it: cells two or more spaces apart. */
const rowsOf = (stdout: string): string[][] =>
  stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => line.trim().split(/\s{2,}/));

describeWith(['docker', 'redis'], 'calicoctl without its binary, through the worker and the double', () => {
  const image = doubleToolboxImage();
  let double: KubeDouble;
  let executor: Executor;
  let pipeline: Pipeline;

  beforeAll(async () => {
    double = await startKubeDouble({ holderImage: image });
    executor = executorFor(double, image);
    for (const object of [ippool, globalPolicy, block, affinity]) await double.apply(object);
    await double.apply(sleepingPod('web-1', image));
    await double.waitForPodRunning('default', 'web-1');
    pipeline = createPipeline(commands, undefined, { jobSecret: testJobSecret });
    // As a Kubernetes worker is configured: its executor, then local for the worker's own host,
    // where no calicoctl binary is installed.
    await pipeline.startWorker({ executors: [executor, createLocalExecutor()], jobSecret: testJobSecret });
  });

  afterAll(async () => {
    await pipeline?.close();
    await executor?.close();
    await double?.close();
  });

  async function run(line: string) {
    const outcome = await pipeline.queue.waitForOutcome(await pipeline.submit(line), 90_000);
    expect(outcome.status).toBe('completed');
    return outcome.runs[0]!.result;
  }

  it('lists IP pools from the CRDs with calicoctl columns, -o wide too', async () => {
    const plain = await run('calicoctl get ippools');
    expect(plain.argv).toEqual(['calicoctl', 'get', 'ippools']);
    expect(plain.exitCode).toBe(0);
    expect(rowsOf(plain.stdout)).toEqual([
      ['NAME', 'CIDR', 'SELECTOR'],
      ['ippool-name1', '10.0.1.0/24', "foo == 'bar'"],
    ]);
    // calicoctl's reader takes it for calicoctl's own table.
    expect(summarize('calicoctl', plain)?.headline).toBe('1 ippool');
    const wide = await run('calicoctl get ippool -o wide');
    expect(rowsOf(wide.stdout)).toEqual([
      [
        'NAME',
        'CIDR',
        'NAT',
        'IPIPMODE',
        'VXLANMODE',
        'DISABLED',
        'DISABLEBGPEXPORT',
        'SELECTOR',
        'ASSIGNMENTMODE',
      ],
      [
        'ippool-name1',
        '10.0.1.0/24',
        'false',
        'Always',
        'Never',
        'false',
        'false',
        "foo == 'bar'",
        'Automatic',
      ],
    ]);
  });

  it("lists workload endpoints made from the namespace's pods, as calicoctl does in the Kubernetes datastore", async () => {
    const pod = await double.pod('default', 'web-1');
    const result = await run('calicoctl get wep -o wide');
    const veth = `cali${createHash('sha1').update('default.web-1').digest('hex').slice(0, 11)}`;
    expect(rowsOf(result.stdout)).toEqual([
      ['NAME', 'WORKLOAD', 'NODE', 'NETWORKS', 'INTERFACE', 'PROFILES', 'NATS'],
      [
        `${pod.spec!.nodeName!.replaceAll('-', '--')}-k8s-web--1-eth0`,
        'web-1',
        pod.spec!.nodeName!,
        `${pod.status!.podIP!}/32`,
        veth,
        // The double's pod has no serviceAccountName: only the namespace's profile.
        pod.spec!.serviceAccountName
          ? `kns.default,ksa.default.${pod.spec!.serviceAccountName}`
          : 'kns.default',
      ],
    ]);
  });

  it('lists global network policies with their tier, order and selector', async () => {
    const result = await run('calicoctl get gnp -o wide');
    expect(rowsOf(result.stdout)).toEqual([
      ['NAME', 'TIER', 'ORDER', 'SELECTOR'],
      ['default.policy-mypolicy1', 'default', '100', "type=='database'"],
    ]);
    expect(rowsOf((await run('calicoctl get networkpolicies')).stdout)).toEqual([['NAME', 'TIER']]);
  });

  it("shows IPAM use: the pool's size, the block's allocations, as calicoctl's box table", async () => {
    const result = await run('calicoctl ipam show --show-blocks');
    expect(result.stdout).toBe(
      [
        '+----------+-------------+-----------+------------+--------------+-----------+',
        '| GROUPING |    CIDR     | IPS TOTAL | IPS IN USE | IPS RESERVED | IPS FREE  |',
        '+----------+-------------+-----------+------------+--------------+-----------+',
        '| IP Pool  | 10.0.1.0/24 |       256 |     3 (1%) |       0 (0%) | 253 (99%) |',
        '| Block    | 10.0.1.0/27 |        32 |     3 (9%) |       0 (0%) |  29 (91%) |',
        '+----------+-------------+-----------+------------+--------------+-----------+',
        '',
      ].join('\n'),
    );
    // Without --show-blocks, the pools alone; calicoctl's reader reads their use from it.
    const pools = await run('calicoctl ipam show');
    expect(pools.stdout).not.toContain('Block');
    expect(summarize('calicoctl', pools)?.headline).toBe('1 pool, fullest 10.0.1.0/24 3 (1%) in use');
  });

  it('says what it cannot read without the binary, and how to get it', async () => {
    const jobId = await pipeline.submit('calicoctl get bgppeers');
    const outcome = await pipeline.queue.waitForOutcome(jobId, 90_000).catch((error: unknown) => error);
    expect(JSON.stringify(outcome)).toContain('without the calicoctl binary');
  });
});

describeWith(['docker'], "calicoctl without its binary, on a cluster with Calico's API server", () => {
  let double: KubeDouble;
  let executor: Executor;

  beforeAll(async () => {
    double = await startKubeDouble({ holderImage: doubleToolboxImage(), calicoApiServer: true });
    executor = executorFor(double, doubleToolboxImage());
    await double.apply(ippool);
  });

  afterAll(async () => {
    await executor?.close();
    await double?.close();
  });

  it('reads projectcalico.org/v3 first and leaves the CRDs alone', async () => {
    const result = await executor.calico!({
      argv: ['calicoctl', 'get', 'ippool'],
      verb: 'get',
      what: 'ippool',
      allNamespaces: false,
      showBlocks: false,
      namespace: 'default',
    });
    expect(rowsOf(result.stdout)).toEqual([
      ['NAME', 'CIDR', 'SELECTOR'],
      ['ippool-name1', '10.0.1.0/24', "foo == 'bar'"],
    ]);
    const reads = double.accessLog
      .filter((entry) => entry.resource === 'ippools')
      .map((entry) => `${entry.apiGroup} ${entry.code}`);
    expect(reads).toEqual(['projectcalico.org 200']);
  });
});
