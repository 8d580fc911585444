import { jest } from '@jest/globals';
import type { Executor } from '../../../src/executors/executor.js';
import type { KubeDoubleOptions } from '../../harness/kube/context.js';
import { describeWith } from '../../harness/infrastructure.js';
import { startKubeDouble, type KubeDouble } from '../../harness/kube/kube-double.js';
import { executorFor, sleepingPod } from '../../harness/kube/kube-fixtures.js';
import { doubleToolboxImage } from '../../harness/kube/toolbox-image.js';

jest.setTimeout(240_000);

/** A double with checkout and payments-1 (behind svc/payments:8080) in `default`, and the executor on it. */
async function cluster(options: Omit<KubeDoubleOptions, 'holderImage'>) {
  const image = doubleToolboxImage();
  const double = await startKubeDouble({ holderImage: image, ...options });
  for (const name of ['checkout', 'payments-1'])
    await double.apply(sleepingPod(name, image, { labels: { app: name.replace(/-\d+$/, '') } }));
  await double.apply({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'payments', namespace: 'default' },
    spec: { selector: { app: 'payments' }, ports: [{ name: 'http', port: 8080 }] },
  });
  for (const name of ['checkout', 'payments-1']) await double.waitForPodRunning('default', name);
  return { double, executor: executorFor(double, image) };
}

const query = {
  from: { kind: 'pod', name: 'checkout' },
  to: { kind: 'svc', name: 'payments' },
  port: '8080',
  namespace: 'default',
} as const;

describeWith(['docker'], 'diagnose says which policy it could not read, and why', () => {
  let double: KubeDouble | undefined;
  let executor: Executor | undefined;

  afterEach(async () => {
    await executor?.close();
    await double?.close();
    double = undefined;
    executor = undefined;
  });

  it('without Calico, says Calico is absent and still judges the Kubernetes NetworkPolicies', async () => {
    ({ double, executor } = await cluster({ calicoCrds: false }));
    const view = await executor.diagnose!(query);
    const policy = view.findings.find((finding) => finding.layer === 'policy');
    expect(policy).toMatchObject({ status: 'ok', evidence: expect.stringContaining('no NetworkPolicy') });
    expect(policy?.details).toContain(
      'Calico absent (no projectcalico.org API, no Calico CRDs): Kubernetes NetworkPolicies only',
    );
    expect(view.findings.find((finding) => finding.layer === 'service')?.status).toBe('ok');
  });

  it('without a grant to list NetworkPolicies, leaves the policy layer unchecked with the API’s 403', async () => {
    ({ double, executor } = await cluster({ forbidden: ['networkpolicies.networking.k8s.io'] }));
    const view = await executor.diagnose!(query);
    expect(view.findings.map((finding) => finding.layer)).toEqual(['service']);
    expect(view.notChecked).toEqual({
      policy:
        'no API access to NetworkPolicies (403: networkpolicies.networking.k8s.io is forbidden: User "system:serviceaccount:netshoot:netshoot-worker" cannot list resource "networkpolicies" in API group "networking.k8s.io" in the namespace "default")',
    });
  });
});
