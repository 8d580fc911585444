import type {
  PolicyAddress,
  PolicyEndpoint,
  PolicyQuestion,
} from '../../../../src/diagnose/policy/policy-question.js';

// Ends and questions shaped as the Kubernetes executor builds them from pods it read. Addresses are
// in 198.18.0.0/15, the range this project's tests use.

export function pod(
  label: string,
  namespace: string,
  labels: Record<string, string>,
  more: Partial<Omit<PolicyEndpoint, 'label' | 'namespace' | 'labels'>> = {},
): PolicyEndpoint {
  return { label, namespace, labels, namespaceLabels: {}, ips: [], ports: [], ...more };
}

export function address(ip: string): PolicyAddress {
  return { label: ip, ips: [ip] };
}

export function ask(
  from: PolicyQuestion['from'],
  to: PolicyQuestion['to'],
  port: number,
  protocol: PolicyQuestion['protocol'] = 'TCP',
): PolicyQuestion {
  return { from, to, port, protocol };
}

export const checkout = pod(
  'pod/checkout-1',
  'shop',
  { app: 'checkout' },
  {
    namespaceLabels: { team: 'shop' },
    ips: ['198.18.0.10'],
    serviceAccount: 'checkout',
  },
);

export const payments = pod(
  'pod/payments-1',
  'shop',
  { app: 'payments', tier: 'backend' },
  {
    namespaceLabels: { team: 'shop' },
    ips: ['198.18.0.20'],
    ports: [
      { name: 'http', port: 8080, protocol: 'TCP' },
      { name: 'metrics', port: 9090, protocol: 'TCP' },
      { name: 'dns', port: 5353, protocol: 'UDP' },
    ],
    serviceAccount: 'payments',
  },
);

export const monitoring = pod(
  'pod/prometheus-0',
  'monitoring',
  { app: 'prometheus' },
  {
    namespaceLabels: { purpose: 'monitoring' },
    ips: ['198.18.5.7'],
  },
);

export const database = address('198.18.3.4');

/** A networking.k8s.io/v1 NetworkPolicy object as the API returns it. */
export function networkPolicy(namespace: string, name: string, spec: Record<string, unknown>) {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec };
}

/** A projectcalico.org/v3 GlobalNetworkPolicy object. */
export function globalNetworkPolicy(name: string, spec: Record<string, unknown>) {
  return { apiVersion: 'projectcalico.org/v3', kind: 'GlobalNetworkPolicy', metadata: { name }, spec };
}

/** A projectcalico.org/v3 (namespaced) NetworkPolicy object. */
export function calicoNetworkPolicy(namespace: string, name: string, spec: Record<string, unknown>) {
  return { apiVersion: 'projectcalico.org/v3', kind: 'NetworkPolicy', metadata: { name, namespace }, spec };
}

/** A projectcalico.org/v3 Tier object. */
export function tier(name: string, spec: Record<string, unknown>) {
  return { apiVersion: 'projectcalico.org/v3', kind: 'Tier', metadata: { name }, spec };
}
