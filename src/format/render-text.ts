import type { JobOutcome, OutcomeResult } from '../results/job-outcome.js';
import { formatArgv } from './format-argv.js';
import { grepLines } from './grep-lines.js';
import { truncationNote } from './output-cap.js';
import { summarize } from './summaries/index.js';
import { withoutCurlTiming } from './summaries/dns-http/curl.js';
import { verdictOf } from './verdict.js';

export interface RenderOptions {
  readonly tool: string;
  /** `--grep TEXT`: raw output keeps only matching lines (the summary still reads all of it). */
  readonly grep?: string;
  /** `--raw`: no summary. */
  readonly raw?: boolean;
}

/**
 * A JobOutcome as terminal text: the verdict line, the summary's facts, then the raw output of each
 * run (server and client both, for two-party tools), each stream labelled, with notes for truncation
 * and artifacts. The Slack renderer reuses `renderRawOutput` for its raw part.
 */
export function renderOutcomeText(outcome: JobOutcome, options: RenderOptions): string {
  const verdict = verdictOf(options.tool, outcome, options);
  const lines = [verdict.line, ...verdict.details.map((line) => `  ${line}`)];
  const last = outcome.runs[outcome.runs.length - 1]?.result;
  const summary = last && !options.raw ? summarize(options.tool, last) : undefined;
  if (summary) lines.push(...summary.facts.map((fact) => `  ${fact}`));
  for (const run of outcome.runs) {
    const raw = renderRawOutput(options.tool, run.result, options);
    if (!raw) continue;
    lines.push(
      '',
      outcome.runs.length > 1
        ? `--- ${run.side}: ${formatArgv(run.result.argv)}`
        : `--- ${formatArgv(run.result.argv)}`,
      raw,
    );
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/** The raw part of one run: stdout, then stderr under a label, grep applied, notes at the end. */
export function renderRawOutput(
  tool: string,
  result: OutcomeResult,
  options: Pick<RenderOptions, 'grep' | 'raw'> = {},
): string {
  const stdout = tool === 'curl' && !options.raw ? withoutCurlTiming(result.stdout) : result.stdout;
  const parts = [grepLines(stdout, options.grep).trimEnd()];
  const stderr = grepLines(result.stderr, options.grep).trimEnd();
  if (stderr) parts.push(`[stderr]\n${stderr}`);
  if (options.grep) parts.push(`[only lines containing "${options.grep}"]`);
  if (result.truncated) parts.push(`[${truncationNote()}]`);
  for (const artifact of result.artifacts) {
    parts.push(`[file: ${artifact.name}, ${artifact.size} bytes, ${artifact.contentType}]`);
  }
  return parts.filter(Boolean).join('\n');
}
