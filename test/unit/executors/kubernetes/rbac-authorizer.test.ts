import { authorize, type AccessRequest, type RbacObjects } from '../../../harness/kube/rbac-authorizer.js';

const rbac = 'rbac.authorization.k8s.io';

/** A small cluster's grants: what the double's SubjectAccessReview is held to, as the real RBAC decides. */
const objects: RbacObjects = {
  clusterRoles: [
    { metadata: { name: 'cluster-admin' }, rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }] },
    {
      metadata: { name: 'pod-debugger' },
      rules: [
        { apiGroups: [''], resources: ['pods/ephemeralcontainers'], verbs: ['patch'] },
        { apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] },
      ],
    },
    {
      metadata: { name: 'node-toolboxes' },
      rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['create'] }],
    },
    {
      metadata: { name: 'every-subresource-reader' },
      rules: [
        { apiGroups: ['*'], resources: ['*/status'], verbs: ['get'] },
        { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get'] },
      ],
    },
    { metadata: { name: 'empty' }, rules: null },
    { metadata: { name: 'metrics' }, rules: [{ nonResourceURLs: ['/metrics', '/debug/*'], verbs: ['get'] }] },
  ],
  roles: [
    {
      metadata: { name: 'exec-web-only', namespace: 'shop' },
      rules: [
        { apiGroups: [''], resources: ['pods/exec'], verbs: ['create'], resourceNames: ['web'] },
        { apiGroups: [''], resources: ['pods/ephemeralcontainers'], verbs: ['*'], resourceNames: ['web'] },
      ],
    },
  ],
  clusterRoleBindings: [
    {
      metadata: { name: 'admins' },
      roleRef: { kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ kind: 'Group', name: 'system:masters' }],
    },
    {
      metadata: { name: 'sre-debug-everywhere' },
      roleRef: { kind: 'ClusterRole', name: 'pod-debugger' },
      subjects: [
        { kind: 'Group', name: 'sre' },
        { kind: 'ServiceAccount', name: 'runner', namespace: 'ci' },
      ],
    },
    {
      metadata: { name: 'readers' },
      roleRef: { kind: 'ClusterRole', name: 'every-subresource-reader' },
      subjects: [{ kind: 'User', name: 'rita' }],
    },
    {
      metadata: { name: 'scrapers' },
      roleRef: { kind: 'ClusterRole', name: 'metrics' },
      subjects: [{ kind: 'User', name: 'prometheus' }],
    },
  ],
  roleBindings: [
    {
      metadata: { name: 'alice-web', namespace: 'shop' },
      roleRef: { kind: 'Role', name: 'exec-web-only' },
      subjects: [{ kind: 'User', name: 'alice@example.com', namespace: undefined }],
    },
    {
      metadata: { name: 'bob-debugs-shop', namespace: 'shop' },
      roleRef: { kind: 'ClusterRole', name: 'pod-debugger' },
      subjects: [{ kind: 'User', name: 'bob' }],
    },
    {
      metadata: { name: 'toolboxes', namespace: 'netshoot' },
      roleRef: { kind: 'ClusterRole', name: 'node-toolboxes' },
      // A ServiceAccount without a namespace is the binding's own namespace's.
      subjects: [
        { kind: 'ServiceAccount', name: 'netshoot-worker' },
        { kind: 'Group', name: 'oncall' },
      ],
    },
    {
      metadata: { name: 'dangling', namespace: 'shop' },
      roleRef: { kind: 'Role', name: 'gone' },
      subjects: [{ kind: 'User', name: 'carol' }],
    },
  ],
};

function resource(
  who: Pick<AccessRequest, 'user' | 'groups'>,
  verb: string,
  what: string,
  namespace = '',
  name = '',
  group = '',
): AccessRequest {
  const [plural, subresource = ''] = what.split('/') as [string, string?];
  return {
    ...who,
    resourceAttributes: { namespace, verb, group, resource: plural, subresource, name },
  };
}

