import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { jest } from '@jest/globals';
import type { V1Service } from '@kubernetes/client-node';
import { commands } from '../../../commands/index.js';
import type { Executor } from '../../../src/executors/executor.js';
import type { KubeClients } from '../../../src/executors/kubernetes/kube-clients.js';
import { describeWith } from '../../harness/infrastructure.js';
import { startKubeDouble, type KubeDouble } from '../../harness/kube/kube-double.js';
import { clientsFor, executorFor, sleepingPod } from '../../harness/kube/kube-fixtures.js';
import { doubleToolboxImage } from '../../harness/kube/toolbox-image.js';
import { createPipeline, type Pipeline } from '../pipeline/pipeline-fixture.js';

const run = promisify(execFile);

jest.setTimeout(180_000);

describeWith(
  ['docker', 'redis'],
  "cluster DNS in the double: dig, nslookup and host from a pod, through the pod's resolver and search domains, via the queue, the worker and the Kubernetes executor",
  () => {
    const image = doubleToolboxImage();
    let double: KubeDouble;
    let clients: KubeClients;
    let executor: Executor;
    let pipeline: Pipeline;
    let dbIp: string;
    let peerIps: string[];

    beforeAll(async () => {
      double = await startKubeDouble({ holderImage: image });
      clients = clientsFor(double);
      executor = executorFor(double, image);
      // web: a pod like any application's, dnsPolicy left to its default, ClusterFirst.
      await double.apply(sleepingPod('web', image));
      await double.apply(
        sleepingPod('db-0', image, {
          labels: { app: 'db' },
          spec: {
            containers: [
              {
                name: 'db',
                image,
                command: ['nc', '-lk', '5432'],
                ports: [{ name: 'pg', containerPort: 5432 }],
              },
            ],
          },
        }),
      );
      await double.apply(sleepingPod('peer-0', image, { labels: { app: 'peers' } }));
      await double.apply(sleepingPod('peer-1', image, { labels: { app: 'peers' } }));
      const db = await double.apply<V1Service>({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'db', namespace: 'default' },
        spec: { selector: { app: 'db' }, ports: [{ name: 'pg', port: 5432, targetPort: 'pg' }] },
      });
      dbIp = db.spec!.clusterIP!;
      await double.apply({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'peers', namespace: 'default' },
        spec: { clusterIP: 'None', selector: { app: 'peers' }, ports: [{ name: 'gossip', port: 7946 }] },
      });
      for (const pod of ['web', 'db-0', 'peer-0', 'peer-1']) await double.waitForPodRunning('default', pod);
      peerIps = await Promise.all(
        ['peer-0', 'peer-1'].map(async (pod) => (await double.pod('default', pod)).status!.podIP!),
      );
      pipeline = createPipeline(commands);
      await pipeline.startWorker({ executors: [executor] });
    });

    afterAll(async () => {
      await pipeline?.close();
      await executor?.close();
      await double?.close();
    });

    /** What the tool printed, run as a user's line through the queue and the worker. */
    async function output(line: string): Promise<string> {
      const outcome = await pipeline.queue.waitForOutcome(await pipeline.submit(line), 90_000);
      expect(outcome.status).toBe('completed');
      return outcome.runs[0]!.result.stdout;
    }

    it("writes the kubelet's resolv.conf into a ClusterFirst pod: the double's DNS, the namespace's search domains, ndots:5", async () => {
      const { stdout } = await run('docker', [
        'exec',
        double.dockerName('default', 'web', 'app'),
        'cat',
        '/etc/resolv.conf',
      ]);
      expect(stdout).toBe(
        [
          'search default.svc.cluster.local svc.cluster.local cluster.local',
          `nameserver ${double.clusterDnsAddress}`,
          'options ndots:5',
          '',
        ].join('\n'),
      );
    });

    it("answers `dig pod/web db` with the Service's ClusterIP, found through the search domains", async () => {
      const full = await output('dig pod/web db');
      expect(full).toContain('status: NOERROR');
      expect(full).toMatch(/;; QUESTION SECTION:\n;db\.default\.svc\.cluster\.local\.\s+IN\s+A\n/);
      expect(full).toMatch(
        new RegExp(
          `\\ndb\\.default\\.svc\\.cluster\\.local\\.\\s+30\\s+IN\\s+A\\s+${dbIp.replace(/\./g, '\\.')}\\n`,
        ),
      );
      expect(full).toContain(`SERVER: ${double.clusterDnsAddress}#53`);
      expect((await output('dig pod/web db +short')).trim()).toBe(dbIp);
    });

    it('answers the full name, db.default.svc.cluster.local, with the same ClusterIP', async () => {
      expect((await output('dig pod/web db.default.svc.cluster.local +short')).trim()).toBe(dbIp);
    });

    it('answers a named port with SRV', async () => {
      expect((await output('dig pod/web _pg._tcp.db.default.svc.cluster.local SRV +short')).trim()).toBe(
        '0 100 5432 db.default.svc.cluster.local.',
      );
    });

    it("answers a headless Service with its ready pods' addresses", async () => {
      const lines = (await output('dig pod/web peers +short')).trim().split('\n');
      expect(lines.sort()).toEqual([...peerIps].sort());
    });

    it("answers a pod's dashed address under pod.cluster.local", async () => {
      const webIp = (await double.pod('default', 'web')).status!.podIP!;
      const name = `${webIp.replace(/\./g, '-')}.default.pod.cluster.local`;
      expect((await output(`dig pod/web ${name} +short`)).trim()).toBe(webIp);
    });

    it('has nslookup and host agree with dig', async () => {
      expect(await output('nslookup pod/web db')).toMatch(
        new RegExp(
          `Name:\\s+db\\.default\\.svc\\.cluster\\.local\\nAddress: ${dbIp.replace(/\./g, '\\.')}\\n`,
        ),
      );
      expect(await output('host pod/web db')).toContain(`db.default.svc.cluster.local has address ${dbIp}`);
    });

    it('answers NXDOMAIN for a mistyped name, short or full, with dig, nslookup and host', async () => {
      expect(await output('dig pod/web dbb')).toContain('status: NXDOMAIN');
      const full = await output('dig pod/web dbb.default.svc.cluster.local');
      expect(full).toContain('status: NXDOMAIN');
      // CoreDNS's negative answer carries the zone's SOA.
      expect(full).toMatch(
        /\ncluster\.local\.\s+30\s+IN\s+SOA\s+ns\.dns\.cluster\.local\. hostmaster\.cluster\.local\./,
      );
      expect(await output('nslookup pod/web dbb')).toContain("** server can't find dbb: NXDOMAIN");
      expect(await output('host pod/web dbb')).toContain('Host dbb not found: 3(NXDOMAIN)');
    });

    it('forgets a Service the moment it is deleted: the same dig then gets NXDOMAIN', async () => {
      const cache = await double.apply<V1Service>({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'cache', namespace: 'default' },
        spec: { selector: { app: 'db' }, ports: [{ port: 6379 }] },
      });
      expect((await output('dig pod/web cache +short')).trim()).toBe(cache.spec!.clusterIP);
      await clients.core.deleteNamespacedService({ name: 'cache', namespace: 'default' });
      expect(await output('dig pod/web cache')).toContain('status: NXDOMAIN');
      expect(await output('dig pod/web cache.default.svc.cluster.local')).toContain('status: NXDOMAIN');
    });

    it('sends nothing outside the test range: a name outside cluster.local is refused', async () => {
      expect(await output('dig pod/web example.com')).toContain('status: REFUSED');
    });
  },
);
