import type { RunResult } from '../../results/run-result.js';

/** What a person reads first: one headline ("db.test.internal -> 198.18.64.2"), then a few facts. */
export interface Summary {
  readonly headline: string;
  readonly facts: readonly string[];
}

/** A run's output and exit, without its files: what summaries read, from a RunResult or a job's result. */
export type RunOutput = Omit<RunResult, 'artifacts'>;

/** Reads one tool's real output; undefined when the output is not what it knows (then raw only). */
export type Summarizer = (result: RunOutput) => Summary | undefined;
