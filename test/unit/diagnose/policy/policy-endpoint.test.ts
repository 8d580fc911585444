import { describe, expect, it } from '@jest/globals';
import { ipInCidr } from '../../../../src/diagnose/policy/cidr.js';
import { policyEndpointOfPod } from '../../../../src/diagnose/policy/policy-endpoint.js';

// A pod and namespace shaped as `kubectl get -o json` prints them (core/v1), dual-stack.

describe('policyEndpointOfPod', () => {
  it('reads labels, namespace labels, pod IPs, named container ports and the service account', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'payments-1', namespace: 'shop', labels: { app: 'payments' } },
      spec: {
        serviceAccountName: 'payments',
        containers: [
          {
            name: 'app',
            ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }, { containerPort: 9090 }],
          },
          { name: 'dns', ports: [{ name: 'dns', containerPort: 5353, protocol: 'UDP' }] },
        ],
      },
      status: { podIP: '198.18.0.20', podIPs: [{ ip: '198.18.0.20' }, { ip: 'fd00::20' }] },
    };
    const namespace = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'shop', labels: { team: 'shop' } },
    };
    expect(policyEndpointOfPod(pod, namespace)).toEqual({
      label: 'pod/payments-1',
      namespace: 'shop',
      labels: { app: 'payments' },
      namespaceLabels: { team: 'shop' },
      ips: ['198.18.0.20', 'fd00::20'],
      ports: [
        { name: 'http', port: 8080, protocol: 'TCP' },
        { port: 9090, protocol: 'TCP' },
        { name: 'dns', port: 5353, protocol: 'UDP' },
      ],
      serviceAccount: 'payments',
    });
  });

  it('falls back to status.podIP and reads a pod without namespace object or ports', () => {
    const pod = {
      metadata: { name: 'x', namespace: 'web' },
      spec: { containers: [{ name: 'c' }] },
      status: { podIP: '198.18.0.9' },
    };
    expect(policyEndpointOfPod(pod)).toEqual({
      label: 'pod/x',
      namespace: 'web',
      labels: {},
      namespaceLabels: {},
      ips: ['198.18.0.9'],
      ports: [],
    });
  });
});

describe('ipInCidr', () => {
  it.each([
    ['198.18.1.9', '198.18.0.0/16', true],
    ['198.19.0.1', '198.18.0.0/16', false],
    ['198.18.1.9', '198.18.1.9', true],
    ['198.18.1.9', '198.18.1.9/32', true],
    ['fd00::20', 'fd00::/8', true],
    ['fd00::20', '198.18.0.0/15', false],
    ['198.18.0.1', 'fd00::/8', false],
    ['198.18.0.1', '198.18.0.0/33', false],
    ['not-an-ip', '198.18.0.0/15', false],
  ])('%s in %s: %s', (ip, cidr, expected) => {
    expect(ipInCidr(ip, cidr)).toBe(expected);
  });
});
