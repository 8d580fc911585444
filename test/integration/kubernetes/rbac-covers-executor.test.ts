import { jest } from '@jest/globals';
import { describeWith } from '../../harness/infrastructure.js';
import { startKubeDouble, type AccessLogEntry, type KubeDouble } from '../../harness/kube/kube-double.js';
import { clientsFor, sleepingPod } from '../../harness/kube/kube-fixtures.js';
import { renderKustomization } from '../../harness/kube/render-deploy.js';
import { doubleToolboxImage } from '../../harness/kube/toolbox-image.js';
import { waitFor } from '../../harness/wait-for.js';
import { createKubernetesExecutor } from '../../../src/executors/kubernetes/kubernetes-executor.js';
import type { Executor } from '../../../src/executors/executor.js';

jest.setTimeout(180_000);

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}
interface Grant {
  role: string;
  /** undefined: every namespace (a ClusterRole bound by a ClusterRoleBinding). */
  namespace?: string;
  rules: Rule[];
}

interface RbacObject {
  kind: string;
  metadata: { name: string; namespace?: string };
  rules: Rule[];
  roleRef: { kind: string; name: string };
  subjects?: { kind: string; name: string; namespace: string }[];
}

/** The rules bound to the worker's ServiceAccount in the rendered base, as the authorizer sees them. */
async function workerGrants(): Promise<Grant[]> {
  const objects = (await renderKustomization('deploy/base')) as unknown as RbacObject[];
  const roles = objects.filter((o) => o.kind === 'ClusterRole' || o.kind === 'Role');
  const bindings = objects.filter(
    (o) =>
      (o.kind === 'ClusterRoleBinding' || o.kind === 'RoleBinding') &&
      o.subjects?.some(
        (s) => s.kind === 'ServiceAccount' && s.name === 'netshoot-worker' && s.namespace === 'netshoot',
      ),
  );
  return bindings.map((binding) => {
    const role = roles.find(
      (r) => r.kind === binding.roleRef.kind && r.metadata.name === binding.roleRef.name,
    )!;
    return {
      role: role.metadata.name,
      namespace: binding.kind === 'RoleBinding' ? binding.metadata.namespace : undefined,
      rules: role.rules,
    };
  });
}

function grantsFor(grants: Grant[], entry: AccessLogEntry, verb: string): boolean {
  const resource = entry.subresource ? `${entry.resource}/${entry.subresource}` : entry.resource;
  return grants.some(
    (grant) =>
      (grant.namespace === undefined || grant.namespace === entry.namespace) &&
      grant.rules.some(
        (rule) =>
          rule.apiGroups.includes(entry.apiGroup) &&
          rule.resources.includes(resource) &&
          rule.verbs.includes(verb),
      ),
  );
}

const calicoQuery = {
  argv: ['calicoctl'],
  allNamespaces: false,
  showBlocks: false,
  namespace: 'default',
} as const;

