import type { AuthorizationV1Api } from '@kubernetes/client-node';
import { ForbiddenError, OperatorError } from '../../errors.js';
import type { KubernetesIdentity } from '../executor.js';
import { apiFailure, translateApiError } from './kube-api-errors.js';

/** One thing the worker is about to do on the person's behalf, as RBAC names it. */
export interface Permission {
  readonly verb: string;
  /** `pods`, or `pods/exec` with its subresource. */
  readonly resource: string;
  readonly namespace: string;
  /** The object's name; absent for a create, which names none yet. */
  readonly name?: string;
}

/**
 * What a pod target needs (SPEC 6, docs/kubernetes.md): adding the ephemeral toolbox, which the
 * executor does with a strategic-merge PATCH of `pods/ephemeralcontainers` (so `patch`, the verb the
 * API server checks for it), and exec into it (`create pods/exec`, which every exec needs).
 */
export function podPermissions(namespace: string, pod: string): Permission[] {
  return [
    { verb: 'patch', resource: 'pods/ephemeralcontainers', namespace, name: pod },
    { verb: 'create', resource: 'pods/exec', namespace, name: pod },
  ];
}

/** What a node target needs: a toolbox pod in the bot's own namespace. */
export function nodePermissions(botNamespace: string): Permission[] {
  return [{ verb: 'create', resource: 'pods', namespace: botNamespace }];
}

/**
 * Asks the cluster, with one SubjectAccessReview per permission, whether the person the job runs for
 * could do what the worker is about to do for them, and refuses naming what they lack. The worker's
 * own grants are not the question: RBAC decides for the person's Kubernetes user and groups, which
 * the policy maps from Slack (docs/policy.md, `kubernetes:`).
 */
export async function assertPersonMay(
  authorization: AuthorizationV1Api,
  identity: KubernetesIdentity,
  permissions: readonly Permission[],
  /** Where, for the refusal: "on pod shop/web", "in namespace netshoot (the toolbox of node/n1)". */
  where: string,
): Promise<void> {
  if (!identity.user && identity.groups.length === 0) {
    // Fail closed: a job that asks for a check but names nobody to check cannot be vouched for.
    throw new ForbiddenError(
      `the job names an empty Kubernetes identity (no user, no groups), so whether its person may act ${where} cannot be asked`,
      ["map the person to a Kubernetes user or groups in the policy's kubernetes: section (docs/policy.md)"],
    );
  }
  const answers = await Promise.all(
    permissions.map(async (permission) => ({
      permission,
      allowed: await review(authorization, identity, permission),
    })),
  );
  const missing = answers.filter((answer) => !answer.allowed).map((answer) => answer.permission);
  if (missing.length === 0) return;
  const what = missing.map((permission) => `${permission.verb} ${permission.resource}`).join(' or ');
  throw new ForbiddenError(
    `${describeIdentity(identity)} may not ${what} ${where} (Kubernetes RBAC, asked with a SubjectAccessReview); ask a cluster admin for a Role that grants it`,
    [
      `what is missing: ${missing.map((permission) => `verbs [${permission.verb}] on resources [${permission.resource}]`).join(' and ')} in namespace ${missing[0]!.namespace}, bound to ${describeIdentity(identity)}`,
    ],
  );
}

async function review(
  authorization: AuthorizationV1Api,
  identity: KubernetesIdentity,
  permission: Permission,
): Promise<boolean> {
  const [resource, subresource] = permission.resource.split('/') as [string, string?];
  try {
    const answer = await authorization.createSubjectAccessReview({
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SubjectAccessReview',
        spec: {
          ...(identity.user ? { user: identity.user } : {}),
          groups: [...identity.groups],
          resourceAttributes: {
            namespace: permission.namespace,
            verb: permission.verb,
            group: '',
            resource,
            ...(subresource ? { subresource } : {}),
            ...(permission.name ? { name: permission.name } : {}),
          },
        },
      },
    });
    return answer.status?.allowed === true;
  } catch (error) {
    throw explainReviewFailure(error);
  }
}

function explainReviewFailure(error: unknown): Error {
  const { code, message } = apiFailure(error);
  if (code === 403) {
    return new OperatorError(
      `the worker's ClusterRole lacks create subjectaccessreviews (authorization.k8s.io), so it cannot ask whether the person may do this (the Kubernetes API answered: ${message})`,
      [
        'ask an admin to apply deploy/base/rbac.yaml, which grants it, or remove the kubernetes: section from the policy to stop asking',
      ],
      { cause: error },
    );
  }
  if (code === 404) {
    return new OperatorError(
      `this cluster does not serve authorization.k8s.io/v1 SubjectAccessReviews (the Kubernetes API answered: ${message})`,
      ['remove the kubernetes: section from the policy, or upgrade the cluster'],
      { cause: error },
    );
  }
  return translateApiError(error, 'create a SubjectAccessReview');
}

/** `alice@example.com`, `alice@example.com (groups sre, oncall)`, or `the Kubernetes groups sre`. */
export function describeIdentity(identity: KubernetesIdentity): string {
  const groups = identity.groups.join(', ');
  if (!identity.user) return `the Kubernetes group${identity.groups.length > 1 ? 's' : ''} ${groups}`;
  return groups ? `${identity.user} (groups ${groups})` : identity.user;
}
