import { randomBytes } from 'node:crypto';
import { TransientError } from '../../../src/errors.js';
import type { JobOutcome } from '../../../src/results/job-outcome.js';
import { waitFor } from '../../harness/wait-for.js';
import type { Pipeline } from '../pipeline/pipeline-fixture.js';
import { executionsIn } from './counted-runs.js';

/** What happened to each `mark` command sent: accepted (with its job id and outcome) or refused. */
export interface LoadReport {
  /** token -> job id, for every command enqueue accepted. */
  readonly accepted: ReadonlyMap<string, string>;
  /** Tokens of the commands enqueue refused (the user heard "could not queue"). */
  readonly refused: readonly string[];
  /** token -> outcome, for every accepted job. */
  readonly outcomes: ReadonlyMap<string, JobOutcome>;
  /** token -> number of times the tool ran on the worker side. */
  readonly executions: ReadonlyMap<string, number>;
  /** From the kill to the first command sent after it and accepted: how long users heard "try again". */
  readonly refusingForMs: number;
  /** The longest any accepted command waited for enqueue's answer. */
  readonly slowestAcceptMs: number;
}

/**
 * Sends `mark host TOKEN` commands, `batch` at a time, until `total` were accepted; once `disruptAfter`
 * were, `disrupt` runs beside the stream (a master killed). Then waits, bounded, for every accepted
 * job's outcome, and counts the runs.
 */
export async function sendThroughDisruption(
  pipeline: Pipeline,
  runsDir: string,
  options: {
    total: number;
    batch: number;
    disruptAfter: number;
    disrupt: (acceptedSoFar: number, noteKill: () => void) => Promise<void>;
  },
): Promise<LoadReport> {
  const accepted = new Map<string, string>();
  const refused: string[] = [];
  let killedAt: number | undefined;
  let acceptedAgainAt: number | undefined;
  let slowestAcceptMs = 0;
  const sendOne = async () => {
    const token = randomBytes(8).toString('hex');
    const sentAt = Date.now();
    try {
      accepted.set(token, await pipeline.submit(`mark host ${token}`));
      slowestAcceptMs = Math.max(slowestAcceptMs, Date.now() - sentAt);
      if (killedAt !== undefined && sentAt > killedAt) acceptedAgainAt ??= Date.now();
    } catch (error) {
      // Only "could not queue, try again" may come back: anything else is a bug, and fails here.
      if (!(error instanceof TransientError)) throw error;
      refused.push(token);
    }
  };
  let disrupting: Promise<void> | undefined;
  await waitFor(
    async () => {
      await Promise.all(Array.from({ length: options.batch }, sendOne));
      if (!disrupting && accepted.size >= options.disruptAfter) {
        disrupting = options.disrupt(accepted.size, () => {
          killedAt = Date.now();
        });
      }
      return accepted.size >= options.total;
    },
    {
      what: () => `${options.total} commands accepted (${accepted.size} so far, ${refused.length} refused)`,
      timeoutMs: 120_000,
      everyMs: 0,
    },
  );
  await disrupting;
  const outcomes = new Map<string, JobOutcome>();
  await Promise.all(
    [...accepted].map(async ([token, jobId]) => {
      outcomes.set(token, await pipeline.queue.waitForOutcome(jobId, 120_000));
    }),
  );
  return {
    accepted,
    refused,
    outcomes,
    executions: await executionsIn(runsDir),
    refusingForMs: (acceptedAgainAt ?? Date.now()) - (killedAt ?? Date.now()),
    slowestAcceptMs,
  };
}

/** Jobs by what happened to them: the figures docs/operations.md quotes. */
export function countsOf(report: LoadReport) {
  const outcomes = [...report.outcomes.values()];
  return {
    refusingForMs: report.refusingForMs,
    slowestAcceptMs: report.slowestAcceptMs,
    accepted: report.accepted.size,
    refused: report.refused.length,
    completed: outcomes.filter((outcome) => outcome.status === 'completed').length,
    failed: outcomes.filter((outcome) => outcome.status === 'failed').length,
    ranMoreThanOnce: [...report.accepted.keys()].filter((token) => (report.executions.get(token) ?? 0) > 1)
      .length,
    saidRestarted: outcomes.filter((outcome) => outcome.restarted === true).length,
    refusedButRan: report.refused.filter((token) => (report.executions.get(token) ?? 0) > 0).length,
  };
}

/**
 * The promise of docs/operations.md: every accepted job completed or failed, and said so to its
 * requester; none completed without running; one that ran more than once says it was restarted, except
 * at most `unsaidRerunsAllowed` whose every write the dying master took with it (asynchronous
 * replication: the promoted replica never heard the job had run, docs/operations.md). Returns those.
 */
export function expectNoneLostOrRepeatedUnsaid(
  report: LoadReport,
  reportedJobIds: readonly string[],
  { unsaidRerunsAllowed = 0 }: { unsaidRerunsAllowed?: number } = {},
): string[] {
  const reported = new Set(reportedJobIds);
  const unsaid: string[] = [];
  for (const [token, jobId] of report.accepted) {
    const outcome = report.outcomes.get(token);
    const runs = report.executions.get(token) ?? 0;
    const seen = { token, jobId, status: outcome?.status, runs, restarted: outcome?.restarted ?? false };
    expect({ ...seen, reported: reported.has(jobId) }).toEqual({ ...seen, reported: true });
    expect(['completed', 'failed']).toContain(outcome?.status);
    if (outcome?.status === 'completed')
      expect({ ...seen, ranAtLeastOnce: runs >= 1 }).toEqual({ ...seen, ranAtLeastOnce: true });
    if (runs > 1 && !seen.restarted) unsaid.push(jobId);
  }
  // Equal only when there are no more than allowed; a failure lists them all.
  expect({ unsaidReruns: unsaid }).toEqual({ unsaidReruns: unsaid.slice(0, unsaidRerunsAllowed) });
  return unsaid;
}
