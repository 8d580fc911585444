import { nodeToolboxPod } from '../../../../src/executors/kubernetes/node-toolbox.js';
import { pcapCapBytes } from '../../../../src/catalogue/capture-cap.js';
import { schemaErrors } from '../../../harness/kube/validate-object.js';

const bytesOf = (quantity: string): number => {
  const match = /^(\d+)(Mi|Gi)$/.exec(quantity);
  if (!match) throw new Error(`unexpected quantity ${quantity}`);
  return Number(match[1]) * (match[2] === 'Gi' ? 1024 ** 3 : 1024 ** 2);
};

describe("the node toolbox's disk", () => {
  const pod = nodeToolboxPod('netshoot-node-w1', 'worker-1', {
    image: 'netshoot-bot/netshoot:0.1.0',
    namespace: 'netshoot',
    cluster: 'test',
    lifetimeSeconds: 600,
    startTimeoutMs: 60_000,
  });
  const resources = pod.spec?.containers[0]?.resources;

  it('is bounded by an ephemeral-storage limit that a capped capture fits under, with a small request', () => {
    const limit = resources?.limits?.['ephemeral-storage'];
    const request = resources?.requests?.['ephemeral-storage'];
    expect(limit).toBeDefined();
    expect(request).toBeDefined();
    expect(bytesOf(limit!)).toBeGreaterThan(2 * pcapCapBytes);
    expect(bytesOf(request!)).toBeLessThanOrEqual(bytesOf(limit!));
  });

  it('is a Pod the Kubernetes schema accepts', async () => {
    expect(await schemaErrors(pod as unknown as Record<string, unknown>)).toBeUndefined();
  });
});
