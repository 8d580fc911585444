import { UnrecoverableError } from 'bullmq';
import type { Logger } from 'pino';
import { OperatorError, TransientError, UserError, fateOf } from '../errors.js';

/**
 * The words a user reads for a job that ended in `error`, by its fate (src/errors.ts): a user's or
 * the operator's error as it says itself, a transient one with the retries given up on, and anything
 * else as a bug with the reference that finds its log line.
 */
export function userMessageFor(error: unknown, jobId: string): string {
  if (error instanceof UserError || error instanceof OperatorError) return error.describe();
  if (error instanceof TransientError) return `${error.message} (gave up after retries, ref #${jobId})`;
  return `internal error, ref #${jobId}`;
}

/** The operator's side of a failed job: one line with the job id (the child logger's), leveled by fate. */
export function logFailure(log: Logger, error: unknown): void {
  const fate = fateOf(error);
  switch (fate) {
    case 'user':
      log.info({ err: error, fate }, 'job refused: user error');
      return;
    case 'operator':
      log.error({ err: error, fate }, `the worker's setup stopped a job: ${(error as Error).message}`);
      return;
    case 'transient':
      log.error({ err: error, fate }, 'job failed: gave up after retries');
      return;
    case 'bug':
      log.error({ err: error, fate }, 'job failed: internal error');
  }
}

/**
 * What the processor throws to end a job as failed for good: BullMQ never retries an
 * UnrecoverableError, stores its message as the job's failedReason (the user's words, read back by
 * src/queue/outcome-codec.ts) and its stack, which carries the cause's for whoever opens the job.
 */
export function failForGood(message: string, cause?: unknown): UnrecoverableError {
  const failure = new UnrecoverableError(message);
  if (cause instanceof Error && cause.stack) {
    failure.stack = `${failure.name}: ${message}\nCaused by: ${cause.stack}`;
  }
  return failure;
}
