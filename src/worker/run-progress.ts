import type { RunOptions } from '../executors/executor.js';
import { describeProgress } from '../format/summaries/index.js';
import { redactSecrets } from '../format/redact.js';
import { OutputTail } from './output-tail.js';

/**
 * How often a running tool's progress is reported: under the 3 s the running line promises (issue
 * 13); the Slack side sends what its budget allows, one update per 2 s per channel (slack-budget.ts).
 */
export const progressEveryMs = 2000;

export interface RunProgress {
  /** For RunOptions.onOutput: what the tool prints, kept as a bounded tail (output-tail.ts). */
  readonly onOutput: NonNullable<RunOptions['onOutput']>;
  /** Ends the ticks; the run is over. */
  stop(): void;
}

/**
 * Reports a running tool now and then every `everyMs` until stopped: the elapsed time always (the
 * event's own), and what a streaming tool found so far (its reader's `progress` over the output so
 * far: replies and loss for ping, packets for tcpdump), redacted as the output is.
 */
export function trackRunProgress(options: {
  readonly tool: string;
  readonly argv: readonly string[];
  readonly report: (found?: string) => void;
  readonly everyMs?: number;
  /** The registry's describeProgress; a test passes its own reader. */
  readonly describe?: typeof describeProgress;
}): RunProgress {
  const describe = options.describe ?? describeProgress;
  const startedAt = Date.now();
  const tail = new OutputTail();
  options.report();
  const timer = setInterval(() => {
    const found = describe(options.tool, tail.partial(options.argv, Date.now() - startedAt));
    options.report(found === undefined ? undefined : redactSecrets(found));
  }, options.everyMs ?? progressEveryMs);
  // A tick never keeps the worker alive: the run it reports on does, while it lasts.
  timer.unref();
  return {
    onOutput: (chunk, stream) => tail.add(chunk, stream),
    stop: () => clearInterval(timer),
  };
}
