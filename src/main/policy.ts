import type { CommandDefinition } from '../catalogue/define-command.js';
import { closestNames } from '../grammar/closest-names.js';
import { formatDuration } from '../grammar/duration.js';
import { parseRequest } from '../grammar/parse-request.js';
import { formatTarget } from '../grammar/target.js';
import { decide } from '../policy/decide.js';
import type { Decision } from '../policy/decision.js';
import { builtInPolicy } from '../policy/default-policy.js';
import { loadPolicyFile, PolicyFileError } from '../policy/load-policy.js';
import { policyRequestOf, type PolicyRequest } from '../policy/policy-request.js';
import type { Policy, Rule } from '../policy/policy-schema.js';
import type { Subject } from '../policy/subject.js';
import { exitCodes, type CliContext } from './cli-context.js';
import type { ExplainFlags } from './policy-command.js';

/** `policy explain`'s exit status says the decision, so scripts and CI can test a policy change. */
export const decisionExitCodes: Readonly<Record<Decision['effect'], number>> = {
  allow: exitCodes.ok,
  'needs-approval': 3,
  deny: 4,
};

/** `policy check FILE`: every problem on stderr and 2, or a one-line summary and 0. */
export async function checkPolicy(file: string, context: CliContext): Promise<number> {
  const policy = await loaded(file, context);
  if (!policy) return exitCodes.invalid;
  for (const warning of unknownTools(policy, context.commands)) context.streams.err(`${warning}\n`);
  context.print(summary(policy, context.commands));
  return exitCodes.ok;
}

/** `policy explain`: the decision for one person (or operator) and one command line. */
export async function explainPolicy(line: string, flags: ExplainFlags, context: CliContext): Promise<number> {
  const path = flags.policy ?? (context.env.NETSHOOT_POLICY || undefined);
  const policy = path === undefined ? builtInPolicy : await loaded(path, context);
  if (!policy) return exitCodes.invalid;
  const subject = subjectOf(flags, policy);
  if (typeof subject === 'string') {
    context.fail(subject, exitCodes.invalid);
    return exitCodes.invalid;
  }
  // An invalid line is a user error: main() prints its message and hints and exits 2.
  const request = parseRequest(line, context.commands);
  const command = context.commands.find((candidate) => candidate.name === request.tool) as CommandDefinition;
  // The doors decide on the cluster's real name: `default` is the one NETSHOOT_CLUSTER names.
  const cluster = request.cluster === 'default' ? context.env.NETSHOOT_CLUSTER || 'default' : request.cluster;
  const policyRequest = policyRequestOf(request, command, cluster);
  const decision = decide(policy, policyRequest, subject);
  context.print(
    flags.json
      ? JSON.stringify({ decision, request: policyRequest, subject, policy: policy.source }, null, 2)
      : decisionAsText(decision, policyRequest, subject, policy),
  );
  return decisionExitCodes[decision.effect];
}

async function loaded(path: string, context: CliContext): Promise<Policy | undefined> {
  try {
    return await loadPolicyFile(path);
  } catch (error) {
    if (!(error instanceof PolicyFileError)) throw error;
    context.fail(error.message, exitCodes.invalid);
    return undefined;
  }
}

