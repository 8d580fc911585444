/** What kubectl reads before it does anything: the server version and which resources exist where. */

import { customGroupResources } from './custom-resources.js';

export const serverVersion = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.4-netshoot-double',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z',
  goVersion: 'go1.23.8',
  compiler: 'gc',
  platform: 'linux/amd64',
};

interface Resource {
  name: string;
  namespaced: boolean;
  kind: string;
  verbs: string[];
  shortNames?: string[];
}

const objectVerbs = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];

export const coreResources: Resource[] = [
  { name: 'namespaces', namespaced: false, kind: 'Namespace', verbs: objectVerbs, shortNames: ['ns'] },
  { name: 'nodes', namespaced: false, kind: 'Node', verbs: objectVerbs, shortNames: ['no'] },
  { name: 'pods', namespaced: true, kind: 'Pod', verbs: objectVerbs, shortNames: ['po'] },
  { name: 'pods/ephemeralcontainers', namespaced: true, kind: 'Pod', verbs: ['get', 'patch', 'update'] },
  { name: 'pods/exec', namespaced: true, kind: 'PodExecOptions', verbs: ['create', 'get'] },
  { name: 'pods/log', namespaced: true, kind: 'Pod', verbs: ['get'] },
  { name: 'pods/status', namespaced: true, kind: 'Pod', verbs: ['get', 'patch', 'update'] },
  { name: 'services', namespaced: true, kind: 'Service', verbs: objectVerbs, shortNames: ['svc'] },
];

export const groupResources: Record<string, Resource[]> = {
  'apps/v1': [
    { name: 'deployments', namespaced: true, kind: 'Deployment', verbs: objectVerbs, shortNames: ['deploy'] },
    { name: 'statefulsets', namespaced: true, kind: 'StatefulSet', verbs: objectVerbs, shortNames: ['sts'] },
    { name: 'daemonsets', namespaced: true, kind: 'DaemonSet', verbs: objectVerbs, shortNames: ['ds'] },
  ],
  'discovery.k8s.io/v1': [
    { name: 'endpointslices', namespaced: true, kind: 'EndpointSlice', verbs: objectVerbs },
  ],
  // Stored and listed as given (diagnose reads them); no controller enforces them in the double.
  'networking.k8s.io/v1': [
    {
      name: 'networkpolicies',
      namespaced: true,
      kind: 'NetworkPolicy',
      verbs: objectVerbs,
      shortNames: ['netpol'],
    },
  ],
  'rbac.authorization.k8s.io/v1': [
    { name: 'clusterrolebindings', namespaced: false, kind: 'ClusterRoleBinding', verbs: objectVerbs },
    { name: 'clusterroles', namespaced: false, kind: 'ClusterRole', verbs: objectVerbs },
    { name: 'rolebindings', namespaced: true, kind: 'RoleBinding', verbs: objectVerbs },
    { name: 'roles', namespaced: true, kind: 'Role', verbs: objectVerbs },
  ],
  // Reviews are asked, not stored: create is their only verb, as on a real server.
  'authorization.k8s.io/v1': [
    {
      name: 'selfsubjectaccessreviews',
      namespaced: false,
      kind: 'SelfSubjectAccessReview',
      verbs: ['create'],
    },
    { name: 'subjectaccessreviews', namespaced: false, kind: 'SubjectAccessReview', verbs: ['create'] },
  ],
  ...Object.fromEntries(
    Object.entries(customGroupResources).map(([groupVersion, resources]) => [
      groupVersion,
      // What the double does with a custom resource (custom-resources.ts): no patch, no update.
      resources.map((resource) => ({ ...resource, verbs: ['create', 'delete', 'get', 'list'] })),
    ]),
  ),
};

export function apiVersions(serverAddress: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

/** Every served group, less those not installed on this double (`hidden`: `crd.projectcalico.org/v1`). */
export function apiGroupList(hidden: readonly string[] = []) {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: Object.keys(groupResources)
      .filter((groupVersion) => !hidden.includes(groupVersion))
      .map((groupVersion) => {
        const [name, version] = groupVersion.split('/') as [string, string];
        const preferred = { groupVersion, version };
        return { name, versions: [preferred], preferredVersion: preferred };
      }),
  };
}

export function resourceList(groupVersion: string) {
  const resources = groupVersion === 'v1' ? coreResources : groupResources[groupVersion];
  if (!resources) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion,
    resources: resources.map((resource) => ({ singularName: '', ...resource })),
  };
}
