import type { RunResult } from '../../executors/executor.js';

/** What a person reads first: one headline ("db.test.internal -> 198.18.64.2"), then a few facts. */
export interface Summary {
  readonly headline: string;
  readonly facts: readonly string[];
}

/** Reads one tool's real output; undefined when the output is not what it knows (then raw only). */
export type Summarizer = (result: RunResult) => Summary | undefined;
