import type { V1Pod } from '@kubernetes/client-node';
import { decidePolicy } from '../../../../src/diagnose/policy/decide-policy.js';
import { judgePolicy } from '../../../../src/executors/kubernetes/diagnose/judge-policy.js';
import { policyEndpoint } from '../../../../src/executors/kubernetes/diagnose/policy-endpoint.js';

function pod(name: string, namespace: string, labels: Record<string, string>, ip: string): V1Pod {
  return {
    metadata: { name, namespace, labels },
    spec: {
      serviceAccountName: name,
      containers: [{ name: 'app', image: 'x', ports: [{ name: 'http', containerPort: 8080 }] }],
    },
    status: { podIP: ip, podIPs: [{ ip }] },
  };
}

const front = { 'kubernetes.io/metadata.name': 'front' };
const shop = { 'kubernetes.io/metadata.name': 'shop' };
const checkout = policyEndpoint(pod('checkout', 'front', { app: 'checkout' }, '198.18.200.2'), front);
const payments = [1, 2].map((n) => ({
  end: policyEndpoint(
    pod(`payments-${n}`, 'shop', { app: 'payments', canary: String(n === 2) }, `198.18.200.1${n}`),
    shop,
  ),
  port: 8080,
  protocol: 'TCP' as const,
}));

/** Denies all ingress to the canary payments pod only. */
const denyCanary = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'deny-canary', namespace: 'shop' },
  spec: { podSelector: { matchLabels: { canary: 'true' } }, policyTypes: ['Ingress'] },
};

describe("diagnose's policy layer over a Service's endpoints", () => {
  it('reads a pod as policy sees it: labels, namespace labels, IPs, named ports, ServiceAccount', () => {
    expect(checkout).toEqual({
      label: 'pod/checkout',
      namespace: 'front',
      labels: { app: 'checkout' },
      namespaceLabels: front,
      ips: ['198.18.200.2'],
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      serviceAccount: 'checkout',
    });
  });

  it('warns when a policy denies some endpoints of a Service but not all', () => {
    const finding = judgePolicy(decidePolicy, checkout, payments, { networkPolicies: [denyCanary] }, []);
    expect(finding.status).toBe('warn');
    expect(finding.evidence).toMatch(/NetworkPolicy shop\/deny-canary.*\(1 of 2 endpoints denied\)$/);
    expect(finding.details?.some((line) => line.startsWith('pod/payments-1:8080: '))).toBe(true);
  });

  it('fails when every endpoint is denied, naming the deciding policy', () => {
    const finding = judgePolicy(
      decidePolicy,
      checkout,
      payments.slice(1),
      { networkPolicies: [denyCanary] },
      [],
    );
    expect(finding).toMatchObject({
      status: 'fail',
      evidence: expect.stringContaining('NetworkPolicy shop/deny-canary'),
    });
  });

  it('is ok when no policy selects either end, and keeps a note on what was not read', () => {
    const note = 'Calico absent (no projectcalico.org API, no Calico CRDs): Kubernetes NetworkPolicies only';
    const finding = judgePolicy(
      decidePolicy,
      checkout,
      payments.slice(0, 1),
      { networkPolicies: [denyCanary] },
      [note],
    );
    expect(finding.status).toBe('ok');
    expect(finding.details?.[0]).toBe(note);
  });

  it('judges an address TO by FROM’s egress alone', () => {
    const egress = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'egress-in-cluster', namespace: 'front' },
      spec: {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{ to: [{ ipBlock: { cidr: '198.18.200.0/24' } }] }],
      },
    };
    const outside = {
      end: { label: '198.19.0.9', ips: ['198.19.0.9'] },
      port: 443,
      protocol: 'TCP' as const,
    };
    const finding = judgePolicy(decidePolicy, checkout, [outside], { networkPolicies: [egress] }, []);
    expect(finding).toMatchObject({
      status: 'fail',
      evidence: expect.stringContaining('front/egress-in-cluster'),
    });
  });
});
