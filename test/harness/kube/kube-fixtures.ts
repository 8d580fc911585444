import type { V1Pod } from '@kubernetes/client-node';
import {
  createKubeClients,
  loadKubeConfig,
  type KubeClients,
} from '../../../src/executors/kubernetes/kube-clients.js';
import type { Executor } from '../../../src/executors/executor.js';
import { createKubernetesExecutor } from '../../../src/executors/kubernetes/kubernetes-executor.js';
import type { KubeDouble } from './kube-double.js';

/** A pod of the toolbox image that just sleeps: a stand-in for any application pod. */
export function sleepingPod(
  name: string,
  image: string,
  extra: { labels?: Record<string, string>; namespace?: string; spec?: Partial<V1Pod['spec']> } = {},
): V1Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: extra.namespace ?? 'default', labels: extra.labels ?? { app: name } },
    spec: {
      containers: [{ name: 'app', image, command: ['sleep', 'infinity'] }],
      ...extra.spec,
    } as V1Pod['spec'],
  };
}

/** API clients pointed at the double through the kubeconfig it wrote, as a worker would load it. */
export function clientsFor(double: KubeDouble): KubeClients {
  return createKubeClients(loadKubeConfig({ kubeconfigPath: double.kubeconfigPath }));
}

/** The executor under test, pointed at the double as a worker of cluster `test` in namespace `netshoot`. */
export function executorFor(double: KubeDouble, image: string): Executor {
  return createKubernetesExecutor({
    clients: clientsFor(double),
    image,
    namespace: 'netshoot',
    cluster: 'test',
  });
}

/**
 * A DNS server for a test pod, in the toolbox image's Python: answers A queries for `records` and
 * NXDOMAIN for anything else. The toolbox image has no DNS server, and a pod that serves names is
 * what `dig` from another pod needs to reach through its resolver.
 */
export function dnsServerCommand(records: Readonly<Record<string, string>>): string[] {
  const script = [
    'import socket, struct, json, sys',
    'records = json.loads(sys.argv[1])',
    's = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)',
    "s.bind(('0.0.0.0', 53))",
    'while True:',
    '    data, peer = s.recvfrom(512)',
    '    i, labels = 12, []',
    '    while data[i]:',
    '        labels.append(data[i + 1:i + 1 + data[i]].decode()); i += data[i] + 1',
    '    qtype = struct.unpack(">H", data[i + 1:i + 3])[0]',
    '    question = data[12:i + 5]',
    "    name = '.'.join(labels).lower()",
    '    answer = b""',
    '    if name in records and qtype == 1:',
    '        answer = struct.pack(">HHHIH", 0xC00C, 1, 1, 60, 4) + socket.inet_aton(records[name])',
    '    flags = 0x8180 if name in records else 0x8183',
    '    header = struct.pack(">HHHHHH", struct.unpack(">H", data[:2])[0], flags, 1, 1 if answer else 0, 0, 0)',
    '    s.sendto(header + question + answer, peer)',
  ].join('\n');
  return ['python3', '-u', '-c', script, JSON.stringify(records)];
}
