import { z } from 'zod';

/**
 * What a job remembers across its attempts, kept as its BullMQ progress (JobData is the producer's and
 * stays as queued): when it first started, so a job run again after a restart counts its duration
 * from then, and whether a worker stopped under it, so its result says it was restarted.
 */
export const jobProgressSchema = z.object({
  /** job.processedOn of the first attempt. */
  firstStartedAt: z.number().optional(),
  /** A worker stopped while running it (SIGTERM past the grace, or killed and the job stalled). */
  restarted: z.boolean().optional(),
});

export type JobProgress = z.infer<typeof jobProgressSchema>;

/** BullMQ's progress is whatever was last written (a number by default): anything else reads as empty. */
export function readJobProgress(progress: unknown): JobProgress {
  const parsed = jobProgressSchema.safeParse(progress);
  return parsed.success ? parsed.data : {};
}
