import type { Logger } from 'pino';
import type { AuditRecord, AuditTrail } from '../audit/audit-record.js';
import type { CommandDefinition } from '../catalogue/define-command.js';
import { ForbiddenError, TransientError } from '../errors.js';
import type { AdmissionLimits } from '../limits/admission.js';
import { ticketOf } from '../limits/ticket.js';
import type { JobAuthorization } from '../queue/job.js';
import { decide } from './decide.js';
import type { Decision } from './decision.js';
import type { Caller, Gate, GateInput } from './gate.js';
import { matchesGlob } from './globs.js';
import { policyRequestOf } from './policy-request.js';
import type { Policy } from './policy-schema.js';
import type { GroupMembership, PolicySource } from './ports.js';
import type { Subject } from './subject.js';

export interface GateOptions {
  readonly policy: PolicySource;
  readonly groups: GroupMembership;
  readonly limits: AdmissionLimits;
  readonly audit: AuditTrail;
  /** The catalogue: a request's tool gives its privilege level. */
  readonly commands: readonly CommandDefinition[];
  /** `default` (no --cluster) → NETSHOOT_CLUSTER: rules name real clusters. */
  readonly clusterName: (requested: string) => string;
  /** What a job may take beyond its timeout (the worker's overhead): how long its slots may be held. */
  readonly overheadMs: number;
  readonly logger: Logger;
}

/**
 * The one Gate every door goes through (SPEC 6): the policy decides for the person at the door, with
 * their user groups resolved first (only the groups the policy names, so Slack is asked little and
 * the cache stays small); then, after Slack's ack, the limits on Redis; then the authorization the
 * job carries and the queue signs. Audit records are never awaited: a slow Redis must not hold an
 * ack, and the trail never throws (it logs what it could not write).
 */
export function createGate(options: GateOptions): Gate {
  const byName = new Map(options.commands.map((command) => [command.name, command]));

  async function decideFor(
    input: GateInput,
  ): Promise<{ decision: Decision; subject: Subject; policy: Policy; command: CommandDefinition }> {
    const command = byName.get(input.request.tool);
    // The grammar only yields tools of the catalogue: a tool unknown here is a wiring bug.
    if (!command) throw new Error(`the gate has no command '${input.request.tool}' in its catalogue`);
    const policy = options.policy.current();
    const subject = await subjectOf(input.caller, policy);
    const request = policyRequestOf(input.request, command, options.clusterName(input.request.cluster));
    return { decision: decide(policy, request, subject), subject, policy, command };
  }

  async function subjectOf(caller: Caller, policy: Policy): Promise<Subject> {
    if (caller.kind === 'operator') return caller;
    const named = Object.values(policy.groups ?? {});
    const groupIds =
      named.length === 0
        ? []
        : await options.groups.groupIdsOf(caller.userId, named).catch((error: unknown) => {
            // Deciding without the groups could skip a deny rule written for a group: refuse instead.
            options.logger.warn({ err: error, user: caller.userId }, 'could not look up user groups');
            throw new TransientError(
              'could not look up your Slack user groups, which the policy needs; try again in a moment',
              { cause: error },
            );
          });
    return {
      kind: 'slack',
      userId: caller.userId,
      channelId: caller.channelId,
      ...(caller.channelName === undefined ? {} : { channelName: caller.channelName }),
      groupIds,
    };
  }

  function audit(input: GateInput, entry: Pick<AuditRecord, 'event'> & Partial<AuditRecord>): void {
    const { caller, request, door } = input;
    void options.audit
      .record({
        door,
        subject: auditSubjectOf(caller),
        ...(caller.kind === 'slack' ? { channel: caller.channelId } : {}),
        tool: request.tool,
        text: request.text,
        cluster: options.clusterName(request.cluster),
        ...entry,
      })
      .catch((error: unknown) =>
        // The trail promises never to throw; should it, the log keeps what it would have said.
        options.logger.error({ err: error, audit: entry }, 'audit record failed'),
      );
  }

  return {
    async decide(input) {
      const { decision } = await decideFor(input);
      audit(input, { event: 'requested', rule: decision.rule });
      if (decision.effect === 'deny') {
        audit(input, { event: 'refused', rule: decision.rule, reason: decision.reason });
      }
      return decision;
    },

    async admit(input, approval) {
      // Decided again: a reload between the door's decision (or the approval) and now may have
      // changed the rule, and the authorization must name the rule in force.
      const { decision, subject, policy, command } = await decideFor(input);
      const acceptable =
        decision.effect === 'allow' || (approval !== undefined && decision.effect === 'needs-approval');
      if (!acceptable) {
        const reason =
          decision.effect === 'deny' ? decision.reason : `${decision.reason}, and it was not approved`;
        audit(input, { event: 'refused', rule: decision.rule, reason });
        const fix = decision.effect === 'deny' ? [decision.fix] : [];
        return { kind: 'refused', error: new ForbiddenError(reason, fix) };
      }
      const kubernetes = kubernetesIdentityOf(policy, subject);
      const authorization: JobAuthorization = {
        subject:
          subject.kind === 'slack'
            ? { kind: 'slack', userId: subject.userId, channelId: subject.channelId }
            : { kind: 'operator', name: subject.name },
        door: input.door,
        rule: decision.rule,
        ...(approval ? { approvedBy: approval.approvedBy } : {}),
        ...(kubernetes ? { kubernetes } : {}),
      };
      // The worker builds the same ticket from the job (src/worker/limits-reporter.ts) to free it.
      const ticket = ticketOf(
        { request: input.request, dedupeKey: input.dedupeKey, authorization },
        {
          privilege: command.privilege,
          cluster: options.clusterName(input.request.cluster),
          overheadMs: options.overheadMs,
        },
      );
      const refusal = await options.limits.admit(ticket);
      if (refusal) {
        audit(input, { event: 'refused', rule: refusal.limit, reason: refusal.message });
        return { kind: 'refused', error: new ForbiddenError(refusal.message) };
      }
      return { kind: 'admitted', authorization, ticket };
    },

    release(ticket) {
      return options.limits.release(ticket);
    },
  };
}

