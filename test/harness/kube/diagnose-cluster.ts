import type { V1Pod } from '@kubernetes/client-node';
import { waitFor } from '../wait-for.js';
import type { KubeDouble } from './kube-double.js';

// The cluster diagnose's faults are made in (issue 14, item 4): namespaces front and shop, checkout in
// front, and in shop one Service per fault: payments (healthy, allowed from front), broken (pods
// failing their readiness probe), typo (a selector matching nothing), ledger (a NetworkPolicy
// denying all ingress), vault (a Calico GlobalNetworkPolicy denying before the Kubernetes policy
// that allows). Pods are real containers: probes, EndpointSlices and the ClusterIP behave.

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

/** Creates the cluster in `double` and waits until every pod is Running (broken ones not ready). */
export async function seedDiagnoseCluster(double: KubeDouble, image: string): Promise<void> {
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
}
