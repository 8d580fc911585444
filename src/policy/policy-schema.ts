import { z } from 'zod';
import { parseDuration } from '../grammar/duration.js';

/**
 * The policy file (SPEC 6, docs/policy.md): YAML at NETSHOOT_POLICY, checked with this schema.
 * Every field has a `describe` sentence: load-policy.ts shows it with the file, line and field when
 * a value is refused, so an error says how to fix it, not only what is wrong.
 */

const ruleName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/)
  .describe('a rule name: lower-case letters, digits and -, such as sre-captures-in-incidents');

const groupName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,79}$/)
  .describe('a group name defined under groups: (lower-case letters, digits, ., _ and -), such as sre-leads');

const slackUserId = z
  .string()
  .regex(/^[UW][A-Z0-9]{2,}$/)
  .describe("a Slack user ID such as U024BE7LH (a person's profile, ⋮, Copy member ID)");

const slackGroupId = z
  .string()
  .regex(/^S[A-Z0-9]{2,}$/)
  .describe('a Slack user group ID such as S0614TZR7 (usergroups.list shows them)');

/** A channel by ID (C…, G…, D…) or by name glob with its `#`: `#inc-*`. */
const channelPattern = z
  .string()
  .regex(/^([CGD][A-Z0-9]{2,}|#[a-z0-9*?][a-z0-9_*?-]{0,79})$/)
  .describe('a channel ID such as C024BE91L, or a channel name glob with its #, such as #inc-*');

/** Globs: `*` any run of characters, `?` one; nothing else is special. */
const glob = z
  .string()
  .regex(/^[A-Za-z0-9*?._:@/-]{1,253}$/)
  .describe('a name or a glob with * and ?, such as prod-* or web-?');

/** A tool by name, or every tool of a privilege level. */
const toolPattern = z
  .string()
  .regex(/^[a-z][a-z0-9]{0,30}$/)
  .describe('a tool name such as tcpdump, or `read` or `privileged` for every tool of that level');

/** `pod/web-*`, `node/*`, `container/api`, `host`: a target kind and a name glob. */
const targetPattern = z
  .string()
  .regex(/^(host|(pod|deploy|sts|ds|svc|node|container|service|network|netns|\*)\/[A-Za-z0-9*?._-]{1,253})$/)
  .describe('a target kind and name glob such as pod/web-*, node/*, container/api or host');

const duration = z
  .string()
  .regex(/^\d{1,7}(ms|s|m|h)?$/)
  .transform((text) => parseDuration(text))
  .describe('a duration such as 30s, 5m or 1h');

const who = z
  .strictObject({
    /** Every Slack user. Command-line operators are never "everyone": the policy names them. */
    everyone: z.literal(true).describe('write everyone: true, or leave it out').optional(),
    users: z.array(slackUserId).min(1).optional(),
    groups: z.array(groupName).min(1).optional(),
    /** Command-line subjects (`netshoot-bot run --as NAME`), by name or glob. */
    operators: z.array(glob).min(1).optional(),
  })
  .refine((value) => Object.values(value).some((entry) => entry !== undefined), {
    message: 'say who the rule is for: everyone: true, users, groups or operators',
  })
  .describe('say who the rule is for: everyone: true, users: [U…], groups: [name] or operators: [name]');

const bounds = z
  .strictObject({
    /** The longest --timeout the rule allows. */
    maxTimeout: duration.optional(),
    /** Whether --pcap (a capture file uploaded to Slack) is allowed. */
    pcap: z.boolean().describe('write pcap: true or pcap: false').optional(),
  })
  .describe('give bounds: maxTimeout (a duration) and pcap (true or false)');

const approval = z
  .strictObject({
    by: groupName,
    expiresAfter: duration.optional(),
  })
  .describe('give approval: by: <group name> (who approves) and optionally expiresAfter: 15m');

/** What a rule matches; an absent field matches anything. */
const matchFields = {
  name: ruleName,
  who,
  /** Only Slack requests from these channels; a rule with channels never matches the command line. */
  channels: z.array(channelPattern).min(1).optional(),
  tools: z.array(toolPattern).min(1).optional(),
  /** Every target of a request must match one of these for an allow; any one for a deny. */
  targets: z.array(targetPattern).min(1).optional(),
  namespaces: z.array(glob).min(1).optional(),
  clusters: z.array(glob).min(1).optional(),
  /** Why the rule exists, shown in `policy explain` and in refusals. */
  description: z.string().max(300).describe('a sentence of at most 300 characters').optional(),
};

export const ruleSchema = z.discriminatedUnion('effect', [
  z.strictObject({ ...matchFields, effect: z.literal('allow'), bounds: bounds.optional() }),
  z.strictObject({ ...matchFields, effect: z.literal('deny') }),
  z.strictObject({
    ...matchFields,
    effect: z.literal('require-approval'),
    bounds: bounds.optional(),
    approval,
  }),
]);

const perSubjectLimits = z
  .strictObject({
    commandsPerMinute: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .describe('a whole number from 1 to 10000')
      .optional(),
    runningJobs: z.number().int().min(1).max(1000).describe('a whole number from 1 to 1000').optional(),
  })
  .describe('commandsPerMinute and runningJobs, whole numbers');

export const limitsSchema = z
  .strictObject({
    perUser: perSubjectLimits.optional(),
    perChannel: perSubjectLimits.optional(),
    /** Privileged captures (tcpdump, ngrep, iftop) at once on one target. */
    capturesPerTarget: z.number().int().min(1).max(100).describe('a whole number from 1 to 100').optional(),
  })
  .describe('perUser, perChannel (commandsPerMinute, runningJobs) and capturesPerTarget');

export const kubernetesIdentitiesSchema = z
  .strictObject({
    /** Slack user ID → Kubernetes user name. */
    users: z.record(slackUserId, z.string().min(1).max(253)).optional(),
    /** Policy group name → Kubernetes groups its members act with. */
    groups: z.record(groupName, z.array(z.string().min(1).max(253)).min(1)).optional(),
    /** Command-line operator name → Kubernetes user name. */
    operators: z.record(glob, z.string().min(1).max(253)).optional(),
  })
  .describe('users (Slack ID → Kubernetes user), groups (group name → Kubernetes groups), operators');

export const policyFileSchema = z
  .strictObject({
    version: z.literal(1).describe('write version: 1'),
    /** Names the rules use → Slack user group IDs. */
    groups: z.record(groupName, slackGroupId).optional(),
    limits: limitsSchema.optional(),
    /** Optional: check each pod or node job with a SubjectAccessReview as the person's Kubernetes identity. */
    kubernetes: kubernetesIdentitiesSchema.optional(),
    rules: z.array(ruleSchema).min(1).describe('a list of rules, each with name, effect and who'),
  })
  .superRefine(checkReferences)
  .describe('a policy with version: 1 and rules');

/** Names that must agree across sections: each rule's name is unique, each group it names is defined. */
function checkReferences(
  policy: {
    groups?: Record<string, string> | undefined;
    rules: readonly { name: string; who: { groups?: string[] | undefined }; approval?: { by: string } }[];
    kubernetes?: { groups?: Record<string, string[]> | undefined } | undefined;
  },
  context: z.RefinementCtx,
): void {
  const defined = new Set(Object.keys(policy.groups ?? {}));
  const undefinedGroup = (group: string, path: (string | number)[]) =>
    context.addIssue({
      code: 'custom',
      path,
      message: `the group '${group}' is not defined: add it under groups: with its Slack ID (${group}: S0…)`,
    });
  const seen = new Set<string>();
  policy.rules.forEach((rule, index) => {
    if (seen.has(rule.name)) {
      context.addIssue({
        code: 'custom',
        path: ['rules', index, 'name'],
        message: `a second rule named '${rule.name}': give each rule its own name, refusals quote it`,
      });
    }
    seen.add(rule.name);
    rule.who.groups?.forEach((group, at) => {
      if (!defined.has(group)) undefinedGroup(group, ['rules', index, 'who', 'groups', at]);
    });
    if (rule.approval && !defined.has(rule.approval.by)) {
      undefinedGroup(rule.approval.by, ['rules', index, 'approval', 'by']);
    }
  });
  for (const group of Object.keys(policy.kubernetes?.groups ?? {})) {
    if (!defined.has(group)) undefinedGroup(group, ['kubernetes', 'groups', group]);
  }
}

export type PolicyFile = z.output<typeof policyFileSchema>;
export type Rule = z.output<typeof ruleSchema>;
export type PolicyLimits = z.output<typeof limitsSchema>;

/** A loaded policy: the file's content and where it came from (`built-in` without NETSHOOT_POLICY). */
export interface Policy extends PolicyFile {
  readonly source: string;
}