/**
 * The `queued` record a door writes once the queue took the job (SPEC 6), not awaited: the trail
 * never throws, and a door's answer must not wait on it.
 */
export function auditQueued(
  audit: AuditTrail,
  logger: Logger,
  input: GateInput,
  queued: { readonly jobId: string; readonly cluster: string; readonly rule: string },
): void {
  const { caller, request } = input;
  const entry = {
    event: 'queued' as const,
    door: input.door,
    subject: auditSubjectOf(caller),
    ...(caller.kind === 'slack' ? { channel: caller.channelId } : {}),
    tool: request.tool,
    text: request.text,
    ...queued,
  };
  void audit
    .record(entry)
    .catch((error: unknown) => logger.error({ err: error, audit: entry }, 'audit record failed'));
}

/** How the audit trail names a caller: the Slack user ID, or `operator:NAME`. */
export function auditSubjectOf(caller: Caller): string {
  return caller.kind === 'slack' ? caller.userId : `operator:${caller.name}`;
}

/**
 * The person's Kubernetes identity, when the policy maps identities (its `kubernetes:` section): the
 * user their Slack ID (or operator name) maps to, and the groups of every policy group they are in.
 * A policy with the section always yields one, possibly empty, so the worker's SubjectAccessReview
 * runs for someone the mapping forgot instead of being skipped.
 */
function kubernetesIdentityOf(policy: Policy, subject: Subject): JobAuthorization['kubernetes'] {
  const mapping = policy.kubernetes;
  if (!mapping) return undefined;
  if (subject.kind === 'operator') {
    const user = Object.entries(mapping.operators ?? {}).find(([glob]) =>
      matchesGlob(glob, subject.name),
    )?.[1];
    return { ...(user === undefined ? {} : { user }), groups: [] };
  }
  const user = mapping.users?.[subject.userId];
  const groups = Object.entries(mapping.groups ?? {})
    .filter(([name]) => {
      const id = policy.groups?.[name];
      return id !== undefined && subject.groupIds.includes(id);
    })
    .flatMap(([, kubeGroups]) => kubeGroups);
  return { ...(user === undefined ? {} : { user }), groups: [...new Set(groups)] };
}
