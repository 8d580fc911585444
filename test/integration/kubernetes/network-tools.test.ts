import { jest } from '@jest/globals';
import { describeWith } from '../../harness/infrastructure.js';
import { startKubeDouble, type KubeDouble } from '../../harness/kube/kube-double.js';
import { clientsFor, dnsServerCommand, sleepingPod } from '../../harness/kube/kube-fixtures.js';
import { doubleToolboxImage } from '../../harness/kube/toolbox-image.js';
import { waitFor } from '../../harness/wait-for.js';
import { createKubernetesExecutor } from '../../../src/executors/kubernetes/kubernetes-executor.js';
import type { KubeClients } from '../../../src/executors/kubernetes/kube-clients.js';
import type { Executor, Session } from '../../../src/executors/executor.js';
import { resolveServicePort } from '../../../src/executors/kubernetes/targets/kubernetes-targets.js';

jest.setTimeout(180_000);

/** Polls the server's namespace until the port listens; bounded. */
async function waitForListener(session: Session, port: number): Promise<void> {
  await waitFor(
    async () =>
      (await session.run(['ss', '-Hltn', 'sport', '=', `:${port}`], { timeoutMs: 5000 })).stdout.trim() !==
      '',
    { what: `a listener on port ${port}`, everyMs: 200 },
  );
}

