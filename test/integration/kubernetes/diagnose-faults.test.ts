import { jest } from '@jest/globals';
import type { V1Pod } from '@kubernetes/client-node';
import type { Executor } from '../../../src/executors/executor.js';
import type { ApiView, DiagnoseQuery } from '../../../src/diagnose/diagnosis.js';
import { describeWith } from '../../harness/infrastructure.js';
import { startKubeDouble, type KubeDouble } from '../../harness/kube/kube-double.js';
import { executorFor } from '../../harness/kube/kube-fixtures.js';
import { doubleToolboxImage } from '../../harness/kube/toolbox-image.js';
import { waitFor } from '../../harness/wait-for.js';

jest.setTimeout(240_000);

/**
 * A pod serving HTTP on its container port `http` (8080), probed for readiness on it; `listening:
 * false` leaves the port closed, so the real probe fails and the pod stays Running but not ready.
 */
function webPod(
  name: string,
  namespace: string,
  labels: Record<string, string>,
  image: string,
  listening = true,
): V1Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels },
    spec: {
      containers: [
        {
          name: 'app',
          image,
          command: listening ? ['python3', '-m', 'http.server', '8080'] : ['sleep', 'infinity'],
          ports: [{ name: 'http', containerPort: 8080 }],
          readinessProbe: { tcpSocket: { port: 'http' as never }, periodSeconds: 1 },
        },
      ],
    },
  };
}

const service = (name: string, selector: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: 'shop' },
  spec: { selector, ports: [{ name: 'http', port: 8080, targetPort: 'http' }] },
});

/** Lets pods of namespace `front` reach `app` on 8080, by namespaceSelector on the namespace's name label. */
const allowFromFront = (name: string, app: string) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name, namespace: 'shop' },
  spec: {
    podSelector: { matchLabels: { app } },
    policyTypes: ['Ingress'],
    ingress: [
      {
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'front' } } }],
        ports: [{ protocol: 'TCP', port: 'http' }],
      },
    ],
  },
});

