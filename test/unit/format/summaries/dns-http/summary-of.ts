import { summarize } from '../../../../../src/format/summaries/index.js';
import type { Summary } from '../../../../../src/format/summaries/summary.js';
import { loadRecorded } from '../../../../harness/golden/render-golden.js';

/** The summary of a recorded real output (test/fixtures/tool-output/<name>.*), and the rig it ran on. */
export function summaryOf(name: string): { summary: Summary; server: string; client: string } {
  const { meta, result } = loadRecorded(name);
  const summary = summarize(meta.tool, result);
  if (!summary)
    throw new Error(`${meta.tool} gave no summary of ${name}: its reader did not understand the output`);
  return { summary, server: meta.rig.server, client: meta.rig.client };
}

/** The value of one measure, by its key. */
export function measure(summary: Summary, key: string): number | string | undefined {
  return summary.measures?.find((each) => each.key === key)?.value;
}
