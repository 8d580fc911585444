import type { JobData } from '../queue/job.js';
import type { JobOutcome, ProgressEvent } from '../results/job-outcome.js';

/** Progress and result out of the worker: the terminal for `run`, Slack for the bot. */
export interface Reporter {
  progress(job: JobData, event: ProgressEvent): Promise<void>;
  result(job: JobData, outcome: JobOutcome): Promise<void>;
}