describe("the double's RBAC authorizer", () => {
  it.each<[string, AccessRequest, boolean, string?]>([
    [
      'a group bound cluster-wide may do anything',
      resource({ user: 'root', groups: ['system:masters'] }, 'delete', 'nodes', '', 'n1'),
      true,
      'RBAC: allowed by ClusterRoleBinding "admins" of ClusterRole "cluster-admin" to Group "system:masters"',
    ],
    [
      'a group member may add an ephemeral container in any namespace',
      resource({ user: 'sam', groups: ['sre'] }, 'patch', 'pods/ephemeralcontainers', 'prod', 'api'),
      true,
      'RBAC: allowed by ClusterRoleBinding "sre-debug-everywhere" of ClusterRole "pod-debugger" to Group "sre"',
    ],
    [
      'the same grant is not create on the subresource (the verb must match)',
      resource({ user: 'sam', groups: ['sre'] }, 'create', 'pods/ephemeralcontainers', 'prod', 'api'),
      false,
    ],
    [
      'pods/exec does not grant pods',
      resource({ user: 'sam', groups: ['sre'] }, 'create', 'pods', 'prod'),
      false,
    ],
    [
      'a user named by a RoleBinding may exec into the pod its Role names',
      resource({ user: 'alice@example.com' }, 'create', 'pods/exec', 'shop', 'web'),
      true,
      'RBAC: allowed by RoleBinding "alice-web/shop" of Role "exec-web-only" to User "alice@example.com"',
    ],
    [
      'but not into another pod (resourceNames)',
      resource({ user: 'alice@example.com' }, 'create', 'pods/exec', 'shop', 'cart'),
      false,
    ],
    [
      'nor into a request without a name when the rule names pods',
      resource({ user: 'alice@example.com' }, 'create', 'pods/exec', 'shop'),
      false,
    ],
    [
      "a verb wildcard covers patch in the Role's rule",
      resource({ user: 'alice@example.com' }, 'patch', 'pods/ephemeralcontainers', 'shop', 'web'),
      true,
    ],
    [
      'nor in another namespace with the same pod name (a RoleBinding holds in its namespace)',
      resource({ user: 'alice@example.com' }, 'create', 'pods/exec', 'prod', 'web'),
      false,
    ],
    [
      'a RoleBinding of a ClusterRole grants it in that namespace',
      resource({ user: 'bob' }, 'create', 'pods/exec', 'shop', 'cart'),
      true,
      'RBAC: allowed by RoleBinding "bob-debugs-shop/shop" of ClusterRole "pod-debugger" to User "bob"',
    ],
    ['and not in another', resource({ user: 'bob' }, 'create', 'pods/exec', 'prod', 'cart'), false],
    ['nor at the cluster scope', resource({ user: 'bob' }, 'create', 'pods/exec'), false],
    [
      'a group in a RoleBinding may create pods in that namespace',
      resource({ groups: ['oncall'] }, 'create', 'pods', 'netshoot'),
      true,
      'RBAC: allowed by RoleBinding "toolboxes/netshoot" of ClusterRole "node-toolboxes" to Group "oncall"',
    ],
    [
      "a ServiceAccount subject without a namespace is the binding's namespace's",
      resource({ user: 'system:serviceaccount:netshoot:netshoot-worker' }, 'create', 'pods', 'netshoot'),
      true,
      'RBAC: allowed by RoleBinding "toolboxes/netshoot" of ClusterRole "node-toolboxes" to ServiceAccount "netshoot-worker/netshoot"',
    ],
    [
      'a ServiceAccount of the same name in another namespace is someone else',
      resource({ user: 'system:serviceaccount:default:netshoot-worker' }, 'create', 'pods', 'netshoot'),
      false,
    ],
    [
      'a ServiceAccount bound cluster-wide with its namespace',
      resource({ user: 'system:serviceaccount:ci:runner' }, 'create', 'pods/exec', 'x', 'y'),
      true,
      'RBAC: allowed by ClusterRoleBinding "sre-debug-everywhere" of ClusterRole "pod-debugger" to ServiceAccount "runner/ci"',
    ],
    ['a user name is not a group name', resource({ user: 'sre' }, 'create', 'pods/exec', 'x', 'y'), false],
    [
      '*/status matches the status subresource of any resource',
      resource({ user: 'rita' }, 'get', 'deployments/status', 'shop', 'web', 'apps'),
      true,
    ],
    [
      '*/status does not match the resource itself',
      resource({ user: 'rita' }, 'get', 'pods', 'shop', 'web'),
      false,
    ],
    [
      'the API group must match: deployments in apps, not in the core group',
      resource({ user: 'rita' }, 'get', 'deployments', 'shop', 'web', ''),
      false,
    ],
    ['deployments in apps', resource({ user: 'rita' }, 'get', 'deployments', 'shop', 'web', 'apps'), true],
    [
      'a non-resource URL by prefix',
      { user: 'prometheus', nonResourceAttributes: { path: '/debug/pprof', verb: 'get' } },
      true,
    ],
    [
      'a non-resource URL not listed',
      { user: 'prometheus', nonResourceAttributes: { path: '/healthz', verb: 'get' } },
      false,
    ],
    ['nobody bound is refused', resource({ user: 'mallory' }, 'get', 'pods', 'shop', 'web'), false],
    // A default for the reason: rows without one would otherwise make jest pass its done callback.
  ])('%s', (_title, request, allowed, reason: string | undefined = undefined) => {
    const decision = authorize(objects, request);
    expect(decision.allowed).toBe(allowed);
    if (reason) expect(decision.reason).toBe(reason);
    if (!allowed) expect(decision.reason).toBeUndefined();
  });

  it('reports a binding whose Role is missing, as the real authorizer does, and still refuses', () => {
    expect(authorize(objects, resource({ user: 'carol' }, 'get', 'pods', 'shop', 'web'))).toEqual({
      allowed: false,
      evaluationError: `[role.${rbac} "gone" not found]`,
    });
  });
});
