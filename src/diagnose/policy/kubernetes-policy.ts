import type { Direction, EnforcedPolicy, PolicyOutcome } from './enforced-policy.js';
import { describePort } from './enforced-policy.js';
import { matchesLabelSelector } from './label-selector.js';
import { describePeer, matchesPeer, peersOf, ruleAdmitsPort } from './kubernetes-rule.js';
import { asArray, asRecord, asString, asStrings, field, type Plain } from './plain-object.js';
import type { NetworkPolicyObject, PolicyEndpoint, PolicyQuestion } from './policy-question.js';

// A Kubernetes NetworkPolicy (networking.k8s.io/v1) as an EnforcedPolicy. Its rules only allow; a
// pod it selects for a direction is isolated in that direction, and traffic passes when any rule of
// any selecting policy allows it (API reference, NetworkPolicySpec). Calico enforces these as
// policies of order 1000 in the default tier named knp.default.<name>, which is how they sort here.

/** The order Calico gives every Kubernetes NetworkPolicy it enforces. */
export const kubernetesPolicyOrder = 1000;

export function kubernetesPolicy(object: NetworkPolicyObject): EnforcedPolicy {
  const metadata = field(object, 'metadata');
  const spec = field(object, 'spec') ?? {};
  const name = asString(metadata?.name) ?? '?';
  const namespace = asString(metadata?.namespace) ?? 'default';
  const types = policyTypesOf(spec);
  return {
    name: `NetworkPolicy ${namespace}/${name}`,
    kind: 'kubernetes',
    tier: 'default',
    order: kubernetesPolicyOrder,
    sortName: `knp.default.${name}`,
    selects: (end: PolicyEndpoint, direction: Direction) =>
      end.namespace === namespace &&
      types.includes(direction) &&
      matchesLabelSelector(spec.podSelector, end.labels),
    evaluate: (question: PolicyQuestion, direction: Direction) =>
      evaluateRules(spec, namespace, question, direction),
  };
}

/**
 * policyTypes as the API server defaults them when absent: Ingress always, Egress when the policy
 * has egress rules (networking/v1 defaults: `len(spec.Egress) != 0`).
 */
function policyTypesOf(spec: Plain): readonly Direction[] {
  const declared = asStrings(spec.policyTypes);
  if (declared.length > 0) {
    return declared
      .map((type) => type.toLowerCase())
      .filter((type) => type === 'ingress' || type === 'egress');
  }
  return (asArray(spec.egress) ?? []).length > 0 ? ['ingress', 'egress'] : ['ingress'];
}

function evaluateRules(
  spec: Plain,
  namespace: string,
  question: PolicyQuestion,
  direction: Direction,
): PolicyOutcome {
  const selected = direction === 'ingress' ? question.to : question.from;
  const peer = direction === 'ingress' ? question.from : question.to;
  const peerKey = direction === 'ingress' ? 'from' : 'to';
  const preposition = direction === 'ingress' ? 'from' : 'to';
  const port = describePort(question);
  const rules = (asArray(spec[direction]) ?? []).map((rule) => asRecord(rule) ?? {});
  for (const [index, rule] of rules.entries()) {
    const peers = peersOf(rule, peerKey);
    const peerMatches = peers.length === 0 || peers.some((item) => matchesPeer(item, peer, namespace));
    if (peerMatches && ruleAdmitsPort(rule, question)) {
      return {
        action: 'allow',
        says: `selects ${selected.label} and allows ${direction} on ${port} ${preposition} ${peer.label}`,
        rule: `${direction} rule ${index + 1}`,
      };
    }
  }
  const onPort = rules.filter((rule) => ruleAdmitsPort(rule, question));
  if (onPort.length === 0) {
    const what = direction === 'ingress' ? 'nothing' : 'no egress';
    return { action: 'none', says: `selects ${selected.label} and allows ${what} on ${port}` };
  }
  const allowedPeers = onPort.flatMap((rule) => peersOf(rule, peerKey).map(describePeer));
  return {
    action: 'none',
    says:
      `selects ${selected.label} and allows ${direction} on ${port} only ${preposition} ` +
      `${[...new Set(allowedPeers)].join(' or ')}, not ${preposition} ${peer.label}`,
  };
}
