import { describeProgress, summarize, type Summary } from '../../../../../src/format/summaries/index.js';
import { renderTable } from '../../../../../src/format/text-table.js';
import { loadToolOutput, rigOf } from '../../load-tool-output.js';

// The reach readers' tests read the real outputs recorded by test/fixtures/record/cases-reach.ts.

/** The summary of a recorded output; fails the test when the reader gave none. */
export function summaryOf(tool: string, name: string): Summary {
  const summary = summarize(tool, loadToolOutput(name));
  if (!summary) throw new Error(`${tool} gave no summary of ${name}`);
  return summary;
}

/** The running line's words for the first `lines` lines of a recorded output (stdout and stderr). */
export function progressOf(tool: string, name: string, lines?: number): string | undefined {
  const output = loadToolOutput(name);
  const cut = (text: string) => (lines === undefined ? text : text.split('\n').slice(0, lines).join('\n'));
  return describeProgress(tool, {
    argv: output.argv,
    stdout: cut(output.stdout),
    stderr: cut(output.stderr),
    elapsedMs: 1000,
  });
}

/** A summary's tables as the thread shows them. */
export function tablesOf(summary: Summary): string[] {
  return (summary.tables ?? []).map(renderTable);
}

/** The value of one measure, by key. */
export function measureOf(summary: Summary, key: string): number | string | undefined {
  return summary.measures?.find((measure) => measure.key === key)?.value;
}

export { rigOf };
