import type { ObjectStore } from './object-store.js';

/**
 * The one grant every cluster starts with (the bootstrap policy's `cluster-admin`, bound to the group
 * `system:masters`), so `kubectl get clusterroles` shows what a fresh cluster shows first and a review
 * for an admin is allowed as it would be. The other bootstrap roles (admin, edit, view) are left out:
 * they are aggregated by a controller the double does not run.
 */
export function seedClusterAdmin(store: ObjectStore): void {
  const rbac = 'rbac.authorization.k8s.io';
  const labels = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };
  store.store('clusterroles', {
    apiVersion: `${rbac}/v1`,
    kind: 'ClusterRole',
    metadata: { name: 'cluster-admin', labels },
    rules: [
      { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
      { nonResourceURLs: ['*'], verbs: ['*'] },
    ],
  });
  store.store('clusterrolebindings', {
    apiVersion: `${rbac}/v1`,
    kind: 'ClusterRoleBinding',
    metadata: { name: 'cluster-admin', labels },
    roleRef: { apiGroup: rbac, kind: 'ClusterRole', name: 'cluster-admin' },
    subjects: [{ apiGroup: rbac, kind: 'Group', name: 'system:masters' }],
  });
}
