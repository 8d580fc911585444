import { calicoEndpointLabels, calicoNamespaceLabels, calicoServiceAccountLabels } from './calico-labels.js';
import type { EntityScope } from './calico-entity.js';
import type { NetworkSet } from './calico-network-sets.js';
import { matchCalicoRule } from './calico-rule.js';
import { CalicoSelectorError, parseCalicoSelector } from './calico-selector.js';
import type { Direction, EnforcedPolicy, PolicyOutcome } from './enforced-policy.js';
import { describeFlow } from './enforced-policy.js';
import { asArray, asNumber, asRecord, asString, asStrings, field, type Plain } from './plain-object.js';
import type { PolicyEndpoint, PolicyQuestion } from './policy-question.js';
import { isPolicyEndpoint } from './policy-question.js';

// A Calico NetworkPolicy or GlobalNetworkPolicy (projectcalico.org/v3 or crd.projectcalico.org/v1:
// one spec) as an EnforcedPolicy. Rules run in order: Allow and Deny decide, Pass leaves the tier,
// Log logs and goes on (docs: reference/resources/networkpolicy, "Rule").

export type CalicoKind = 'NetworkPolicy' | 'GlobalNetworkPolicy';

/**
 * The policy, or undefined when it cannot apply to a pod: the Kubernetes NetworkPolicies Calico
 * lists as knp.default.<name> (they were read from networking.k8s.io already and would count twice),
 * and GlobalNetworkPolicies with doNotTrack or preDNAT, which apply only to host endpoints.
 */
export function calicoPolicy(
  object: Plain,
  kind: CalicoKind,
  networkSets: readonly NetworkSet[] = [],
): EnforcedPolicy | undefined {
  const metadata = field(object, 'metadata');
  const spec = field(object, 'spec') ?? {};
  const tier = asString(spec.tier) ?? 'default';
  const name = displayName(asString(metadata?.name) ?? '?', asString(object.apiVersion), tier);
  if (name.startsWith('knp.')) return undefined;
  if (spec.doNotTrack === true || spec.preDNAT === true) return undefined;
  const namespace = kind === 'NetworkPolicy' ? (asString(metadata?.namespace) ?? 'default') : undefined;
  const order = asNumber(spec.order);
  const qualifiers = [
    ...(tier === 'default' ? [] : [`tier ${tier}`]),
    ...(order === undefined ? [] : [`order ${order}`]),
  ];
  const title =
    kind === 'NetworkPolicy' ? `Calico NetworkPolicy ${namespace}/${name}` : `GlobalNetworkPolicy ${name}`;
  const types = typesOf(spec);
  return {
    name: `${title}${qualifiers.length > 0 ? ` (${qualifiers.join(', ')})` : ''}`,
    kind: 'calico',
    tier,
    order,
    sortName: name,
    selects: (end: PolicyEndpoint, direction: Direction) =>
      types.includes(direction) && selectsEndpoint(spec, namespace, end),
    evaluate: (question: PolicyQuestion, direction: Direction) =>
      evaluateRules(
        spec,
        { policyNamespace: namespace, networkSets, namespaceLabels: namespacesOf(question) },
        question,
        direction,
      ),
  };
}

/**
 * Names as Calico's v3 API shows them. The crd.projectcalico.org/v1 objects behind the v3 API store
 * a default-tier policy as default.<name>; the v3 name is without it.
 */
function displayName(name: string, apiVersion: string | undefined, tier: string): string {
  const stored = apiVersion?.startsWith('crd.projectcalico.org/') === true;
  return stored && tier === 'default' && name.startsWith('default.') ? name.slice('default.'.length) : name;
}

/** Calico's default when `types` is absent: Ingress, Egress alone when only egress rules exist. */
function typesOf(spec: Plain): readonly Direction[] {
  const declared = asStrings(spec.types).map((type) => type.toLowerCase());
  if (declared.length > 0) return declared.filter((type) => type === 'ingress' || type === 'egress');
  const ingress = (asArray(spec.ingress) ?? []).length > 0;
  const egress = (asArray(spec.egress) ?? []).length > 0;
  if (egress && !ingress) return ['egress'];
  return egress ? ['ingress', 'egress'] : ['ingress'];
}

function selectsEndpoint(spec: Plain, namespace: string | undefined, end: PolicyEndpoint): boolean {
  if (namespace !== undefined && end.namespace !== namespace) return false;
  try {
    const namespaceSelector = asString(spec.namespaceSelector);
    if (
      namespace === undefined &&
      namespaceSelector !== undefined &&
      !parseCalicoSelector(namespaceSelector).matches(calicoNamespaceLabels(end))
    ) {
      return false;
    }
    const accountSelector = asString(spec.serviceAccountSelector);
    if (
      accountSelector !== undefined &&
      !parseCalicoSelector(accountSelector).matches(calicoServiceAccountLabels(end))
    ) {
      return false;
    }
    return parseCalicoSelector(asString(spec.selector) ?? 'all()').matches(calicoEndpointLabels(end));
  } catch (error) {
    // Calico's API server refuses a policy whose selector does not parse, so none is enforced.
    if (error instanceof CalicoSelectorError) return false;
    throw error;
  }
}

/** The namespace labels the question knows, for network sets that live in those namespaces. */
function namespacesOf(question: PolicyQuestion): ReadonlyMap<string, Readonly<Record<string, string>>> {
  const pods = [question.from, question.to].filter(isPolicyEndpoint);
  return new Map(pods.map((pod) => [pod.namespace, calicoNamespaceLabels(pod)]));
}

function evaluateRules(
  spec: Plain,
  scope: EntityScope,
  question: PolicyQuestion,
  direction: Direction,
): PolicyOutcome {
  const selected = direction === 'ingress' ? question.to : question.from;
  const flow = describeFlow(question, direction);
  const rules = (asArray(spec[direction]) ?? []).map((rule) => asRecord(rule) ?? {});
  const logged: string[] = [];
  const notes: string[] = [];
  for (const [index, rule] of rules.entries()) {
    const label = `${direction} rule ${index + 1}`;
    let match;
    try {
      match = matchCalicoRule(rule, question, scope);
    } catch (error) {
      if (!(error instanceof CalicoSelectorError)) throw error;
      notes.push(`${label} skipped: ${error.message}`);
      continue;
    }
    if (!match.matched) {
      if (match.caveat !== undefined) notes.push(`${label} not matched: ${match.caveat}`);
      continue;
    }
    const rulePart = match.caveat === undefined ? label : `${label}; ${match.caveat}`;
    // Read without regard to case, so a hand-written object saying `allow` is not silently skipped.
    switch (asString(rule.action)?.toLowerCase()) {
      case 'allow':
        return { action: 'allow', says: `allows ${flow}`, rule: rulePart, logged, notes };
      case 'deny':
        return { action: 'deny', says: `denies ${flow}`, rule: rulePart, logged, notes };
      case 'pass':
        return { action: 'pass', says: `passes ${flow} to the next tier`, rule: rulePart, logged, notes };
      case 'log':
        logged.push(`logs ${flow} (${rulePart})`);
        break;
      default:
        notes.push(`${label} has no action Calico knows (${asString(rule.action) ?? 'none'}); skipped`);
    }
  }
  const says =
    rules.length === 0
      ? `selects ${selected.label} and has no ${direction} rules`
      : `selects ${selected.label} and no ${direction} rule matches ${flow}`;
  return { action: 'none', says, logged, notes };
}
