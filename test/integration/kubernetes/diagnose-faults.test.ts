import { jest } from '@jest/globals';
import type { Executor } from '../../../src/executors/executor.js';
import type { ApiView, DiagnoseQuery } from '../../../src/diagnose/diagnosis.js';
import { describeWith } from '../../harness/infrastructure.js';
import { startKubeDouble, type KubeDouble } from '../../harness/kube/kube-double.js';
import { executorFor } from '../../harness/kube/kube-fixtures.js';
import { doubleToolboxImage } from '../../harness/kube/toolbox-image.js';
import { seedDiagnoseCluster } from '../../harness/kube/diagnose-cluster.js';

jest.setTimeout(240_000);

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
    await seedDiagnoseCluster(double, image);
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
