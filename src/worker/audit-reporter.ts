import type { AuditRecord, AuditTrail } from '../audit/audit-record.js';
import { describeWhere } from '../format/describe-where.js';
import type { JobData } from '../queue/job.js';
import type { JobOutcome } from '../results/job-outcome.js';
import type { Reporter } from './reporter.js';

export interface AuditReporterOptions {
  readonly trail: AuditTrail;
  /** Who canceled a job (src/queue/job-queue.ts readCanceledBy on this worker's queue). */
  readonly canceledBy?: (jobId: string) => Promise<string | undefined>;
  /** Jobs remembered as started, awaiting their result; the oldest is forgotten past this. */
  readonly maxTracked?: number;
}

/**
 * The worker's half of the audit trail (SPEC 6): `started` when a job's tool first runs, then how it
 * ended: `finished` (status, exit status, duration) or `canceled` (by whom), and one `artifact` record
 * per file it produced (name, size, sha256, as the artifact store computed it over the bytes it kept).
 * The doors audit what they decided; this audits what actually ran.
 */
export function createAuditReporter(options: AuditReporterOptions): Reporter {
  const { trail } = options;
  const maxTracked = options.maxTracked ?? 10_000;
  // A job's 'running' comes once per run (twice for a server and client) and again on a retry: one
  // `started` per job. Insertion order makes the Set a FIFO for the bound, should a result never come.
  const started = new Set<string>();

  /** `by`, or why it is not known: a Redis hiccup here must not cost the `canceled` record itself. */
  async function whoCanceled(jobId: string): Promise<{ by?: string; reason?: string }> {
    try {
      const by = await options.canceledBy?.(jobId);
      return by ? { by } : {};
    } catch (error) {
      return { reason: `who canceled it could not be read (${(error as Error).message})` };
    }
  }

  return {
    async progress(job, event) {
      if (event.stage !== 'running' || started.has(event.jobId)) return;
      started.add(event.jobId);
      if (started.size > maxTracked) started.delete(started.values().next().value as string);
      await trail.record({ ...about(job, event.jobId), event: 'started' });
    },

    async result(job, outcome) {
      started.delete(outcome.jobId);
      const base = about(job, outcome.jobId);
      if (outcome.status === 'canceled') {
        const canceler = await whoCanceled(outcome.jobId);
        await trail.record({ ...base, event: 'canceled', status: 'canceled', ...canceler });
      } else {
        await trail.record({ ...base, ...finished(outcome), event: 'finished' });
      }
      for (const { result } of outcome.runs) {
        for (const ref of result.artifacts) {
          await trail.record({
            ...base,
            event: 'artifact',
            artifact: { name: ref.name, bytes: ref.size, sha256: ref.sha256 },
            // The file was made and hashed, but its bytes were not kept: say so beside the hash.
            ...(ref.omitted ? { reason: `not kept: ${ref.omitted}` } : {}),
          });
        }
      }
    },
  };
}

type Fields = Omit<AuditRecord, 'at' | 'event'>;

/** Who and what a job's records are about: the authorized subject, else the origin. */
function about(job: JobData, jobId: string): Fields {
  const subject = job.authorization?.subject;
  const origin = job.origin;
  const who =
    subject?.kind === 'slack'
      ? subject.userId
      : subject?.kind === 'operator'
        ? `operator:${subject.name}`
        : origin.via === 'slack'
          ? origin.userId
          : `operator:${origin.user}`;
  const channel =
    subject?.kind === 'slack' ? subject.channelId : origin.via === 'slack' ? origin.channelId : undefined;
  return {
    subject: who,
    door: 'worker',
    ...(channel ? { channel } : {}),
    tool: job.request.tool,
    text: job.request.text,
    where: describeWhere(job.request),
    cluster: job.request.cluster,
    jobId,
    ...(job.authorization ? { rule: job.authorization.rule } : {}),
  };
}

function finished(outcome: JobOutcome): Partial<Fields> {
  const exitCode = outcome.runs[outcome.runs.length - 1]?.result.exitCode;
  return {
    status: outcome.status,
    durationMs: outcome.durationMs,
    ...(typeof exitCode === 'number' ? { exitStatus: exitCode } : {}),
    ...(outcome.error === undefined ? {} : { reason: outcome.error }),
  };
}
