import { summarize } from '../../../../../src/format/summaries/index.js';
import type { Summary } from '../../../../../src/format/summaries/summary.js';
import { loadToolOutput } from '../../load-tool-output.js';

/** The summary of a recorded real output (test/fixtures/tool-output/<name>.*); throws when there is none. */
export function summaryOf(tool: string, name: string): Summary {
  const summary = summarize(tool, loadToolOutput(name));
  if (!summary) throw new Error(`no summary of ${name}`);
  return summary;
}

/** A table's rows, by the table's title (or the only one). */
export function rowsOf(summary: Summary, title?: string): readonly (readonly string[])[] {
  const table = summary.tables?.find((candidate) => candidate.title === title || title === undefined);
  if (!table) throw new Error(`no table ${title ?? ''}`);
  return table.rows;
}
