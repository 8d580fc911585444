import { summarizeCurl } from './curl.js';
import { summarizeDig } from './dig.js';
import { summarizeIperf } from './iperf.js';
import { summarizeIperf3 } from './iperf3.js';
import { summarizeNc } from './nc.js';
import { summarizePing } from './ping.js';
import type { RunOutput, Summarizer, Summary } from './summary.js';

export type { Summary } from './summary.js';

const summarizers: Readonly<Record<string, Summarizer>> = {
  dig: summarizeDig,
  ping: summarizePing,
  curl: summarizeCurl,
  nc: summarizeNc,
  iperf: summarizeIperf,
  iperf3: summarizeIperf3,
};

/** The tool's summary of a run, or undefined for tools without one (their raw output speaks). */
export function summarize(tool: string, result: RunOutput): Summary | undefined {
  const summarizer = summarizers[tool];
  if (!summarizer) return undefined;
  try {
    return summarizer(result);
  } catch {
    // dropped: output a parser did not expect must never hide the raw output, which is shown instead.
    return undefined;
  }
}