describeWith(['docker'], 'network tools in pods and on nodes, through the API-server double', () => {
  const image = doubleToolboxImage();
  let double: KubeDouble;
  let clients: KubeClients;
  let executor: Executor;
  const open = (kind: 'pod' | 'svc' | 'node' | 'deploy', name: string) =>
    executor.open({ kind, name }, { namespace: 'default' });

  beforeAll(async () => {
    double = await startKubeDouble({ holderImage: image });
    clients = clientsFor(double);
    executor = createKubernetesExecutor({ clients, image, namespace: 'netshoot', cluster: 'test' });
    // A DNS server pod answering for netshoot.test, and a client pod whose resolver is that pod.
    await double.apply(
      sleepingPod('dns', image, {
        spec: {
          containers: [
            {
              name: 'dns-server',
              image,
              command: dnsServerCommand({ 'db.netshoot.test': '198.18.201.7' }),
            },
          ],
        },
      }),
    );
    const dns = await double.waitForPodRunning('default', 'dns');
    await double.apply(
      sleepingPod('client', image, {
        spec: {
          dnsPolicy: 'None',
          dnsConfig: { nameservers: [dns.status!.podIP!], searches: ['netshoot.test'] },
        },
      }),
    );
    await double.apply(
      sleepingPod('db', image, {
        labels: { app: 'db' },
        spec: {
          containers: [
            {
              name: 'postgres-ish',
              image,
              command: ['nc', '-lk', '5432'],
              ports: [{ name: 'pg', containerPort: 5432 }],
            },
            {
              name: 'http-ish',
              image,
              command: ['nc', '-lk', '8080'],
              ports: [{ name: 'http', containerPort: 8080 }],
            },
          ],
        },
      }),
    );
    await double.apply({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'db', namespace: 'default' },
      spec: {
        selector: { app: 'db' },
        ports: [
          { name: 'pg', port: 5432, targetPort: 'pg' },
          { name: 'http', port: 80, targetPort: 'http' },
        ],
      },
    });
    await double.waitForPodRunning('default', 'client');
    await double.waitForPodRunning('default', 'db');
  });

  afterAll(async () => {
    await executor?.close();
    await double?.close();
  });

  it('answers dig from a pod with the name served by the DNS pod, through the pod resolver and search domains', async () => {
    const session = await open('pod', 'client');
    const result = await session.run(['dig', '+search', '+short', 'db'], { timeoutMs: 15_000 });
    expect(result.exitCode).toBe(0);
    expect(result.stdout.trim()).toBe('198.18.201.7');
  });

  it('measures iperf3 throughput from one pod to another at the server pod IP', async () => {
    const server = await open('pod', 'db');
    const client = await open('pod', 'client');
    const address = await server.addressFor({ kind: 'pod', name: 'client' });
    expect(address).toBe((await double.pod('default', 'db')).status!.podIP);
    const listening = await server.start(['iperf3', '-s', '-1', '-p', '5201'], { timeoutMs: 30_000 });
    await waitForListener(server, 5201);
    const run = await client.run(['iperf3', '-c', address, '-p', '5201', '-t', '1', '-J'], {
      timeoutMs: 30_000,
    });
    const served = await listening.result;
    expect(run.exitCode).toBe(0);
    const report = JSON.parse(run.stdout) as {
      end: { sum_sent: { bytes: number; bits_per_second: number } };
    };
    expect(report.end.sum_sent.bytes).toBeGreaterThan(0);
    expect(report.end.sum_sent.bits_per_second).toBeGreaterThan(0);
    expect(served.exitCode).toBe(0);
  });

  it('captures packets with tcpdump in a pod, as text and as a pcap file', async () => {
    const capturing = await open('pod', 'db');
    const sender = await open('pod', 'client');
    const dbIp = (await double.pod('default', 'db')).status!.podIP!;
    const text = await capturing.start(['tcpdump', '-i', 'eth0', '-n', '-c', '1', 'icmp'], {
      timeoutMs: 20_000,
    });
    const pcapPath = `${capturing.artifactDir}/capture-test.pcap`;
    const file = capturing.run(['tcpdump', '-i', 'eth0', '-n', '-c', '2', '-w', pcapPath, 'icmp'], {
      timeoutMs: 20_000,
      collect: [pcapPath],
    });
    // Ping until both captures have seen enough (each has its own deadline): a capture still starting
    // misses the first pings, so they go on until both ended.
    let ended = 0;
    const end = () => void (ended += 1);
    void text.result.then(end, end);
    void file.then(end, end);
    await waitFor(
      async () => ended === 2 || void (await sender.run(['ping', '-c', '1', dbIp], { timeoutMs: 10_000 })),
      { what: 'both tcpdump captures ending on the pings sent to them', timeoutMs: 20_000, everyMs: 300 },
    );
    const textResult = await text.result;
    const fileResult = await file;
    expect(textResult.stdout).toMatch(
      new RegExp(`IP \\S+ > ${dbIp.replace(/\./g, '\\.')}: ICMP echo request`),
    );
    expect(fileResult.exitCode).toBe(0);
    expect(fileResult.artifacts).toHaveLength(1);
    expect(fileResult.artifacts[0]!.name).toBe('capture-test.pcap');
    // The classic pcap magic number, little-endian.
    expect(fileResult.artifacts[0]!.data.subarray(0, 4).toString('hex')).toBe('d4c3b2a1');
  });

  it("connects with nc to a Service's ClusterIP, by port number and by the port's name", async () => {
    const session = await open('pod', 'client');
    const clusterIp = await executor.resolveAddress({ kind: 'svc', name: 'db' }, { namespace: 'default' });
    const service = await clients.core.readNamespacedService({ name: 'db', namespace: 'default' });
    expect(clusterIp).toBe(service.spec!.clusterIP);
    const byNumber = await session.run(['nc', '-z', '-v', '-w', '3', clusterIp, '5432'], {
      timeoutMs: 10_000,
    });
    expect(byNumber.exitCode).toBe(0);
    const httpPort = await resolveServicePort(clients, 'db', 'default', 'http');
    expect(httpPort).toBe(80);
    const byName = await session.run(['nc', '-z', '-v', '-w', '3', clusterIp, String(httpPort)], {
      timeoutMs: 10_000,
    });
    expect(byName.exitCode).toBe(0);
    const closed = await session.run(['nc', '-z', '-w', '2', clusterIp, '5433'], { timeoutMs: 10_000 });
    expect(closed.exitCode).toBe(1);
  });

  it('runs on svc/ in a Ready endpoint pod of the Service', async () => {
    const session = await open('svc', 'db');
    const result = await session.run(['ss', '-Hltn', 'sport', '=', ':5432'], { timeoutMs: 10_000 });
    expect(result.stdout).toContain(':5432');
  });

  it("shows the node's routing table with ip route on node/, from a hostNetwork toolbox pod in the bot's namespace", async () => {
    const session = await open('node', 'double-node-1');
    const result = await session.run(['ip', 'route'], { timeoutMs: 10_000 });
    expect(result.exitCode).toBe(0);
    // Only the host's own table has a route to the bridge the double's pods live on.
    expect(result.stdout).toMatch(/198\.18\.200\.0\/24 dev br-/);
    const pods = await clients.core.listNamespacedPod({
      namespace: 'netshoot',
      labelSelector: 'app.kubernetes.io/managed-by=netshoot-bot',
    });
    expect(pods.items.map((pod) => pod.metadata!.name)).toEqual(['netshoot-node-double-node-1']);
    expect(pods.items[0]!.spec!.hostNetwork).toBe(true);
    expect(pods.items[0]!.spec!.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(
      await executor.resolveAddress({ kind: 'node', name: 'double-node-1' }, { namespace: 'default' }),
    ).toBe('198.18.200.1');
  });
});
