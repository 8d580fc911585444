import type { AuditRecord } from '../audit/audit-record.js';
import type { JobData } from '../queue/job.js';

/**
 * The audit record of a job the worker refused (SPEC 6). The subject is who the job says it is for:
 * the signed authorization's when there is one, else the origin's claim, which the reason qualifies
 * (an unsigned job proves nothing about who wrote it).
 */
export function refusalRecordOf(
  data: JobData,
  context: { readonly jobId: string; readonly cluster: string; readonly reason: string },
): Omit<AuditRecord, 'at'> {
  const channel = channelOf(data);
  return {
    event: 'refused',
    door: 'worker',
    subject: subjectOf(data),
    ...(channel !== undefined ? { channel } : {}),
    tool: data.request.tool,
    text: data.request.text,
    jobId: context.jobId,
    cluster: context.cluster,
    reason: context.reason,
  };
}

function subjectOf(data: JobData): string {
  const subject = data.authorization?.subject;
  if (subject) return subject.kind === 'slack' ? subject.userId : `operator:${subject.name}`;
  return data.origin.via === 'slack' ? data.origin.userId : `operator:${data.origin.user}`;
}

function channelOf(data: JobData): string | undefined {
  const subject = data.authorization?.subject;
  if (subject?.kind === 'slack') return subject.channelId;
  return data.origin.via === 'slack' ? data.origin.channelId : undefined;
}
