import type { AuthorizationV1Api, V1SubjectAccessReview } from '@kubernetes/client-node';
import { ForbiddenError } from '../../../../src/errors.js';
import {
  assertPersonMay,
  describeIdentity,
  nodePermissions,
  podPermissions,
} from '../../../../src/executors/kubernetes/access-review.js';

/** The API at the edge: answers each review from a list of "verb resource/subresource" it allows. */
function clusterAllowing(allowed: string[]) {
  const asked: V1SubjectAccessReview[] = [];
  const api = {
    async createSubjectAccessReview({ body }: { body: V1SubjectAccessReview }) {
      asked.push(body);
      const attributes = body.spec.resourceAttributes!;
      const what = `${attributes.verb} ${attributes.resource}${attributes.subresource ? `/${attributes.subresource}` : ''}`;
      return { ...body, status: { allowed: allowed.includes(what) } };
    },
  } as unknown as AuthorizationV1Api;
  return { api, asked };
}

describe('the SubjectAccessReview before a toolbox', () => {
  it('asks, for a pod, patch on its ephemeralcontainers and create on its exec, by name, as the person', async () => {
    const { api, asked } = clusterAllowing(['patch pods/ephemeralcontainers', 'create pods/exec']);
    await assertPersonMay(
      api,
      { user: 'alice', groups: ['sre'] },
      podPermissions('shop', 'web'),
      'on pod shop/web',
    );
    expect(asked.map((review) => review.spec)).toEqual([
      {
        user: 'alice',
        groups: ['sre'],
        resourceAttributes: {
          namespace: 'shop',
          verb: 'patch',
          group: '',
          resource: 'pods',
          subresource: 'ephemeralcontainers',
          name: 'web',
        },
      },
      {
        user: 'alice',
        groups: ['sre'],
        resourceAttributes: {
          namespace: 'shop',
          verb: 'create',
          group: '',
          resource: 'pods',
          subresource: 'exec',
          name: 'web',
        },
      },
    ]);
  });

  it('asks, for a node, create pods in the bot namespace, with no name and no user when only groups are mapped', async () => {
    const { api, asked } = clusterAllowing(['create pods']);
    await assertPersonMay(api, { groups: ['oncall'] }, nodePermissions('netshoot'), 'in namespace netshoot');
    expect(asked.map((review) => review.spec)).toEqual([
      {
        groups: ['oncall'],
        resourceAttributes: { namespace: 'netshoot', verb: 'create', group: '', resource: 'pods' },
      },
    ]);
  });

  it('names every missing permission and the identity in one refusal, with what to grant', async () => {
    const { api } = clusterAllowing([]);
    const refusal = await assertPersonMay(
      api,
      { groups: ['a', 'b'] },
      podPermissions('shop', 'web'),
      'on pod shop/web',
    ).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(ForbiddenError);
    expect((refusal as ForbiddenError).describe()).toBe(
      [
        'the Kubernetes groups a, b may not patch pods/ephemeralcontainers or create pods/exec on pod shop/web (Kubernetes RBAC, asked with a SubjectAccessReview); ask a cluster admin for a Role that grants it',
        'what is missing: verbs [patch] on resources [pods/ephemeralcontainers] and verbs [create] on resources [pods/exec] in namespace shop, bound to the Kubernetes groups a, b',
      ].join('\n'),
    );
  });

  it('refuses, asking nothing, a job whose identity names no user and no group', async () => {
    const { api, asked } = clusterAllowing(['create pods']);
    await expect(
      assertPersonMay(api, { groups: [] }, nodePermissions('netshoot'), 'in namespace netshoot'),
    ).rejects.toThrow(ForbiddenError);
    expect(asked).toEqual([]);
  });

  it.each([
    [{ user: 'alice@example.com', groups: [] }, 'alice@example.com'],
    [{ user: 'alice@example.com', groups: ['sre', 'oncall'] }, 'alice@example.com (groups sre, oncall)'],
    [{ groups: ['sre'] }, 'the Kubernetes group sre'],
  ])('names %j as %s', (identity, words) => {
    expect(describeIdentity(identity)).toBe(words);
  });
});
