import { networkSetsOf } from './calico-network-sets.js';
import { calicoPolicy } from './calico-policy.js';
import { tierOrders } from './calico-tiers.js';
import type { EnforcedPolicy } from './enforced-policy.js';
import { evaluateDirection, type DirectionResult } from './evaluate-direction.js';
import { kubernetesPolicy } from './kubernetes-policy.js';
import type {
  CalicoPolicies,
  NetworkPolicyObject,
  PolicyDecision,
  PolicyQuestion,
} from './policy-question.js';
import { isPolicyEndpoint } from './policy-question.js';

// The policy layer's entry point: would FROM → TO:port be allowed, and which object decides. A
// connection needs FROM's egress and TO's ingress; egress is judged first because the packet leaves
// FROM before it reaches TO. An end that is not a pod (an address outside the cluster) has no policy
// of its own. Pure: the Kubernetes executor reads the objects and asks.

export interface PolicyObjects {
  readonly networkPolicies: readonly NetworkPolicyObject[];
  readonly calico?: CalicoPolicies;
}

export function decidePolicy(question: PolicyQuestion, objects: PolicyObjects): PolicyDecision {
  const calico = objects.calico;
  const sets = networkSetsOf(calico?.networkSets ?? [], calico?.globalNetworkSets ?? []);
  const policies: EnforcedPolicy[] = [
    ...objects.networkPolicies.map(kubernetesPolicy),
    ...(calico?.networkPolicies ?? []).flatMap((object) => calicoPolicy(object, 'NetworkPolicy', sets) ?? []),
    ...(calico?.globalNetworkPolicies ?? []).flatMap(
      (object) => calicoPolicy(object, 'GlobalNetworkPolicy', sets) ?? [],
    ),
  ];
  const tiers = tierOrders(calico?.tiers ?? []);
  const kindsRead = objects.calico === undefined ? 'NetworkPolicy' : 'NetworkPolicy or Calico policy';
  const egress = isPolicyEndpoint(question.from)
    ? evaluateDirection({ question, direction: 'egress', end: question.from, policies, tiers, kindsRead })
    : undefined;
  const ingress = isPolicyEndpoint(question.to)
    ? evaluateDirection({ question, direction: 'ingress', end: question.to, policies, tiers, kindsRead })
    : undefined;
  return combine(question, egress, ingress, kindsRead);
}

function combine(
  question: PolicyQuestion,
  egress: DirectionResult | undefined,
  ingress: DirectionResult | undefined,
  kindsRead: string,
): PolicyDecision {
  const details = [...(egress?.details ?? []), ...(ingress?.details ?? [])];
  const denied = [egress, ingress].find((result) => result?.selected === true && !result.allowed);
  if (denied !== undefined) {
    return { allowed: false, decidedBy: denied.decidedBy, evidence: denied.evidence, details };
  }
  const selected = [ingress, egress].filter((result) => result?.selected === true);
  if (selected.length === 0) {
    return { allowed: undefined, evidence: unselected(question, egress, ingress, kindsRead), details };
  }
  // The policies that allowed speak first; an end no policy selects is said after them.
  const unselectedEnds = [egress, ingress].filter((result) => result !== undefined && !result.selected);
  const evidence = [...selected, ...unselectedEnds].map((result) => result?.evidence ?? '');
  return { allowed: true, decidedBy: selected[0]?.decidedBy, evidence: evidence.join('; '), details };
}

/** "no NetworkPolicy selects pod/checkout-1 for egress or pod/payments-1 for ingress". */
function unselected(
  question: PolicyQuestion,
  egress: DirectionResult | undefined,
  ingress: DirectionResult | undefined,
  kindsRead: string,
): string {
  const ends = [
    ...(egress === undefined ? [] : [`${question.from.label} for egress`]),
    ...(ingress === undefined ? [] : [`${question.to.label} for ingress`]),
  ];
  if (ends.length === 0)
    return `neither ${question.from.label} nor ${question.to.label} is a pod: no policy applies`;
  return `no ${kindsRead} selects ${ends.join(' or ')}`;
}
