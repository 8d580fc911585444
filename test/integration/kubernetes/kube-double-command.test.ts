import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { jest } from '@jest/globals';
import { describeWith } from '../../harness/infrastructure.js';
import { listDoubleContainers } from '../../harness/kube/docker-backend.js';
import { sleepingPod } from '../../harness/kube/kube-fixtures.js';
import { doubleToolboxImage } from '../../harness/kube/toolbox-image.js';
import { waitFor } from '../../harness/wait-for.js';
import { loadKubeConfig, createKubeClients } from '../../../src/executors/kubernetes/kube-clients.js';

jest.setTimeout(90_000);

describeWith(['docker'], 'npm run kube:double', () => {
  it('starts the double alone, prints a kubeconfig that clients can use, and cleans up on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/harness/kube/start-kube-double.ts'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => void (out += chunk.toString()));
    let id = '';
    try {
      const printed = await waitFor(() => /^kube double (\w+) listening on .*\nKUBECONFIG=(.+)$/m.exec(out), {
        what: () => `the double printing its KUBECONFIG line, in: ${out}`,
        timeoutMs: 45_000,
      });
      id = printed[1]!;
      const kubeconfigPath = printed[2]!.trim();
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
      await waitFor(async () => (await listDoubleContainers(id)).length === 2, {
        what: "the pod's two containers (holder and sleeper) in Docker",
        everyMs: 250,
      });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(await listDoubleContainers(id)).toEqual([]);
  });
});
