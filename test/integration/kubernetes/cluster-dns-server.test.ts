import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { V1Service } from '@kubernetes/client-node';
import type { ClusterDnsView } from '../../harness/kube/cluster-dns-records.js';
import { startClusterDns, type ClusterDnsServer } from '../../harness/kube/cluster-dns-server.js';
import { describeWith } from '../../harness/infrastructure.js';

const run = promisify(execFile);

/** A cluster holding one Service, `db` in `default`, at `clusterIp`. */
function oneService(clusterIp: string, serverAddress: () => string): () => ClusterDnsView {
  const service: V1Service = {
    metadata: { name: 'db', namespace: 'default' },
    spec: { clusterIP: clusterIp, ports: [{ name: 'pg', port: 5432, protocol: 'TCP' }] },
  };
  return () => ({
    zone: 'cluster.local',
    serverAddress: serverAddress(),
    serial: 1,
    namespaceExists: (namespace) => namespace === 'default',
    service: (namespace, name) => (namespace === 'default' && name === 'db' ? service : undefined),
    endpointSlices: () => Promise.resolve([]),
  });
}

async function dig(server: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('dig', [`@${server}`, '+time=2', '+tries=1', ...args]);
  return stdout;
}

async function loopbackAddresses(): Promise<string> {
  return (await run('ip', ['-4', '-o', 'addr', 'show', 'dev', 'lo'])).stdout;
}

describeWith(['netns'], "the double's cluster DNS server, several at once as jest workers run them", () => {
  const servers: ClusterDnsServer[] = [];
  afterAll(async () => {
    for (const server of servers) await server.close();
  });

  it('gives each double an address of its own in 198.18.202.0/24, each answering from its own objects', async () => {
    const first = await startClusterDns(oneService('198.18.200.201', () => servers[0]?.address ?? ''));
    servers.push(first);
    const second = await startClusterDns(oneService('198.18.200.222', () => servers[1]?.address ?? ''));
    servers.push(second);
    expect(first.address).not.toBe(second.address);
    for (const address of [first.address, second.address]) expect(address).toMatch(/^198\.18\.202\.\d+$/);
    expect((await dig(first.address, 'db.default.svc.cluster.local', '+short')).trim()).toBe(
      '198.18.200.201',
    );
    expect((await dig(second.address, 'db.default.svc.cluster.local', '+short')).trim()).toBe(
      '198.18.200.222',
    );
  });

  it('answers over TCP as over UDP', async () => {
    const [server] = servers;
    expect((await dig(server!.address, '+tcp', 'db.default.svc.cluster.local', '+short')).trim()).toBe(
      '198.18.200.201',
    );
    expect(await dig(server!.address, '+tcp', '_pg._tcp.db.default.svc.cluster.local', 'SRV')).toContain(
      '0 100 5432 db.default.svc.cluster.local.',
    );
  });

  it('gives its address back when it closes, for the next double to take', async () => {
    const server = servers.pop()!;
    expect(await loopbackAddresses()).toContain(`inet ${server.address}/32`);
    await server.close();
    expect(await loopbackAddresses()).not.toContain(`inet ${server.address}/32`);
    const again = await startClusterDns(oneService('198.18.200.230', () => again?.address ?? ''));
    servers.push(again);
    expect((await dig(again.address, 'db.default.svc.cluster.local', '+short')).trim()).toBe(
      '198.18.200.230',
    );
  });
});
