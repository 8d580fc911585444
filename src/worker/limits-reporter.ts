import type { AdmissionLimits, AdmissionTicket } from '../limits/admission.js';
import type { JobData } from '../queue/job.js';
import type { Reporter } from './reporter.js';

/**
 * Frees a job's limit slots (src/limits) once it has a result: completed, failed, timed out,
 * canceled, or refused by the worker's own checks. A worker that dies before this leaves the slots to
 * expire on their own (their hold is the job's timeout plus the overhead). `ticketFor` is
 * src/limits/ticket.ts's ticketOf with the worker's options: the same ticket the door admitted.
 */
export function createLimitsReporter(
  limits: Pick<AdmissionLimits, 'release'>,
  ticketFor: (job: JobData) => AdmissionTicket,
): Reporter {
  return {
    async progress() {},
    async result(job) {
      await limits.release(ticketFor(job));
    },
  };
}
