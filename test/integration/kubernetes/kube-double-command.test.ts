import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { jest } from '@jest/globals';
import { describeWith } from '../../harness/infrastructure.js';
import { listDoubleContainers } from '../../harness/kube/docker-backend.js';
import { sleepingPod } from '../../harness/kube/kube-fixtures.js';
import { doubleToolboxImage } from '../../harness/kube/toolbox-image.js';
import { waitFor } from '../../harness/wait-for.js';
import { loadKubeConfig, createKubeClients } from '../../../src/executors/kubernetes/kube-clients.js';

jest.setTimeout(120_000);

/** Whether any process of the group is left (signal 0 only checks). */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

describeWith(['docker'], 'npm run kube:double', () => {
  it('starts the double alone, prints a kubeconfig that clients can use, and removes its containers when its process group gets SIGTERM', async () => {
    // Its own process group, as a terminal gives it: Ctrl-C or `kill -- -PGID` signal npm, sh, tsx,
    // the double and any docker CLI it runs, all at once.
    const child = spawn('npm', ['run', '--silent', 'kube:double'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const pgid = child.pid!;
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let id = '';
    try {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => void (out += chunk.toString()));
      const printed = await waitFor(() => /^kube double (\w+) listening on .*\nKUBECONFIG=(.+)$/m.exec(out), {
        what: () => `npm run kube:double printing its KUBECONFIG line, in: ${out}${stderr}`,
        timeoutMs: 60_000,
        everyMs: 100,
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
      await waitFor(async () => (await listDoubleContainers(id)).length >= 2, {
        what: 'the holder and app containers of the pod left-running',
        timeoutMs: 30_000,
        everyMs: 200,
      });
      // A second pod still starting when the signal comes: its containers must go too.
      await clients.core.createNamespacedPod({
        namespace: 'default',
        body: sleepingPod('starting', doubleToolboxImage()),
      });
    } finally {
      process.kill(-pgid, 'SIGTERM');
    }
    await waitFor(() => !groupAlive(pgid), {
      what: () =>
        `every process of the group of npm run kube:double ending after SIGTERM (stderr: ${stderr})`,
      timeoutMs: 60_000,
      everyMs: 200,
    });
    expect(stderr).not.toContain('cleaning up failed');
    expect(await listDoubleContainers(id)).toEqual([]);
  });
});
