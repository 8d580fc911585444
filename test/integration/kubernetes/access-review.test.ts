import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import type { ApiException } from '@kubernetes/client-node';
import { RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { ForbiddenError, OperatorError } from '../../../src/errors.js';
import {
  assertPersonMay,
  nodePermissions,
  podPermissions,
} from '../../../src/executors/kubernetes/access-review.js';
import type { KubeClients } from '../../../src/executors/kubernetes/kube-clients.js';
import { describeWith } from '../../harness/infrastructure.js';
import { startKubeDouble, type KubeDouble } from '../../harness/kube/kube-double.js';
import { clientsFor } from '../../harness/kube/kube-fixtures.js';
import { kubectlFor, kubectlName, type Kubectl } from '../../harness/kube/kubectl-client.js';
import { doubleToolboxImage } from '../../harness/kube/toolbox-image.js';

jest.setTimeout(120_000);

/** What a cluster admin would apply: alice may debug pod web in shop only, the sre group anywhere. */
const grants = `
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: debug-web
  namespace: shop
rules:
  - apiGroups: [""]
    resources: ["pods/ephemeralcontainers"]
    verbs: ["patch"]
    resourceNames: ["web"]
  - apiGroups: [""]
    resources: ["pods/exec"]
    verbs: ["create"]
    resourceNames: ["web"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: alice-debugs-web
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: debug-web
subjects:
  - apiGroup: rbac.authorization.k8s.io
    kind: User
    name: alice@example.com
  - apiGroup: rbac.authorization.k8s.io
    kind: User
    name: bob@example.com
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: netshoot:pod-debugger
rules:
  - apiGroups: [""]
    resources: ["pods/ephemeralcontainers"]
    verbs: ["patch"]
  - apiGroups: [""]
    resources: ["pods/exec"]
    verbs: ["create"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: sre-debug-everywhere
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: netshoot:pod-debugger
subjects:
  - apiGroup: rbac.authorization.k8s.io
    kind: Group
    name: sre
`;

function manifestFile(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'rbac-')), 'rbac.yaml');
  writeFileSync(path, text);
  return path;
}

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a refusal, and it was allowed');
    },
    (error: unknown) => error,
  );
}

