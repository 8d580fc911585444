import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { jest } from '@jest/globals';
import { describeWith } from '../../harness/infrastructure.js';
import { listDoubleContainers } from '../../harness/kube/docker-backend.js';
import { sleepingPod } from '../../harness/kube/kube-fixtures.js';
import { doubleToolboxImage } from '../../harness/kube/toolbox-image.js';
import { loadKubeConfig, createKubeClients } from '../../../src/executors/kubernetes/kube-clients.js';

jest.setTimeout(90_000);

describeWith(['docker'], 'npm run kube:double', () => {
  it('starts the double alone, prints a kubeconfig that clients can use, and cleans up on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/harness/kube/start-kube-double.ts'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    let id = '';
    try {
      const printed = await new Promise<{ id: string; kubeconfigPath: string }>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`no KUBECONFIG line in: ${out}`)), 45_000);
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /^kube double (\w+) listening on .*\nKUBECONFIG=(.+)$/m.exec(out);
          if (match) {
            clearTimeout(timer);
            resolve({ id: match[1]!, kubeconfigPath: match[2]!.trim() });
          }
        });
      });
      id = printed.id;
      const { kubeconfigPath } = printed;
      expect(readFileSync(kubeconfigPath, 'utf8')).toContain('insecure-skip-tls-verify: true');
      const clients = createKubeClients(loadKubeConfig({ kubeconfigPath }));
      const namespaces = await clients.core.listNamespace();
      expect(namespaces.items.map((namespace) => namespace.metadata!.name)).toEqual(
        expect.arrayContaining(['default', 'kube-system', 'netshoot']),
      );
      const nodes = await clients.core.listNode();
      expect(nodes.items[0]!.status!.addresses).toContainEqual({
        type: 'InternalIP',
        address: '198.18.200.1',
      });
      await clients.core.createNamespacedPod({
        namespace: 'default',
        body: sleepingPod('left-running', doubleToolboxImage()),
      });
      for (let attempt = 0; attempt < 40 && (await listDoubleContainers(id)).length < 2; attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect((await listDoubleContainers(id)).length).toBe(2);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(await listDoubleContainers(id)).toEqual([]);
  });
});