/** The subject the flags describe, or a sentence saying what is missing or wrong. */
function subjectOf(flags: ExplainFlags, policy: Policy): Subject | string {
  if (flags.operator !== undefined) {
    if (flags.user !== undefined || flags.channel !== undefined || flags.group.length > 0) {
      return 'give either --operator NAME, or --user and --channel (with --group and --channel-name): not both';
    }
    return { kind: 'operator', name: flags.operator };
  }
  if (flags.user === undefined || flags.channel === undefined) {
    return 'say who asks: --user U… --channel C… for a Slack user, or --operator NAME for the command line';
  }
  if (!/^[UW][A-Z0-9]{2,}$/.test(flags.user)) {
    return `--user ${flags.user}: write a Slack user ID such as U024BE7LH (a person's profile, ⋮, Copy member ID)`;
  }
  if (!/^[CGD][A-Z0-9]{2,}$/.test(flags.channel)) {
    return `--channel ${flags.channel}: write a channel ID such as C024BE91L (the channel's details show it)`;
  }
  const defined = Object.entries(policy.groups ?? {});
  const groupIds: string[] = [];
  for (const group of flags.group) {
    const byName = defined.find(([name]) => name === group);
    if (byName) groupIds.push(byName[1]);
    else if (/^S[A-Z0-9]{2,}$/.test(group)) groupIds.push(group);
    else {
      const names = defined.map(([name]) => name);
      return `--group ${group}: not a group of ${policy.source} nor a Slack user group ID (S…); ${
        names.length > 0 ? `its groups are ${names.join(', ')}` : 'it defines no groups'
      }`;
    }
  }
  return {
    kind: 'slack',
    userId: flags.user,
    channelId: flags.channel,
    ...(flags.channelName === undefined ? {} : { channelName: flags.channelName.replace(/^#/, '') }),
    groupIds,
  };
}

function decisionAsText(
  decision: Decision,
  request: PolicyRequest,
  subject: Subject,
  policy: Policy,
): string {
  const targets =
    request.targets.length > 0 ? request.targets.map(formatTarget).join(' and ') : 'no target (host)';
  const who =
    subject.kind === 'operator'
      ? `operator ${subject.name}`
      : `<@${subject.userId}> in <#${subject.channelId}>${subject.channelName ? ` (#${subject.channelName})` : ''}${
          subject.groupIds.length > 0 ? `, groups ${subject.groupIds.join(', ')}` : ''
        }`;
  const lines = [
    `${decision.effect}: rule ${decision.rule} (policy ${policy.source})`,
    `  request   ${request.tool} (${request.privilege}) on ${targets}, namespace ${request.namespace}, cluster ${request.cluster}, timeout ${formatDuration(request.timeoutMs)}${request.pcap ? ', --pcap' : ''}`,
    `  subject   ${who}`,
    `  reason    ${decision.reason}`,
  ];
  if (decision.effect === 'deny') lines.push(`  fix       ${decision.fix}`);
  if (decision.effect === 'needs-approval') {
    lines.push(
      `  approval  by ${decision.approvers.group} (${decision.approvers.groupId}), expires after ${formatDuration(decision.expiresAfterMs)}`,
    );
  }
  return lines.join('\n');
}

/** One line: how many rules and groups, and who may run privileged tools. */
function summary(policy: Policy, commands: readonly CommandDefinition[]): string {
  const groups = Object.keys(policy.groups ?? {});
  const privileged = new Set(
    commands.filter((command) => command.privilege === 'privileged').map((c) => c.name),
  );
  const grants = policy.rules.flatMap((rule) => {
    if (rule.effect === 'deny') return [];
    const tools =
      rule.tools === undefined || rule.tools.includes('privileged')
        ? ['every privileged tool']
        : rule.tools.filter((tool) => privileged.has(tool));
    if (tools.length === 0) return [];
    const where = rule.channels ? ` in ${rule.channels.join(', ')}` : '';
    const approval = rule.effect === 'require-approval' ? ` with approval by ${rule.approval.by}` : '';
    return [`${tools.join(', ')} to ${whoOf(rule)}${where}${approval} (rule ${rule.name})`];
  });
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${policy.source}: ok, ${count(policy.rules.length, 'rule')}, ${count(groups.length, 'group')}${
    groups.length > 0 ? ` (${groups.join(', ')})` : ''
  }; privileged tools: ${grants.length > 0 ? grants.join('; ') : 'none'}`;
}

function whoOf(rule: Rule): string {
  const { who } = rule;
  return [
    ...(who.everyone ? ['everyone'] : []),
    ...(who.users ? [`users ${who.users.join(', ')}`] : []),
    ...(who.groups ? [`${who.groups.length === 1 ? 'group' : 'groups'} ${who.groups.join(', ')}`] : []),
    ...(who.operators ? [`operators ${who.operators.join(', ')}`] : []),
  ].join(' and ');
}

/** A tool name no catalogue entry has never matches: most likely a typo, said but not fatal. */
function unknownTools(policy: Policy, commands: readonly CommandDefinition[]): string[] {
  const known = commands.map((command) => command.name);
  return policy.rules.flatMap((rule) =>
    (rule.tools ?? [])
      .filter((tool) => tool !== 'read' && tool !== 'privileged' && !known.includes(tool))
      .map((tool) => {
        const near = closestNames(tool, known, 1);
        return `warning: ${policy.source}: rule ${rule.name} names the tool '${tool}', which netshoot-bot does not have${
          near.length > 0 ? ` (did you mean ${near[0]}?)` : ''
        }; the rule never matches it`;
      }),
  );
}
