import type { V1EndpointSlice, V1Pod, V1Service } from '@kubernetes/client-node';
import { classifyDestination } from '../../../../src/executors/kubernetes/diagnose/diagnose-destination.js';
import { judgeService } from '../../../../src/executors/kubernetes/diagnose/judge-service.js';
import { notReadyReason } from '../../../../src/executors/kubernetes/diagnose/pod-readiness.js';

describe("diagnose's TO as the Kubernetes API sees it", () => {
  it.each([
    [
      { kind: 'svc', name: 'payments' },
      { kind: 'service', name: 'payments', namespace: 'shop', written: 'target' },
    ],
    ['payments', { kind: 'service', name: 'payments', namespace: 'shop', written: 'name' }],
    ['payments.billing', { kind: 'service', name: 'payments', namespace: 'billing', written: 'name' }],
    ['payments.billing.svc', { kind: 'service', name: 'payments', namespace: 'billing', written: 'name' }],
    [
      'Payments.billing.svc.cluster.local.',
      { kind: 'service', name: 'payments', namespace: 'billing', written: 'name' },
    ],
    [
      'payments.billing.svc.corp.internal',
      { kind: 'service', name: 'payments', namespace: 'billing', written: 'name' },
    ],
    ['www.example.com', { kind: 'elsewhere', written: 'www.example.com' }],
    ['198.18.0.9', { kind: 'address', address: '198.18.0.9' }],
    [
      { kind: 'deploy', name: 'db' },
      { kind: 'pod', target: { kind: 'deploy', name: 'db' } },
    ],
    [
      { kind: 'node', name: 'n1' },
      { kind: 'elsewhere', written: 'node/n1' },
    ],
  ] as const)('%j is %j', (to, expected) => {
    expect(classifyDestination(to, 'shop')).toEqual(expected);
  });
});

const service = (spec: V1Service['spec']): V1Service => ({
  metadata: { name: 'payments', namespace: 'shop' },
  spec: { type: 'ClusterIP', clusterIP: '198.18.200.200', selector: { app: 'payments' }, ...spec },
});

const probe = { tcpSocket: { port: 8080 } };

function pod(
  name: string,
  state: 'ready' | 'probe-failing' | 'crashing' | 'pending',
  ports = [{ name: 'web', containerPort: 8080 }],
): V1Pod {
  const running = state === 'ready' || state === 'probe-failing';
  return {
    metadata: { name, namespace: 'shop', labels: { app: 'payments' } },
    spec: { containers: [{ name: 'app', image: 'x', ports, readinessProbe: probe }] },
    status: {
      phase: state === 'pending' ? 'Pending' : 'Running',
      podIP: state === 'pending' ? undefined : `198.18.200.${name.length + 10}`,
      conditions: [{ type: 'Ready', status: state === 'ready' ? 'True' : 'False' }],
      containerStatuses:
        state === 'pending'
          ? [
              {
                name: 'app',
                image: 'x',
                imageID: '',
                restartCount: 0,
                ready: false,
                state: { waiting: { reason: 'ContainerCreating' } },
              },
            ]
          : [
              {
                name: 'app',
                image: 'x',
                imageID: '',
                restartCount: 0,
                ready: state === 'ready',
                started: running,
                state: running ? { running: {} } : { waiting: { reason: 'CrashLoopBackOff' } },
              },
            ],
    },
  };
}

function slice(pods: V1Pod[], port = 8080): V1EndpointSlice {
  return {
    addressType: 'IPv4',
    metadata: { name: 'payments-abc', labels: { 'kubernetes.io/service-name': 'payments' } },
    ports: [{ name: 'http', port, protocol: 'TCP' }],
    endpoints: pods
      .filter((p) => p.status?.podIP)
      .map((p) => ({
        addresses: [p.status!.podIP!],
        conditions: { ready: p.status?.conditions?.[0]?.status === 'True' },
        targetRef: { kind: 'Pod', name: p.metadata!.name, namespace: 'shop' },
      })),
  };
}

const httpPort = { name: 'http', port: 8080, targetPort: 'web' as never, protocol: 'TCP' };

/** svc/payments (http 8080 → web) over these pods, each in the one slice when it has an IP. */
const judgePods = (pods: V1Pod[], port?: string, fromNamespace = 'shop') =>
  judgeService({
    service: service({ ports: [httpPort] }),
    slices: [slice(pods)],
    pods,
    ...(port ? { port } : {}),
    fromNamespace,
  });

