import type { Direction, EnforcedPolicy, PolicyOutcome } from './enforced-policy.js';
import { describePort } from './enforced-policy.js';
import type { PolicyEndpoint, PolicyQuestion } from './policy-question.js';

// One direction of one endpoint (FROM's egress or TO's ingress), evaluated as Calico's dataplane
// does (Tier resource docs, "How policy is evaluated"): tiers that hold a policy selecting the
// endpoint run in tier order; inside a tier, policies run by order then name; the first Allow or Deny
// decides, Pass jumps to the next tier, and a tier that selected the endpoint but took no action
// ends in its default action (Deny unless the tier says Pass). Past the last tier the namespace's
// profile allows. Kubernetes alone is this with one tier of allow-only policies.

export interface TierOrder {
  readonly name: string;
  /** undefined sorts after every ordered tier. */
  readonly order: number | undefined;
  readonly defaultAction: 'Deny' | 'Pass';
}

export interface DirectionResult {
  readonly direction: Direction;
  /** Whether any policy selects the endpoint for this direction. */
  readonly selected: boolean;
  readonly allowed: boolean;
  readonly decidedBy?: string;
  readonly evidence: string;
  readonly details: readonly string[];
}

export interface DirectionContext {
  readonly question: PolicyQuestion;
  readonly direction: Direction;
  readonly end: PolicyEndpoint;
  readonly policies: readonly EnforcedPolicy[];
  readonly tiers: ReadonlyMap<string, TierOrder>;
  /** "NetworkPolicy" alone, or "NetworkPolicy or Calico policy" when Calico's objects were read. */
  readonly kindsRead: string;
}

export function evaluateDirection(context: DirectionContext): DirectionResult {
  const { direction, end } = context;
  const applying = context.policies.filter((policy) => policy.selects(end, direction));
  if (applying.length === 0) {
    return {
      direction,
      selected: false,
      allowed: true,
      evidence: `no ${context.kindsRead} selects ${end.label} for ${direction}`,
      details: [],
    };
  }
  const tiers = orderedTiers(applying, context.tiers);
  const details: string[] = [];
  const line = (text: string) => details.push(`${direction} of ${end.label}: ${text}`);
  for (const [index, tier] of tiers.entries()) {
    const run = runTier(tier, context, line);
    const later = tiers.slice(index + 1).flatMap((next) => next.policies);
    if (run.ended === 'decided') {
      notReached([...run.unreached, ...later], line);
      const { policy, outcome } = run;
      const allowed = outcome.action === 'allow';
      return {
        direction,
        selected: true,
        allowed,
        decidedBy: policy.name,
        evidence: `${policy.name} ${outcome.says}`,
        details,
      };
    }
    if (run.ended === 'passed') {
      notReached(run.unreached, line);
      continue;
    }
    if (tier.defaultAction === 'Pass') {
      line(`Calico tier ${tier.name} ends without a decision and its defaultAction passes to the next tier`);
      continue;
    }
    notReached(later, line);
    return { direction, selected: true, allowed: false, ...endOfTier(context, tier.name, run.said), details };
  }
  return {
    direction,
    selected: true,
    allowed: true,
    evidence: `every Calico tier that selects ${end.label} passed its ${direction} on; past the last tier the namespace's profile allows it`,
    details,
  };
}

interface Said {
  readonly policy: EnforcedPolicy;
  readonly outcome: PolicyOutcome;
}

/** How one tier ended: a policy decided, a policy passed, or every policy stayed silent. */
type TierRun =
  | {
      readonly ended: 'decided';
      readonly policy: EnforcedPolicy;
      readonly outcome: PolicyOutcome;
      readonly unreached: readonly EnforcedPolicy[];
    }
  | { readonly ended: 'passed'; readonly unreached: readonly EnforcedPolicy[] }
  | { readonly ended: 'silent'; readonly said: readonly Said[] };

