import type { LayerFinding } from '../../../diagnose/diagnosis.js';
import type {
  CalicoPolicies,
  NetworkPolicyObject,
  PolicyAddress,
  PolicyDecision,
  PolicyEndpoint,
  PolicyQuestion,
} from '../../../diagnose/policy/policy-question.js';

/** src/diagnose/policy/decide-policy.ts's decidePolicy: policy semantics live there, not here. */
export type DecidePolicy = (
  question: PolicyQuestion,
  objects: { networkPolicies: NetworkPolicyObject[]; calico?: CalicoPolicies },
) => PolicyDecision;

/** One end TO can land on: an endpoint pod (or TO's pod, or an address) and the port there. */
export interface PolicyTarget {
  readonly end: PolicyEndpoint | PolicyAddress;
  readonly port: number;
  readonly protocol: PolicyQuestion['protocol'];
}

/**
 * The policy layer: one question per place TO lands (each ready endpoint of a Service), so a
 * policy that denies only some endpoints is seen. All denied is the verdict; some denied is a
 * warning, since some connections through the Service still get through.
 */
export function judgePolicy(
  decide: DecidePolicy,
  from: PolicyEndpoint | PolicyAddress,
  targets: readonly PolicyTarget[],
  objects: { networkPolicies: NetworkPolicyObject[]; calico?: CalicoPolicies },
  notes: readonly string[],
): LayerFinding {
  const decisions = targets.map((target) => ({
    target,
    decision: decide({ from, to: target.end, port: target.port, protocol: target.protocol }, objects),
  }));
  const denied = decisions.filter(({ decision }) => decision.allowed === false);
  const first = denied[0] ?? decisions[0];
  if (!first)
    return {
      layer: 'policy',
      status: 'skipped',
      evidence: 'no pod to judge policy for',
      details: [...notes],
    };
  const details = [
    ...notes,
    ...decisions.flatMap(({ target, decision }) =>
      decisions.length === 1
        ? decision.details
        : [
            `${target.end.label}:${target.port}: ${decision.evidence}`,
            ...decision.details.map((line) => `  ${line}`),
          ],
    ),
  ];
  if (denied.length === 0) {
    // Allowed, but a policy engine we could not read may still deny: said, not hidden.
    const status = notes.some((note) => note.includes('not checked')) ? 'warn' : 'ok';
    return { layer: 'policy', status, evidence: first.decision.evidence, details };
  }
  if (denied.length === decisions.length)
    return { layer: 'policy', status: 'fail', evidence: first.decision.evidence, details };
  return {
    layer: 'policy',
    status: 'warn',
    evidence: `${first.decision.evidence} (${denied.length} of ${decisions.length} endpoints denied)`,
    details,
  };
}
