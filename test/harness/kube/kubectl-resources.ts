const rbac = 'apis/rbac.authorization.k8s.io/v1';

/** The resource names kubectl accepts (plural, short, singular, kind) and the paths they map to. */
const resources: Record<string, { plural: string; group: string; namespaced: boolean; singular: string }> = {
  pods: { plural: 'pods', group: 'api/v1', namespaced: true, singular: 'pod' },
  namespaces: { plural: 'namespaces', group: 'api/v1', namespaced: false, singular: 'namespace' },
  services: { plural: 'services', group: 'api/v1', namespaced: true, singular: 'service' },
  nodes: { plural: 'nodes', group: 'api/v1', namespaced: false, singular: 'node' },
  deployments: {
    plural: 'deployments',
    group: 'apis/apps/v1',
    namespaced: true,
    singular: 'deployment.apps',
  },
  roles: { plural: 'roles', group: rbac, namespaced: true, singular: 'role.rbac.authorization.k8s.io' },
  rolebindings: {
    plural: 'rolebindings',
    group: rbac,
    namespaced: true,
    singular: 'rolebinding.rbac.authorization.k8s.io',
  },
  clusterroles: {
    plural: 'clusterroles',
    group: rbac,
    namespaced: false,
    singular: 'clusterrole.rbac.authorization.k8s.io',
  },
  clusterrolebindings: {
    plural: 'clusterrolebindings',
    group: rbac,
    namespaced: false,
    singular: 'clusterrolebinding.rbac.authorization.k8s.io',
  },
};
const aliases: Record<string, string> = {
  po: 'pods',
  pod: 'pods',
  Pod: 'pods',
  ns: 'namespaces',
  namespace: 'namespaces',
  Namespace: 'namespaces',
  svc: 'services',
  service: 'services',
  Service: 'services',
  no: 'nodes',
  node: 'nodes',
  Node: 'nodes',
  deploy: 'deployments',
  deployment: 'deployments',
  Deployment: 'deployments',
  role: 'roles',
  Role: 'roles',
  rolebinding: 'rolebindings',
  RoleBinding: 'rolebindings',
  clusterrole: 'clusterroles',
  ClusterRole: 'clusterroles',
  clusterrolebinding: 'clusterrolebindings',
  ClusterRoleBinding: 'clusterrolebindings',
};

export function pluralOf(resource: string): string {
  const plural = resources[resource] ? resource : aliases[resource];
  if (!plural) throw new Error(`the replay does not know the resource ${resource}`);
  return plural;
}

export const namespaced = (plural: string) => resources[plural]!.namespaced;
export const singular = (plural: string) => resources[plural]!.singular;
/** The API group of a resource: '' for the core group, `apps`, `rbac.authorization.k8s.io`. */
export const apiGroupOf = (plural: string) => resources[plural]!.group.split('/').slice(1, -1).join('/');

export function collectionPath(plural: string, namespace: string): string {
  const { group } = resources[plural]!;
  return `/${group}${namespaced(plural) ? `/namespaces/${namespace}` : ''}/${plural}`;
}
