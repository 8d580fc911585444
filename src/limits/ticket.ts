import type { JobAuthorization, JobData, JobOrigin } from '../queue/job.js';
import type { AdmissionTicket } from './admission.js';

/**
 * The tools that read packets off a target's interface. Only their privileged runs take the
 * per-target lock: a capture of other people's traffic is what the lock is for, and a tool open to
 * everyone (the catalogue has iftop as `read`; SPEC 6 lists it as privileged) must not let anyone
 * keep an SRE's tcpdump off a pod. Should iftop become privileged in the catalogue, it is locked too.
 */
export const defaultCaptureTools: readonly string[] = ['tcpdump', 'ngrep', 'iftop'];

export interface TicketOptions {
  /** The tool's privilege level, from the catalogue. */
  readonly privilege: 'read' | 'privileged';
  /** The tools that capture; defaultCaptureTools unless said. */
  readonly captureTools?: readonly string[];
  /** The cluster's real name (a door resolves `default` to NETSHOOT_CLUSTER; a worker uses its own). */
  readonly cluster: string;
  /** What the worker allows beyond the job's timeout (its deadline is timeout + overhead). */
  readonly overheadMs: number;
}

/**
 * What a ticket is made from: a job, or what a door has before the job exists (the request, the
 * dedupe key and the authorization it is about to sign). Whom it counts against comes from the
 * authorization, else from the origin, so one of them must be there.
 */
export type TicketSource = Pick<JobData, 'request' | 'dedupeKey'> &
  (
    | { readonly authorization: JobAuthorization; readonly origin?: JobOrigin }
    | { readonly origin: JobOrigin; readonly authorization?: JobAuthorization | undefined }
  );

/**
 * The job's admission ticket. Doors and the worker both build it from the job data, so the worker
 * releases exactly what the door reserved: the id is the dedupe key the job carries.
 */
export function ticketOf(data: TicketSource, options: TicketOptions): AdmissionTicket {
  const { request } = data;
  const captureTools = options.captureTools ?? defaultCaptureTools;
  const target = request.targets[0];
  const captures = options.privilege === 'privileged' && captureTools.includes(request.tool);
  const channel = channelOf(data);
  return {
    id: data.dedupeKey,
    user: userOf(data),
    ...(channel ? { channel } : {}),
    ...(captures && target
      ? { captureTarget: `${options.cluster}/${request.namespace}/${target.kind}/${target.name}` }
      : {}),
    tool: request.tool,
    holdMs: request.options.timeoutMs + options.overheadMs,
  };
}

/** Whom the door decided for (the person who clicked Rerun, not the first requester), else the origin. */
function userOf(data: TicketSource): string {
  const subject = data.authorization?.subject;
  if (subject) return subject.kind === 'slack' ? subject.userId : `operator:${subject.name}`;
  // TicketSource requires the origin when there is no authorization; TypeScript does not narrow that.
  const origin = data.origin as JobOrigin;
  return origin.via === 'slack' ? origin.userId : `operator:${origin.user}`;
}

function channelOf(data: TicketSource): string | undefined {
  const subject = data.authorization?.subject;
  if (subject) return subject.kind === 'slack' ? subject.channelId : undefined;
  const origin = data.origin as JobOrigin;
  return origin.via === 'slack' ? origin.channelId : undefined;
}