describeWith(['docker'], 'RBAC and SubjectAccessReview on the API-server double', () => {
  let double: KubeDouble;
  let kubectl: Kubectl;
  let clients: KubeClients;

  beforeAll(async () => {
    double = await startKubeDouble({ holderImage: doubleToolboxImage() });
    kubectl = kubectlFor(double.kubeconfigPath);
    clients = clientsFor(double);
    await double.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
    const applied = await kubectl.run('apply', '-f', manifestFile(grants));
    expect(applied).toMatchObject({ code: 0, stderr: '' });
  });

  afterAll(async () => {
    await double?.close();
  });

  async function review(spec: object) {
    const answer = await clients.authorization.createSubjectAccessReview({
      body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec },
    });
    return answer.status;
  }

  it(`takes Roles, ClusterRoles and their bindings from ${kubectlName} apply, and lists them with get`, async () => {
    const clusterRoles = await kubectl.run('get', 'clusterroles');
    expect(clusterRoles.code).toBe(0);
    expect(clusterRoles.stdout).toMatch(/^cluster-admin\s/m);
    expect(clusterRoles.stdout).toMatch(/^netshoot:pod-debugger\s/m);
    const bindings = await kubectl.run('-n', 'shop', 'get', 'rolebindings');
    expect(bindings.stdout).toMatch(/alice-debugs-web/);
    // Applied again unchanged: nothing is sent, as kubectl does.
    expect((await kubectl.run('apply', '-f', manifestFile(grants))).stdout).toContain(
      'role.rbac.authorization.k8s.io/debug-web unchanged',
    );
  });

  it('takes them from client-node too, and refuses one that breaks the official schema with 422', async () => {
    const rbac = clients.config.makeApiClient(RbacAuthorizationV1Api);
    await rbac.createNamespacedRole({
      namespace: 'shop',
      body: {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: { name: 'lister' },
        rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['list'] }],
      },
    });
    expect((await rbac.readNamespacedRole({ namespace: 'shop', name: 'lister' })).rules).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['list'] },
    ]);
    const broken = (await errorOf(
      rbac.createClusterRoleBinding({
        body: {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRoleBinding',
          metadata: { name: 'no-role-ref' },
        } as never,
      }),
    )) as ApiException<unknown>;
    expect(broken.code).toBe(422);
  });

  it('answers a review allowed by a RoleBinding with the reason RBAC gives, and only for the pod it names', async () => {
    const exec = (name: string, namespace = 'shop') => ({
      user: 'alice@example.com',
      groups: [],
      resourceAttributes: { namespace, verb: 'create', resource: 'pods', subresource: 'exec', name },
    });
    expect(await review(exec('web'))).toEqual({
      allowed: true,
      reason:
        'RBAC: allowed by RoleBinding "alice-debugs-web/shop" of Role "debug-web" to User "alice@example.com"',
    });
    expect(await review(exec('cart'))).toEqual({ allowed: false });
    expect(await review(exec('web', 'prod'))).toEqual({ allowed: false });
  });

  it('answers for a group bound cluster-wide, in any namespace, and not for a verb it lacks', async () => {
    const spec = (verb: string, subresource: string) => ({
      user: 'sam@example.com',
      groups: ['sre'],
      resourceAttributes: { namespace: 'prod', verb, resource: 'pods', subresource, name: 'api' },
    });
    expect(await review(spec('patch', 'ephemeralcontainers'))).toEqual({
      allowed: true,
      reason:
        'RBAC: allowed by ClusterRoleBinding "sre-debug-everywhere" of ClusterRole "netshoot:pod-debugger" to Group "sre"',
    });
    expect((await review(spec('create', 'ephemeralcontainers')))?.allowed).toBe(false);
    expect((await review(spec('create', 'log')))?.allowed).toBe(false);
  });

  it(`answers ${kubectlName} auth can-i for a person, impersonated with --as and --as-group`, async () => {
    const canI = (...args: string[]) => kubectl.run('auth', 'can-i', ...args);
    expect(
      await canI('create', 'pods/web', '--subresource=exec', '-n', 'shop', '--as=alice@example.com'),
    ).toEqual({ stdout: 'yes\n', stderr: '', code: 0 });
    // pods/NAME: kubectl reads what follows the slash as a name, so this asks about a pod named exec.
    expect(await canI('create', 'pods/exec', '-n', 'shop', '--as=alice@example.com')).toMatchObject({
      stdout: 'no\n',
      code: 1,
    });
    expect(
      await canI(
        'patch',
        'pods/api',
        '--subresource=ephemeralcontainers',
        '-n',
        'prod',
        '--as=sam',
        '--as-group=sre',
      ),
    ).toMatchObject({ stdout: 'yes\n', code: 0 });
    // Without --as the double's caller is its kubeconfig's admin (system:masters).
    expect(await canI('delete', 'nodes/double-node-1')).toMatchObject({ stdout: 'yes\n', code: 0 });
  });

  it('refuses a review that names nobody with 422, as the real server validates it', async () => {
    const failure = (await errorOf(
      review({ resourceAttributes: { namespace: 'shop', verb: 'get', resource: 'pods' } }),
    )) as ApiException<string>;
    expect(failure.code).toBe(422);
    expect(failure.body).toContain('at least one of user or group must be specified');
  });

  it(`drops a subject ${kubectlName} apply removes from a binding, so its grant goes`, async () => {
    const bob = {
      user: 'bob@example.com',
      groups: [],
      resourceAttributes: {
        namespace: 'shop',
        verb: 'create',
        resource: 'pods',
        subresource: 'exec',
        name: 'web',
      },
    };
    expect((await review(bob))?.allowed).toBe(true);
    const withoutBob = grants.replace(
      / {2}- apiGroup: rbac.authorization.k8s.io\n {4}kind: User\n {4}name: bob@example.com\n/,
      '',
    );
    expect(withoutBob).not.toContain('bob@');
    expect((await kubectl.run('apply', '-f', manifestFile(withoutBob))).stdout).toContain(
      'rolebinding.rbac.authorization.k8s.io/alice-debugs-web configured',
    );
    expect((await review(bob))?.allowed).toBe(false);
  });

  it("refuses, through the executor's review, a person lacking one permission, naming it", async () => {
    const carol = { user: 'carol@example.com', groups: [] };
    await double.apply({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'carol-patches', namespace: 'shop' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'patch-only' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'carol@example.com' }],
    });
    await double.apply({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'patch-only' },
      rules: [{ apiGroups: [''], resources: ['pods/ephemeralcontainers'], verbs: ['patch'] }],
    });
    const refused = await errorOf(
      assertPersonMay(clients.authorization, carol, podPermissions('shop', 'web'), 'on pod shop/web'),
    );
    expect(refused).toBeInstanceOf(ForbiddenError);
    expect((refused as ForbiddenError).message).toBe(
      'carol@example.com may not create pods/exec on pod shop/web (Kubernetes RBAC, asked with a SubjectAccessReview); ask a cluster admin for a Role that grants it',
    );
    await expect(
      assertPersonMay(
        clients.authorization,
        { user: 'alice@example.com', groups: [] },
        podPermissions('shop', 'web'),
        'on pod shop/web',
      ),
    ).resolves.toBeUndefined();
    const node = (await errorOf(
      assertPersonMay(
        clients.authorization,
        { groups: ['sre'] },
        nodePermissions('netshoot'),
        'in namespace netshoot (for the toolbox pod of node/double-node-1)',
      ),
    )) as ForbiddenError;
    expect(node.message).toMatch(
      /^the Kubernetes group sre may not create pods in namespace netshoot \(for the toolbox pod of node\/double-node-1\)/,
    );
  });
});

describeWith(['docker'], 'a worker whose ClusterRole lacks create subjectaccessreviews', () => {
  let double: KubeDouble;

  beforeAll(async () => {
    double = await startKubeDouble({ holderImage: doubleToolboxImage(), subjectAccessReviews: false });
  });

  afterAll(async () => {
    await double?.close();
  });

  it("says so, as the operator's to fix, instead of refusing the person", async () => {
    const failure = await errorOf(
      assertPersonMay(
        clientsFor(double).authorization,
        { user: 'alice@example.com', groups: [] },
        podPermissions('default', 'web'),
        'on pod default/web',
      ),
    );
    expect(failure).toBeInstanceOf(OperatorError);
    expect((failure as OperatorError).describe()).toMatch(
      /^the worker's ClusterRole lacks create subjectaccessreviews \(authorization\.k8s\.io\)[^]*deploy\/base\/rbac\.yaml/,
    );
  });
});
