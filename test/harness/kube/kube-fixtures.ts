import type { V1Pod } from '@kubernetes/client-node';
import { createKubeClients, loadKubeConfig, type KubeClients } from '../../../src/executors/kubernetes/kube-clients.js';
import type { KubeDouble } from './kube-double.js';

/** A pod of the toolbox image that just sleeps: a stand-in for any application pod. */
export function sleepingPod(name: string, image: string, extra: { labels?: Record<string, string>; namespace?: string; spec?: Partial<V1Pod['spec']> } = {}): V1Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: extra.namespace ?? 'default', labels: extra.labels ?? { app: name } },
    spec: { containers: [{ name: 'app', image, command: ['sleep', 'infinity'] }], ...extra.spec } as V1Pod['spec'],
  };
}

/** API clients pointed at the double through the kubeconfig it wrote, as a worker would load it. */
export function clientsFor(double: KubeDouble): KubeClients {
  return createKubeClients(loadKubeConfig({ kubeconfigPath: double.kubeconfigPath }));
}