describe("diagnose's service layer, from the objects", () => {
  it('names a Service with no ready endpoints and why its pods are not ready', () => {
    const pods = [pod('p-1', 'probe-failing'), pod('p-2', 'probe-failing'), pod('p-3', 'probe-failing')];
    const view = judgePods(pods, '8080');
    expect(view.finding).toMatchObject({
      status: 'fail',
      evidence: 'payments:8080 has no ready endpoints (3 not ready: readiness probe failing)',
    });
    expect(view.endpoints).toEqual([]);
  });

  it('counts pods not in any slice yet, and mixed reasons', () => {
    const pods = [pod('p-1', 'crashing'), pod('p-22', 'pending'), pod('p-333', 'probe-failing')];
    const view = judgePods(pods);
    expect(view.finding.evidence).toBe(
      'payments:8080 has no ready endpoints (3 not ready: 1 CrashLoopBackOff, 1 readiness probe failing, 1 Pending (ContainerCreating))',
    );
  });

  it('says a selector that matches nothing, with the selector and namespace', () => {
    const view = judgeService({
      service: service({ selector: { app: 'payment' }, ports: [httpPort] }),
      slices: [slice([])],
      pods: [],
      fromNamespace: 'shop',
    });
    expect(view.finding).toMatchObject({
      status: 'fail',
      evidence: 'svc/payments selects no pods (selector app=payment matches nothing in shop)',
    });
  });

  it('says a port name the Service does not have, with the ports it has', () => {
    const view = judgeService({
      service: service({ ports: [httpPort] }),
      slices: [],
      pods: [],
      port: 'grpc',
      fromNamespace: 'shop',
    });
    expect(view.finding).toMatchObject({
      status: 'fail',
      evidence: "svc/payments has no port named 'grpc' (ports: http 8080→web)",
    });
  });

  it('resolves a named targetPort in each pod, and warns about the endpoints that are not ready', () => {
    const pods = [pod('p-1', 'ready', [{ name: 'web', containerPort: 9000 }]), pod('p-22', 'probe-failing')];
    const view = judgePods(pods, 'http', 'default');
    expect(view.finding).toMatchObject({
      status: 'warn',
      evidence:
        'svc/payments 198.18.200.200:8080 → 1 ready endpoint on 9000 (1 not ready: readiness probe failing)',
    });
    expect(view.serviceAddress).toEqual({
      address: '198.18.200.200',
      port: 8080,
      protocol: 'TCP',
      label: 'svc/payments (ClusterIP)',
    });
    expect(view.endpoints).toEqual([
      { address: '198.18.200.13', port: 9000, protocol: 'TCP', label: 'endpoint pod/p-1' },
    ]);
    expect(view.expectedName).toEqual({
      names: ['payments.shop', 'payments.shop.svc', 'payments.shop.svc.cluster.local'],
      addresses: ['198.18.200.200'],
    });
  });

  it('fails when the ready pods do not declare the named targetPort', () => {
    const pods = [pod('p-1', 'ready', [{ name: 'metrics', containerPort: 9100 }])];
    const view = judgePods(pods);
    expect(view.finding.evidence).toBe(
      "payments:8080 has no ready endpoint serving it (1 ready pod declares no container port named 'web')",
    );
  });

  it("gives a headless Service's ready endpoints as the addresses its name resolves to", () => {
    const pods = [pod('p-1', 'ready')];
    const view = judgeService({
      service: service({ clusterIP: 'None', ports: [{ name: 'http', port: 8080 }] }),
      slices: [slice(pods)],
      pods,
      fromNamespace: 'shop',
    });
    expect(view.finding).toMatchObject({
      status: 'ok',
      evidence: 'svc/payments (headless) → 1 ready endpoint on 8080',
    });
    expect(view.serviceAddress).toBeUndefined();
    expect(view.expectedName?.addresses).toEqual(['198.18.200.13']);
  });

  it('says an ExternalName Service is a CNAME with no endpoints', () => {
    const view = judgeService({
      service: service({
        type: 'ExternalName',
        externalName: 'db.example.com',
        clusterIP: undefined,
        selector: undefined,
      }),
      slices: [],
      pods: [],
      fromNamespace: 'shop',
    });
    expect(view.finding.evidence).toBe(
      'svc/payments is an ExternalName Service for db.example.com: no ClusterIP and no endpoints, its name is a CNAME',
    );
  });
});

describe('why a pod is not ready', () => {
  it.each([
    ['readiness probe failing', pod('a', 'probe-failing')],
    ['CrashLoopBackOff', pod('a', 'crashing')],
    ['Pending (ContainerCreating)', pod('a', 'pending')],
    ['terminating', { ...pod('a', 'ready'), metadata: { name: 'a', deletionTimestamp: new Date() } }],
  ])('says %s', (reason, subject) => {
    expect(notReadyReason(subject)).toBe(reason);
  });
});