function runTier(tier: OrderedTier, context: DirectionContext, line: (text: string) => void): TierRun {
  const said: Said[] = [];
  for (const [index, policy] of tier.policies.entries()) {
    const outcome = policy.evaluate(context.question, context.direction);
    said.push({ policy, outcome });
    for (const logged of outcome.logged ?? []) line(`${policy.name} ${logged}`);
    for (const note of outcome.notes ?? []) line(`${policy.name}: ${note}`);
    line(`${policy.name} ${outcome.says}${outcome.rule === undefined ? '' : ` (${outcome.rule})`}`);
    const unreached = tier.policies.slice(index + 1);
    if (outcome.action === 'allow' || outcome.action === 'deny')
      return { ended: 'decided', policy, outcome, unreached };
    if (outcome.action === 'pass') return { ended: 'passed', unreached };
  }
  return { ended: 'silent', said };
}

interface OrderedTier extends TierOrder {
  readonly policies: readonly EnforcedPolicy[];
}

function orderedTiers(
  applying: readonly EnforcedPolicy[],
  known: ReadonlyMap<string, TierOrder>,
): OrderedTier[] {
  const names = [...new Set(applying.map((policy) => policy.tier))];
  return names
    .map((name) => ({
      ...(known.get(name) ?? { name, order: undefined, defaultAction: 'Deny' as const }),
      policies: applying.filter((policy) => policy.tier === name).sort(byOrderThenName),
    }))
    .sort((a, b) => compareOrder(a.order, b.order) || lastIfDefault(a.name, b.name));
}

/** Among tiers without an order, the default tier is the last one (Tier docs); others by name. */
function lastIfDefault(a: string, b: string): number {
  if (a === b) return 0;
  if (a === 'default') return 1;
  if (b === 'default') return -1;
  return a < b ? -1 : 1;
}

function byOrderThenName(a: EnforcedPolicy, b: EnforcedPolicy): number {
  return compareOrder(a.order, b.order) || (a.sortName < b.sortName ? -1 : a.sortName > b.sortName ? 1 : 0);
}

/** Lowest first; no order after every order (Calico: "policies without an order are applied last"). */
function compareOrder(a: number | undefined, b: number | undefined): number {
  return (a ?? Number.POSITIVE_INFINITY) - (b ?? Number.POSITIVE_INFINITY) || 0;
}

function notReached(policies: readonly EnforcedPolicy[], line: (text: string) => void): void {
  for (const policy of policies) line(`${policy.name} selects it too; not reached`);
}

/** Who decided when a tier selected the endpoint and nothing in it allowed. */
function endOfTier(
  context: DirectionContext,
  tier: string,
  said: readonly Said[],
): { decidedBy: string; evidence: string } {
  const { question, direction, end } = context;
  const peer = direction === 'ingress' ? question.from : question.to;
  const preposition = direction === 'ingress' ? 'from' : 'to';
  const first = said[0];
  if (said.every((item) => item.policy.kind === 'kubernetes') && first !== undefined) {
    // Kubernetes' own words: the selecting policies isolate the pod and none of them allows.
    if (said.length === 1)
      return { decidedBy: first.policy.name, evidence: `${first.policy.name} ${first.outcome.says}` };
    const names = `NetworkPolicies ${listed(said.map((item) => item.policy.name.replace(/^NetworkPolicy /, '')))}`;
    return {
      decidedBy: names,
      evidence: `${names} select ${end.label} and none allows ${direction} on ${describePort(question)} ${preposition} ${peer.label}`,
    };
  }
  return {
    decidedBy: `end of Calico tier ${tier}`,
    evidence:
      `Calico tier ${tier} selects ${end.label} (${listed(said.map((item) => item.policy.name))}) and no rule in it ` +
      `allows ${direction} on ${describePort(question)} ${preposition} ${peer.label}: the end of the tier denies`,
  };
}

/** At most three names on the verdict line; the details list every policy. */
function listed(names: readonly string[]): string {
  const shown = names.slice(0, 3).join(', ');
  return names.length > 3 ? `${shown} and ${names.length - 3} more` : shown;
}
