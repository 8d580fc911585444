import type { Reporter } from './reporter.js';

/** Several reporters as one (logs and Slack): each hears every event; one failing does not stop the others. */
export function combineReporters(reporters: readonly Reporter[]): Reporter {
  const all = async (call: (reporter: Reporter) => Promise<void>) => {
    const settled = await Promise.allSettled(reporters.map(call));
    const failure = settled.find((entry) => entry.status === 'rejected');
    if (failure) throw failure.reason;
  };
  return {
    progress: (job, event) => all((reporter) => reporter.progress(job, event)),
    result: (job, outcome) => all((reporter) => reporter.result(job, outcome)),
  };
}
