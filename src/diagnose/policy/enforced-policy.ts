import type { PolicyEndpoint, PolicyQuestion } from './policy-question.js';
import { isPolicyEndpoint } from './policy-question.js';

// One shape for every policy that can decide a direction, whatever its kind: Kubernetes
// NetworkPolicies, Calico NetworkPolicies and GlobalNetworkPolicies all become EnforcedPolicy values
// and one engine (evaluate-direction.ts) runs them in Calico's order. Kubernetes' own semantics are
// the special case of one tier whose policies only allow: selected and nothing allows = denied.

export type Direction = 'ingress' | 'egress';

/** What a policy said about the connection: the first rule that matched, or none. */
export interface PolicyOutcome {
  readonly action: 'allow' | 'deny' | 'pass' | 'none';
  /**
   * The predicate after the policy's name, in an SRE's words: "selects pod/payments-1 and allows
   * nothing on 8080", "denies egress from pod/checkout-1 to 198.18.3.4:5432 (rule 1)".
   */
  readonly says: string;
  /** The rule that decided ("ingress rule 2"), for the details only: the evidence stays short. */
  readonly rule?: string;
  /** Log rules that matched on the way (Calico's Log action logs and goes on). */
  readonly logged?: readonly string[];
  /** What was skipped or could not be judged (a selector Calico would refuse), for the details. */
  readonly notes?: readonly string[];
}

export interface EnforcedPolicy {
  /** As people name it: "NetworkPolicy shop/deny-all-ingress", "GlobalNetworkPolicy deny-db (order 10)". */
  readonly name: string;
  /** Kubernetes NetworkPolicies are allow-only and end their tier by name, not by a Calico default. */
  readonly kind: 'kubernetes' | 'calico';
  readonly tier: string;
  /** Calico's order; undefined sorts after every ordered policy (Kubernetes NetworkPolicies are 1000). */
  readonly order: number | undefined;
  /** The name Calico sorts ties by ("knp.default.<name>" for a Kubernetes NetworkPolicy). */
  readonly sortName: string;
  selects(end: PolicyEndpoint, direction: Direction): boolean;
  evaluate(question: PolicyQuestion, direction: Direction): PolicyOutcome;
}

/** "8080" or "UDP 53": TCP is what people assume, so only other protocols are named. */
export function describePort(question: PolicyQuestion): string {
  return question.protocol === 'TCP' ? String(question.port) : `${question.protocol} ${question.port}`;
}

/** "egress from pod/checkout-1 to 198.18.3.4:5432", "ingress from pod/checkout-1 to pod/payments-1 on 8080". */
export function describeFlow(question: PolicyQuestion, direction: Direction): string {
  const { from, to } = question;
  const target =
    !isPolicyEndpoint(to) && question.protocol === 'TCP'
      ? `${to.label}:${question.port}`
      : `${to.label} on ${describePort(question)}`;
  return `${direction} from ${from.label} to ${target}`;
}
