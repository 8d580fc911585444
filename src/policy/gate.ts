import type { ForbiddenError } from '../errors.js';
import type { Request } from '../grammar/request.js';
import type { AdmissionTicket } from '../limits/admission.js';
import type { JobAuthorization } from '../queue/job.js';
import type { Decision } from './decision.js';

/** The doors of SPEC 6: each decides, for the person at it, before anything is queued. */
export type Door = JobAuthorization['door'];

/** Who is at the door, before the gate resolves their user groups. */
export type Caller =
  | {
      readonly kind: 'slack';
      readonly userId: string;
      readonly channelId: string;
      readonly channelName?: string;
    }
  | { readonly kind: 'operator'; readonly name: string };

export interface GateInput {
  readonly request: Request;
  readonly caller: Caller;
  readonly door: Door;
  /** The job's dedupe key: the limits' ticket id. */
  readonly dedupeKey: string;
}

/**
 * Every door's one way in (src/policy/create-gate.ts builds it). `decide` is the policy, in memory
 * (group memberships cached): fast enough for Slack's ack. `admit` comes after the ack: the limits
 * on Redis, then the authorization the job is queued with (the queue signs it). Both audit what they
 * refuse; `decide` audits `requested`.
 */
export interface Gate {
  decide(input: GateInput): Promise<Decision>;
  /**
   * For an `allow`, or for a `needs-approval` once `approvedBy` approved it (the approval door
   * decides again first: a reload may have changed the rule). Refusals come as a ForbiddenError
   * whose message says which limit and when it frees.
   */
  admit(
    input: GateInput,
    approval?: { readonly approvedBy: string },
  ): Promise<
    | { readonly kind: 'refused'; readonly error: ForbiddenError }
    | {
        readonly kind: 'admitted';
        readonly authorization: JobAuthorization;
        readonly ticket: AdmissionTicket;
      }
  >;
  /** A job admitted but not queued after all (Redis refused it): frees its slots. */
  release(ticket: AdmissionTicket): Promise<void>;
}