describeWith(['docker'], "the worker's RBAC and the API calls the Kubernetes executor makes", () => {
  const image = doubleToolboxImage();
  let double: KubeDouble;
  let executor: Executor;

  beforeAll(async () => {
    double = await startKubeDouble({ holderImage: image });
    // Every toolbox counts as idle at once, so housekeeping deletes the node toolbox too.
    executor = createKubernetesExecutor({
      clients: clientsFor(double),
      image,
      namespace: 'netshoot',
      cluster: 'test',
      nodeIdleMs: 1,
    });
    await double.apply(sleepingPod('api-0', image, { labels: { app: 'api' } }));
    const template = { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'app', image }] } };
    const selector = { matchLabels: { app: 'api' } };
    await double.apply({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'api', namespace: 'default' },
      spec: { selector, template },
    });
    await double.apply({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'api', namespace: 'default' },
      spec: { selector, template, serviceName: 'api' },
    });
    await double.apply({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'api', namespace: 'default' },
      spec: { selector, template },
    });
    await double.apply({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'api', namespace: 'default' },
      spec: { selector: { app: 'api' }, ports: [{ port: 80 }] },
    });
    await double.waitForPodRunning('default', 'api-0');
  });

  afterAll(async () => {
    await executor?.close();
    await double?.close();
  });

  it('grants every call the executor made, and grants no verb the executor never used', async () => {
    for (const kind of ['pod', 'deploy', 'sts', 'ds', 'svc'] as const) {
      const session = await executor.open(
        { kind, name: kind === 'pod' ? 'api-0' : 'api' },
        { namespace: 'default' },
      );
      expect((await session.run(['true'], { timeoutMs: 10_000 })).exitCode).toBe(0);
    }
    // A job for a person the policy maps to Kubernetes: the reviews are calls the worker makes too.
    const person = { user: 'alice@example.com', groups: ['sre'] };
    await double.apply({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'sre-admins' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'sre' }],
    });
    await executor.open({ kind: 'pod', name: 'api-0' }, { namespace: 'default', kubernetesIdentity: person });
    const node = await executor.open(
      { kind: 'node', name: 'double-node-1' },
      { namespace: 'default', kubernetesIdentity: person },
    );
    const canceled = new AbortController();
    const sleeping = node.run(['sleep', '30'], { timeoutMs: 20_000, signal: canceled.signal });
    // Cancel once it runs, so that the far-side kill (and its API calls) is part of what is checked.
    await waitFor(
      async () => (await node.run(['pgrep', '-f', '^sleep 30$'], { timeoutMs: 5000 })).stdout.trim() !== '',
      { what: 'sleep 30 running in the node toolbox' },
    );
    canceled.abort();
    expect((await sleeping).canceled).toBe(true);
    for (const kind of ['pod', 'svc', 'node'] as const) {
      await executor.resolveAddress(
        { kind, name: kind === 'pod' ? 'api-0' : kind === 'svc' ? 'api' : 'double-node-1' },
        { namespace: 'default' },
      );
    }
    await executor.stats!({ kind: 'pod', name: 'api-0' }, { namespace: 'default' });
    await executor.stats!({ kind: 'node', name: 'double-node-1' }, { namespace: 'default' });
    // calicoctl without the binary: Calico's API server first (absent here: 404), then the CRDs, pods for weps.
    for (const what of ['ippool', 'gnp', 'np', 'wep'])
      for (const allNamespaces of [false, true])
        await executor.calico!({ ...calicoQuery, verb: 'get', what, allNamespaces });
    await executor.calico!({ ...calicoQuery, verb: 'ipam', showBlocks: true });
    // diagnose: a Service (slices, pods, NetworkPolicies, namespaces, Calico's policies), a pod, and
    // a name that names no Service (whose namespace is looked up to say so).
    const diagnosis = await executor.diagnose!({
      from: { kind: 'pod', name: 'api-0' },
      to: { kind: 'svc', name: 'api' },
      port: '80',
      namespace: 'default',
    });
    expect(diagnosis.findings.map((finding) => finding.layer)).toEqual(['service', 'policy']);
    await executor.diagnose!({
      from: { kind: 'pod', name: 'api-0' },
      to: { kind: 'pod', name: 'api-0' },
      port: '80',
      namespace: 'default',
    });
    await executor.diagnose!({
      from: { kind: 'pod', name: 'api-0' },
      to: 'api.elsewhere',
      namespace: 'default',
    });
    // An address: whose pod it is (pods listed across namespaces by status.podIP).
    await executor.diagnose!({
      from: { kind: 'pod', name: 'api-0' },
      to: '198.18.200.1',
      port: '80',
      namespace: 'default',
    });
    expect(await executor.reap()).toBe(1);

    const grants = await workerGrants();
    const calls = double.accessLog.flatMap((entry) => entry.verbs.map((verb) => ({ entry, verb })));
    const refused = calls
      .filter(({ entry, verb }) => !grantsFor(grants, entry, verb))
      .map(
        ({ entry, verb }) =>
          `${verb} ${entry.apiGroup}/${entry.resource}${entry.subresource ? `/${entry.subresource}` : ''} in ${entry.namespace || 'cluster'}`,
      );
    expect(refused).toEqual([]);
    // Calico's reader role is optional (a cluster without Calico may leave it out): every call but
    // those to Calico's own groups is granted by the worker's roles alone.
    const ownGrants = grants.filter((grant) => grant.role.startsWith('netshoot-worker'));
    const outsideOwn = calls
      .filter(({ entry }) => !entry.apiGroup.endsWith('projectcalico.org'))
      .filter(({ entry, verb }) => !grantsFor(ownGrants, entry, verb))
      .map(
        ({ entry, verb }) => `${verb} ${entry.apiGroup}/${entry.resource} in ${entry.namespace || 'cluster'}`,
      );
    expect(outsideOwn).toEqual([]);

    // Least privilege: every verb the worker's own roles grant was needed (Calico's reader is for calicoctl).
    const unused = grants
      .filter((grant) => grant.role.startsWith('netshoot-worker'))
      .flatMap((grant) =>
        grant.rules.flatMap((rule) =>
          rule.resources.flatMap((resource) => rule.verbs.map((verb) => ({ grant, rule, resource, verb }))),
        ),
      )
      .filter(({ grant, rule, resource, verb }) => {
        const [name, sub = ''] = resource.split('/') as [string, string?];
        return !calls.some(
          ({ entry, verb: used }) =>
            used === verb &&
            entry.resource === name &&
            entry.subresource === sub &&
            rule.apiGroups.includes(entry.apiGroup) &&
            (grant.namespace === undefined || grant.namespace === entry.namespace),
        );
      })
      .map(({ resource, verb }) => `${verb} ${resource}`);
    expect(unused).toEqual([]);
  });
});
