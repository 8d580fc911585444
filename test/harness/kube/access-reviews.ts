import type { IncomingMessage } from 'node:http';
import { ApiStatusError, invalid } from './api-status.js';
import type { DoubleContext } from './context.js';
import type { KubeObject } from './object-store.js';
import {
  authorize,
  type AccessRequest,
  type BindingObject,
  type RbacObjects,
  type RoleObject,
} from './rbac-authorizer.js';
import { assertValidObject } from './validate-object.js';

/** The user a SubjectAccessReview comes from when the double refuses it (`subjectAccessReviews: false`). */
export const workerUser = 'system:serviceaccount:netshoot:netshoot-worker';

/**
 * POST /apis/authorization.k8s.io/v1/subjectaccessreviews: the review comes back (201) with its
 * status filled in by the RBAC authorizer over what is stored, as kube-apiserver does; nothing is
 * stored. With `subjectAccessReviews: false` the caller lacks `create subjectaccessreviews` and gets the
 * real server's 403.
 */
export async function reviewAccess(context: DoubleContext, body: KubeObject): Promise<KubeObject> {
  if (context.options.subjectAccessReviews === false) {
    throw new ApiStatusError(
      403,
      'Forbidden',
      `subjectaccessreviews.authorization.k8s.io is forbidden: User "${workerUser}" cannot create resource "subjectaccessreviews" in API group "authorization.k8s.io" at the cluster scope`,
      { group: 'authorization.k8s.io', kind: 'subjectaccessreviews' },
    );
  }
  return answer(context, body, 'SubjectAccessReview', (body.spec ?? {}) as AccessRequest);
}

/**
 * POST .../selfsubjectaccessreviews (`kubectl auth can-i`): the same question for the caller. The
 * double authenticates nobody, so the caller is its kubeconfig's admin (group system:masters) unless
 * kubectl impersonates someone (`--as`, `--as-group`), which is how an admin checks a person.
 */
export async function reviewOwnAccess(
  context: DoubleContext,
  request: IncomingMessage,
  body: KubeObject,
): Promise<KubeObject> {
  const spec = (body.spec ?? {}) as AccessRequest;
  return answer(context, body, 'SelfSubjectAccessReview', { ...spec, ...caller(request) });
}

function caller(request: IncomingMessage): { user: string; groups: string[] } {
  const user = request.headers['impersonate-user'];
  if (typeof user !== 'string')
    return { user: 'double-admin', groups: ['system:masters', 'system:authenticated'] };
  const header = request.headersDistinct['impersonate-group'] ?? [];
  const groups = header.flatMap((value) => value.split(',').map((group) => group.trim()));
  // As the server's impersonation filter does for anyone but system:anonymous.
  const authenticated =
    user !== 'system:anonymous' &&
    !groups.includes('system:authenticated') &&
    !groups.includes('system:unauthenticated');
  return { user, groups: authenticated ? [...groups, 'system:authenticated'] : groups };
}

async function answer(
  context: DoubleContext,
  body: KubeObject,
  kind: 'SubjectAccessReview' | 'SelfSubjectAccessReview',
  spec: AccessRequest,
): Promise<KubeObject> {
  if (body.apiVersion !== 'authorization.k8s.io/v1' || body.kind !== kind) {
    throw new ApiStatusError(
      400,
      'BadRequest',
      `the API version in the data (${String(body.apiVersion)}) does not match the expected API version (authorization.k8s.io/v1)`,
    );
  }
  await assertValidObject({ ...body, metadata: body.metadata ?? {} });
  // The real server's validation of the spec (pkg/apis/authorization/validation).
  const causes: { field: string; message: string }[] = [];
  if (!spec.resourceAttributes === !spec.nonResourceAttributes)
    causes.push({
      field: 'spec.resourceAttributes',
      message:
        'Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified',
    });
  if (!spec.user && !spec.groups?.length)
    causes.push({
      field: 'spec.user',
      message: 'Invalid value: "": at least one of user or group must be specified',
    });
  if (causes.length) throw invalid(kind, '', causes);
  const decision = authorize(rbacObjects(context), spec);
  return {
    kind,
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { creationTimestamp: null } as never,
    spec: body.spec,
    status: {
      allowed: decision.allowed,
      ...(decision.reason ? { reason: decision.reason } : {}),
      ...(decision.evaluationError ? { evaluationError: decision.evaluationError } : {}),
    },
  };
}

function rbacObjects(context: DoubleContext): RbacObjects {
  const { store } = context;
  return {
    roles: store.all('roles') as unknown as RoleObject[],
    clusterRoles: store.all('clusterroles') as unknown as RoleObject[],
    roleBindings: store.all('rolebindings') as unknown as BindingObject[],
    clusterRoleBindings: store.all('clusterrolebindings') as unknown as BindingObject[],
  };
}
