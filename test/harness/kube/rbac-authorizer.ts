/**
 * The RBAC authorizer of kube-apiserver (plugin/pkg/auth/authorizer/rbac), as a pure function of the
 * stored Roles, ClusterRoles and bindings: ClusterRoleBindings first, then the RoleBindings of the
 * request's namespace; the first rule that allows ends the walk and names its binding in the reason,
 * worded as the real authorizer words it. Nothing allows: no opinion, which a SubjectAccessReview
 * reports as `allowed: false` without a reason.
 */

export interface PolicyRule {
  readonly apiGroups?: readonly string[];
  readonly resources?: readonly string[];
  readonly verbs: readonly string[];
  readonly resourceNames?: readonly string[];
  readonly nonResourceURLs?: readonly string[];
}

export interface Subject {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

export interface RoleObject {
  readonly metadata: { readonly name: string; readonly namespace?: string };
  readonly rules?: readonly PolicyRule[] | null;
}

export interface BindingObject {
  readonly metadata: { readonly name: string; readonly namespace?: string };
  readonly roleRef: { readonly kind: string; readonly name: string };
  readonly subjects?: readonly Subject[] | null;
}

/** What the authorizer reads: every stored RBAC object. */
export interface RbacObjects {
  readonly roles: readonly RoleObject[];
  readonly clusterRoles: readonly RoleObject[];
  readonly roleBindings: readonly BindingObject[];
  readonly clusterRoleBindings: readonly BindingObject[];
}

/** A SubjectAccessReview's spec: who, and a resource or a non-resource request. */
export interface AccessRequest {
  readonly user?: string;
  readonly groups?: readonly string[];
  readonly resourceAttributes?: {
    readonly namespace?: string;
    readonly verb?: string;
    readonly group?: string;
    readonly resource?: string;
    readonly subresource?: string;
    readonly name?: string;
  };
  readonly nonResourceAttributes?: { readonly path?: string; readonly verb?: string };
}

export interface AccessDecision {
  readonly allowed: boolean;
  /** "RBAC: allowed by ClusterRoleBinding "x" of ClusterRole "y" to User "alice"" when allowed. */
  readonly reason?: string;
  /** Bindings whose role is missing, as the real authorizer lists them (the walk goes on). */
  readonly evaluationError?: string;
}

export function authorize(objects: RbacObjects, request: AccessRequest): AccessDecision {
  const errors: string[] = [];
  const namespace = request.resourceAttributes?.namespace ?? '';
  const rulesOf = (ref: BindingObject['roleRef'], bindingNamespace: string) => {
    const role =
      ref.kind === 'ClusterRole'
        ? objects.clusterRoles.find((candidate) => candidate.metadata.name === ref.name)
        : objects.roles.find(
            (candidate) =>
              candidate.metadata.name === ref.name && candidate.metadata.namespace === bindingNamespace,
          );
    if (!role) {
      const resource = ref.kind === 'ClusterRole' ? 'clusterrole' : 'role';
      errors.push(`${resource}.rbac.authorization.k8s.io "${ref.name}" not found`);
    }
    return role?.rules ?? [];
  };
  const walk = (bindings: readonly BindingObject[], bindingNamespace: string, kind: string) => {
    for (const binding of bindings) {
      const subject = (binding.subjects ?? []).find((candidate) =>
        appliesTo(request, candidate, bindingNamespace),
      );
      if (!subject) continue;
      if (!rulesOf(binding.roleRef, bindingNamespace).some((rule) => ruleAllows(request, rule))) continue;
      const name = bindingNamespace ? `${binding.metadata.name}/${bindingNamespace}` : binding.metadata.name;
      return `RBAC: allowed by ${kind} "${name}" of ${binding.roleRef.kind} "${binding.roleRef.name}" to ${describeSubject(subject, bindingNamespace)}`;
    }
    return undefined;
  };
  const reason =
    walk(objects.clusterRoleBindings, '', 'ClusterRoleBinding') ??
    (namespace
      ? walk(
          objects.roleBindings.filter((binding) => binding.metadata.namespace === namespace),
          namespace,
          'RoleBinding',
        )
      : undefined);
  if (reason) return { allowed: true, reason };
  return errors.length ? { allowed: false, evaluationError: `[${errors.join(', ')}]` } : { allowed: false };
}

/** Whether a binding's subject is the requester; a ServiceAccount without a namespace is the binding's. */
function appliesTo(request: AccessRequest, subject: Subject, bindingNamespace: string): boolean {
  switch (subject.kind) {
    case 'User':
      return request.user === subject.name;
    case 'Group':
      return (request.groups ?? []).includes(subject.name);
    case 'ServiceAccount': {
      const namespace = subject.namespace || bindingNamespace;
      return namespace !== '' && request.user === `system:serviceaccount:${namespace}:${subject.name}`;
    }
    default:
      return false;
  }
}

function describeSubject(subject: Subject, bindingNamespace: string): string {
  if (subject.kind === 'ServiceAccount')
    return `ServiceAccount "${subject.name}/${subject.namespace || bindingNamespace}"`;
  return `${subject.kind} "${subject.name}"`;
}

/** rbac/v1 helpers' RuleAllows: verb, API group, resource (a `*` then `/subresource` form too) and resourceNames. */
export function ruleAllows(request: AccessRequest, rule: PolicyRule): boolean {
  const resource = request.resourceAttributes;
  if (resource) {
    const subresource = resource.subresource ?? '';
    const combined = subresource ? `${resource.resource ?? ''}/${subresource}` : (resource.resource ?? '');
    return (
      matches(rule.verbs, resource.verb ?? '') &&
      matches(rule.apiGroups ?? [], resource.group ?? '') &&
      (rule.resources ?? []).some(
        (candidate) =>
          candidate === '*' ||
          candidate === combined ||
          (subresource !== '' && candidate === `*/${subresource}`),
      ) &&
      (!rule.resourceNames?.length || rule.resourceNames.includes(resource.name ?? ''))
    );
  }
  const path = request.nonResourceAttributes?.path ?? '';
  return (
    matches(rule.verbs, request.nonResourceAttributes?.verb ?? '') &&
    (rule.nonResourceURLs ?? []).some(
      (url) => url === '*' || url === path || (url.endsWith('*') && path.startsWith(url.slice(0, -1))),
    )
  );
}

function matches(allowed: readonly string[], value: string): boolean {
  return allowed.includes('*') || allowed.includes(value);
}
