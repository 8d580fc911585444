import { formatDuration } from '../grammar/duration.js';
import { formatTarget, type TargetRef } from '../grammar/target.js';
import { defaultApprovalExpiryMs, type Decision } from './decision.js';
import { matchesAnyGlob, matchesGlob } from './globs.js';
import type { PolicyRequest } from './policy-request.js';
import type { Policy, Rule } from './policy-schema.js';
import { describeSubject, type Subject } from './subject.js';

/** Where the tool runs when a command names no target (calicoctl): the worker's own host. */
const workerHost: TargetRef = { kind: 'host', name: '' };

/**
 * The policy's decision for one request by one subject (SPEC 6). Pure: group memberships arrive in
 * the subject. Deny wins over everything; then a rule that requires approval; then an allow. A rule
 * whose bounds the request exceeds does not allow it, and the refusal names that bound; a matching
 * require-approval rule keeps the request from every allow rule, bounds or not. Nothing is allowed
 * that no rule allows.
 */
export function decide(policy: Policy, request: PolicyRequest, subject: Subject): Decision {
  const inScope = policy.rules.filter((rule) => ruleCovers(policy, rule, request, subject));
  const deny = inScope.find((rule) => rule.effect === 'deny');
  if (deny) {
    return {
      effect: 'deny',
      rule: deny.name,
      reason: `the policy's rule ${deny.name} denies ${what(request)} to ${describeSubject(subject)}${because(deny)}`,
      fix: `ask whoever keeps the policy (${policy.source}); \`netshoot-bot policy explain\` shows the rule`,
    };
  }
  // A rule that requires approval takes the request away from every allow: were its bounds exceeded,
  // an allow must not let the same request through without the approval (a longer --timeout would
  // otherwise be the way around it). So each effect decides on its own, approval first.
  for (const effect of ['require-approval', 'allow'] as const) {
    const rules = inScope.filter((candidate) => candidate.effect === effect);
    const within = rules.find((rule) => exceededBound(rule, request) === undefined);
    if (within?.effect === 'require-approval') {
      const group = within.approval.by;
      return {
        effect: 'needs-approval',
        rule: within.name,
        reason: `the policy's rule ${within.name} lets ${describeSubject(subject)} run ${what(request)} once someone in ${group} approves${because(within)}`,
        approvers: { group, groupId: groupIdOf(policy, group) },
        expiresAfterMs: within.approval.expiresAfter ?? defaultApprovalExpiryMs,
      };
    }
    if (within) {
      return {
        effect: 'allow',
        rule: within.name,
        reason: `the policy's rule ${within.name} allows ${what(request)} to ${describeSubject(subject)}${because(within)}`,
      };
    }
    const nearest = rules[0];
    const exceeded = nearest && exceededBound(nearest, request);
    if (nearest && exceeded) {
      const grants =
        nearest.effect === 'require-approval'
          ? `lets ${describeSubject(subject)} run ${request.tool} with approval`
          : `allows ${request.tool} to ${describeSubject(subject)}`;
      return {
        effect: 'deny',
        rule: nearest.name,
        reason: `the policy's rule ${nearest.name} ${grants}, but ${exceeded.why}`,
        fix: exceeded.fix,
      };
    }
  }
  return {
    effect: 'deny',
    rule: 'default',
    reason: `no rule of the ${policy.source === 'built-in' ? 'built-in policy' : 'policy'} allows ${what(request)} to ${describeSubject(subject)}${where(subject)}`,
    fix:
      policy.source === 'built-in'
        ? request.privilege === 'privileged'
          ? `\`${request.tool}\` is a privileged tool (it can see other people's traffic or the node's firewall) and this bot has no policy file: write one that grants it to the people who need it and set NETSHOOT_POLICY to its path (docs/policy.md)`
          : 'this bot has no policy file; the built-in one opens read tools to Slack users and operators (docs/policy.md)'
        : `ask whoever keeps the policy (${policy.source}) for a rule that grants it; \`netshoot-bot policy explain\` shows what each rule says`,
  };
}

