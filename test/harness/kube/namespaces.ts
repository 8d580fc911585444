import type { KubeObject, ObjectStore } from './object-store.js';

/** The namespaces a fresh cluster has, plus the one the bot's deploy/ uses. */
export function seedNamespaces(store: ObjectStore): void {
  for (const name of ['default', 'kube-system', 'netshoot']) {
    store.store('namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name },
      spec: {},
    });
    completeNamespace(store.get('namespaces', '', name));
  }
}

/** What the server adds to a namespace on create: its name label, and Active. */
export function completeNamespace(namespace: KubeObject): KubeObject {
  const metadata = (namespace.metadata ??= {});
  metadata.labels = { ...metadata.labels, 'kubernetes.io/metadata.name': metadata.name! };
  namespace.status = { phase: 'Active' };
  return namespace;
}