describeWith(['docker'], 'diagnose through the API-server double: the service and policy layers', () => {
  const image = doubleToolboxImage();
  let double: KubeDouble;
  let executor: Executor;
  const diagnose = (to: DiagnoseQuery['to'], port?: string): Promise<ApiView> =>
    executor.diagnose!({
      from: { kind: 'pod', name: 'checkout' },
      to,
      ...(port ? { port } : {}),
      namespace: 'front',
    });
  const finding = (view: ApiView, layer: 'service' | 'policy') =>
    view.findings.find((f) => f.layer === layer);

  beforeAll(async () => {
    double = await startKubeDouble({ holderImage: image });
    executor = executorFor(double, image);
    for (const name of ['front', 'shop'])
      await double.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    const pods = [
      webPod('checkout', 'front', { app: 'checkout' }, image),
      webPod('payments-1', 'shop', { app: 'payments' }, image),
      webPod('ledger-1', 'shop', { app: 'ledger' }, image),
      webPod('vault-1', 'shop', { app: 'vault' }, image),
      webPod('broken-1', 'shop', { app: 'broken' }, image, false),
      webPod('broken-2', 'shop', { app: 'broken' }, image, false),
    ];
    for (const pod of pods) await double.apply(pod);
    for (const name of ['payments', 'ledger', 'vault', 'broken'])
      await double.apply(service(name, { app: name }));
    // A typo in the selector: app=payment matches no pod.
    await double.apply(service('typo', { app: 'payment' }));
    await double.apply(allowFromFront('allow-front', 'payments'));
    await double.apply(allowFromFront('allow-front-vault', 'vault'));
    // Selects ledger and allows no ingress at all.
    await double.apply({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'deny-all-ingress', namespace: 'shop' },
      spec: { podSelector: { matchLabels: { app: 'ledger' } }, policyTypes: ['Ingress'] },
    });
    // Calico's GlobalNetworkPolicy at order 10 denies vault's ingress before the Kubernetes policy
    // that allows it (Kubernetes policies sit at order 1000 in Calico's default tier).
    await double.apply({
      apiVersion: 'crd.projectcalico.org/v1',
      kind: 'GlobalNetworkPolicy',
      metadata: { name: 'default.deny-vault' },
      spec: {
        tier: 'default',
        order: 10,
        selector: "app == 'vault'",
        types: ['Ingress'],
        ingress: [{ action: 'Deny', protocol: 'TCP', destination: { ports: [8080] } }],
      },
    });
    for (const name of ['payments-1', 'ledger-1', 'vault-1']) await double.waitForPodRunning('shop', name);
    await double.waitForPodRunning('front', 'checkout');
    for (const name of ['broken-1', 'broken-2'])
      await waitFor(async () => (await double.pod('shop', name)).status?.phase === 'Running', {
        what: `pod shop/${name} Running (its readiness probe failing)`,
        timeoutMs: 60_000,
        everyMs: 250,
      });
  });

  afterAll(async () => {
    await executor?.close();
    await double?.close();
  });

  it('healthy: a Service name resolves to its ClusterIP, its ready endpoint serves 8080, and the policy that allows is named', async () => {
    const view = await diagnose('payments.shop', '8080');
    const pod = await double.pod('shop', 'payments-1');
    expect(finding(view, 'service')).toMatchObject({
      status: 'ok',
      evidence: expect.stringMatching(/^svc\/payments 198\.18\.200\.\d+:8080 → 1 ready endpoint on 8080$/),
    });
    expect(view.serviceAddress).toMatchObject({ port: 8080, protocol: 'TCP' });
    expect(view.expectedName).toEqual({
      names: ['payments.shop', 'payments.shop.svc', 'payments.shop.svc.cluster.local'],
      addresses: [view.serviceAddress!.address],
    });
    expect(view.endpoints).toEqual([
      { address: pod.status!.podIP, port: 8080, protocol: 'TCP', label: 'endpoint pod/payments-1' },
    ]);
    expect(finding(view, 'policy')).toMatchObject({
      status: 'ok',
      evidence: expect.stringContaining('NetworkPolicy shop/allow-front'),
    });
    expect(view.notChecked).toBeUndefined();
  });

  it('a Service without ready endpoints: its pods fail their readiness probe', async () => {
    const view = await diagnose({ kind: 'svc', name: 'broken' }, '8080');
    // svc/ is looked up in the request's namespace (-n), as everywhere else.
    expect(finding(view, 'service')?.evidence).toMatch(/not found: no svc\/broken in namespace front/);
    const inShop = await executor.diagnose!({
      from: { kind: 'pod', name: 'checkout' },
      to: 'broken.shop',
      port: '8080',
      namespace: 'front',
    });
    expect(finding(inShop, 'service')).toMatchObject({
      status: 'fail',
      evidence: 'broken:8080 has no ready endpoints (2 not ready: readiness probe failing)',
    });
    expect(inShop.endpoints).toEqual([]);
  });

  it('a selector that matches nothing', async () => {
    const view = await diagnose('typo.shop', '8080');
    expect(finding(view, 'service')).toMatchObject({
      status: 'fail',
      evidence: 'svc/typo selects no pods (selector app=payment matches nothing in shop)',
    });
  });

  it('a named port that does not exist', async () => {
    const view = await diagnose('payments.shop.svc.cluster.local', 'grpc');
    expect(finding(view, 'service')).toMatchObject({
      status: 'fail',
      evidence: "svc/payments has no port named 'grpc' (ports: http 8080→http)",
    });
  });

  it('a NetworkPolicy that denies: it is named, with the pod it selects', async () => {
    const view = await diagnose('ledger.shop', 'http');
    expect(finding(view, 'service')?.status).toBe('ok');
    expect(finding(view, 'policy')).toMatchObject({
      status: 'fail',
      evidence: expect.stringMatching(/NetworkPolicy shop\/deny-all-ingress.*pod\/ledger-1/),
    });
  });

  it("an address that is a pod's IP is judged as that pod", async () => {
    const ip = (await double.pod('shop', 'ledger-1')).status!.podIP!;
    const view = await diagnose(ip, '8080');
    expect(view.notChecked?.service).toBe(`${ip} is an address, not a Service`);
    expect(view.endpoints).toEqual([
      { address: ip, port: 8080, protocol: 'TCP', label: `pod/ledger-1 (${ip})` },
    ]);
    expect(finding(view, 'policy')).toMatchObject({
      status: 'fail',
      evidence: expect.stringContaining('NetworkPolicy shop/deny-all-ingress'),
    });
  });

  it('a Calico GlobalNetworkPolicy that denies before the Kubernetes policy that allows', async () => {
    const view = await diagnose('vault.shop', '8080');
    expect(finding(view, 'policy')).toMatchObject({
      status: 'fail',
      evidence:
        'GlobalNetworkPolicy default.deny-vault (order 10) denies ingress from pod/checkout to pod/vault-1 on 8080',
    });
    // The Kubernetes policy that would allow it comes later in Calico's order, and is said as such.
    expect(finding(view, 'policy')?.details).toContain(
      'ingress of pod/vault-1: NetworkPolicy shop/allow-front-vault selects it too; not reached',
    );
  });

  it('a pod as TO: no Service layer, and policy judged for that pod on its named port', async () => {
    // From ledger in shop: allow-front selects payments-1 and lets in only namespace front.
    const view = await executor.diagnose!({
      from: { kind: 'pod', name: 'ledger-1' },
      to: { kind: 'pod', name: 'payments-1' },
      port: 'http',
      namespace: 'shop',
    });
    expect(view.notChecked?.service).toBe('pod/payments-1 is not a Service');
    expect(view.endpoints).toMatchObject([{ port: 8080, label: 'pod/payments-1' }]);
    expect(finding(view, 'policy')).toMatchObject({
      status: 'fail',
      evidence: expect.stringContaining('NetworkPolicy shop/allow-front'),
    });
  });
});