/** Whether a rule is about this subject, in this place, for this tool and these targets. */
function ruleCovers(policy: Policy, rule: Rule, request: PolicyRequest, subject: Subject): boolean {
  return (
    coversSubject(policy, rule, subject) &&
    coversChannel(rule, subject) &&
    (rule.tools === undefined ||
      rule.tools.some((tool) => tool === request.tool || tool === request.privilege)) &&
    coversTargets(rule, request) &&
    (rule.namespaces === undefined || matchesAnyGlob(rule.namespaces, request.namespace)) &&
    (rule.clusters === undefined || matchesAnyGlob(rule.clusters, request.cluster))
  );
}

/** The Slack ID of a group the policy names; a name the file does not define stays as it is. */
function groupIdOf(policy: Policy, group: string): string {
  const groups = policy.groups ?? {};
  return Object.hasOwn(groups, group) ? (groups[group] as string) : group;
}

function coversSubject(policy: Policy, rule: Rule, subject: Subject): boolean {
  const { who } = rule;
  if (subject.kind === 'operator')
    return who.operators !== undefined && matchesAnyGlob(who.operators, subject.name);
  if (who.everyone) return true;
  if (who.users?.includes(subject.userId)) return true;
  return (
    who.groups?.some((group) => {
      const groups = policy.groups ?? {};
      // A name the file does not define grants nothing (load-policy refuses such a file anyway).
      return Object.hasOwn(groups, group) && subject.groupIds.includes(groups[group] as string);
    }) ?? false
  );
}

function coversChannel(rule: Rule, subject: Subject): boolean {
  if (rule.channels === undefined) return true;
  if (subject.kind !== 'slack') return false;
  return rule.channels.some((channel) =>
    channel.startsWith('#')
      ? subject.channelName !== undefined && matchesGlob(channel.slice(1), subject.channelName)
      : channel === subject.channelId,
  );
}

/** An allow needs every target covered; a deny needs one (the safe reading of each). */
function coversTargets(rule: Rule, request: PolicyRequest): boolean {
  if (rule.targets === undefined) return true;
  const patterns = rule.targets;
  const targets = request.targets.length > 0 ? request.targets : [workerHost];
  const covered = (target: TargetRef) => patterns.some((pattern) => targetMatches(pattern, target));
  return rule.effect === 'deny' ? targets.some(covered) : targets.every(covered);
}

function targetMatches(pattern: string, target: TargetRef): boolean {
  if (pattern === 'host') return target.kind === 'host';
  const slash = pattern.indexOf('/');
  const kind = pattern.slice(0, slash);
  return (kind === '*' || kind === target.kind) && matchesGlob(pattern.slice(slash + 1), target.name);
}

function exceededBound(rule: Rule, request: PolicyRequest): { why: string; fix: string } | undefined {
  if (rule.effect === 'deny' || rule.bounds === undefined) return undefined;
  const { maxTimeout, pcap } = rule.bounds;
  if (maxTimeout !== undefined && request.timeoutMs > maxTimeout) {
    return {
      why: `only up to --timeout ${formatDuration(maxTimeout)}, and this asks for ${formatDuration(request.timeoutMs)}`,
      fix: `run it again with --timeout ${formatDuration(maxTimeout)} or less`,
    };
  }
  if (pcap === false && request.pcap) {
    return { why: 'without --pcap (no capture files)', fix: 'run it again without --pcap' };
  }
  return undefined;
}

function what(request: PolicyRequest): string {
  const level = request.privilege === 'privileged' ? ' (privileged)' : '';
  const targets = request.targets.map(formatTarget).join(' and ');
  return `${request.tool}${level}${targets ? ` on ${targets}` : ''}`;
}

function where(subject: Subject): string {
  return subject.kind === 'slack' ? ` in <#${subject.channelId}>` : '';
}

function because(rule: Rule): string {
  return rule.description ? ` (${rule.description})` : '';
}
