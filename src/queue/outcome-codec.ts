import type { Artifact, RunResult } from '../executors/executor.js';
import type { JobOutcome } from '../worker/reporter.js';

/** A JobOutcome as BullMQ stores it: JSON, with artifact bytes in base64 (a Buffer would not survive). */
export interface StoredOutcome extends Omit<JobOutcome, 'runs'> {
  readonly runs: readonly {
    readonly side: 'main' | 'server' | 'client';
    readonly result: Omit<RunResult, 'artifacts'> & {
      readonly artifacts: readonly (Omit<Artifact, 'data'> & { readonly base64: string })[];
    };
  }[];
}

export function encodeOutcome(outcome: JobOutcome): StoredOutcome {
  return {
    ...outcome,
    runs: outcome.runs.map(({ side, result }) => ({
      side,
      result: {
        ...result,
        artifacts: result.artifacts.map(({ name, contentType, data }) => ({
          name,
          contentType,
          base64: data.toString('base64'),
        })),
      },
    })),
  };
}

export function decodeOutcome(stored: StoredOutcome): JobOutcome {
  return {
    ...stored,
    runs: stored.runs.map(({ side, result }) => ({
      side,
      result: {
        ...result,
        artifacts: result.artifacts.map(({ name, contentType, base64 }) => ({
          name,
          contentType,
          data: Buffer.from(base64, 'base64'),
        })),
      },
    })),
  };
}
