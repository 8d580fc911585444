import type { JobOutcome, OutcomeResult } from '../results/job-outcome.js';
import { formatArgv } from './format-argv.js';
import { grepLines } from './grep-lines.js';
import { truncationNote } from './output-cap.js';
import { readerOf } from './summaries/index.js';
import type { TextTable, Transcript } from './summaries/summary.js';
import { withoutCurlTiming } from './summaries/dns-http/curl.js';
import { renderTable } from './text-table.js';
import { verdictOf, verdictPlainLine, type Verdict, type VerdictContext } from './verdict.js';

export interface RenderOptions extends VerdictContext {
  readonly tool: string;
  /** `--grep TEXT`: raw output keeps only matching lines (the summary still reads all of it). */
  readonly grep?: string;
}

/** One run's raw part, as people read it: the run's side, what ran, and the text (may be empty). */
export interface RawPart {
  readonly side: 'main' | 'server' | 'client';
  readonly argv: readonly string[];
  readonly text: string;
  /** Its machine output is left out (the summary shows it): `text` holds only what else it said. */
  readonly hidden?: boolean;
}

/**
 * What every layout of a result shows, in order: the verdict (its facts and tables in its summary),
 * then each run's raw output. `hiddenNote` says that the machine output the bot asked for (ip -j,
 * mtr --raw, nmap -oX, iperf3 -J) was left out because the summary shows it, and how to see it.
 */
export interface OutcomeParts {
  readonly verdict: Verdict;
  /** The summary's small table that goes right under the verdict line (diagnose's layers). */
  readonly overview?: TextTable;
  readonly facts: readonly string[];
  readonly tables: readonly TextTable[];
  /** The outputs of probes the tool ran on its own (diagnose's), each under its title. */
  readonly transcripts: readonly Transcript[];
  readonly raw: readonly RawPart[];
  readonly hiddenNote?: string;
}

/** The parts of a result, decided once for the terminal and for Slack. */
export function outcomeParts(outcome: JobOutcome, options: RenderOptions): OutcomeParts {
  const verdict = verdictOf(options.tool, outcome, options);
  const summary = verdict.summary;
  const reader = readerOf(options.tool);
  // Machine output is asked for so that the summary can read it: once it did, people see its tables.
  // Only the run the summary read (the client's, for two-party tools): a server's own report stays.
  const last = outcome.runs.length - 1;
  const machine = reader?.machineOutput;
  const lastArgv = outcome.runs[last]?.result.argv ?? [];
  const isMachineOutput = typeof machine === 'function' ? machine(lastArgv) : machine === true;
  const hideMachine = isMachineOutput && summary !== undefined && !options.raw;
  const raw = outcome.runs.map(({ side, result }, index) => ({
    side,
    argv: result.argv,
    text: renderRawOutput(options.tool, result, { ...options, hideStdout: hideMachine && index === last }),
    ...(hideMachine && index === last ? { hidden: true } : {}),
  }));
  return {
    verdict,
    ...(summary?.overview ? { overview: summary.overview } : {}),
    facts: summary?.facts ?? [],
    tables: summary?.tables ?? [],
    transcripts: summary?.transcripts ?? [],
    raw,
    ...(hideMachine
      ? {
          hiddenNote: `${options.tool}'s machine output, which the summary reads, is left out; --raw shows it`,
        }
      : {}),
  };
}

/**
 * A JobOutcome as terminal text (what `netshoot-bot run` prints): the verdict line, the summary's
 * overview, facts and tables, the probes' transcripts, then the raw output of each run (server and
 * client both, for two-party tools), with notes for truncation and artifacts.
 */
export function renderOutcomeText(outcome: JobOutcome, options: RenderOptions): string {
  const parts = outcomeParts(outcome, options);
  const { verdict } = parts;
  const took = `took ${verdict.took}${verdict.exit === undefined ? '' : `, ${verdict.exit}`}`;
  const lines = [
    verdictPlainLine(verdict),
    ...verdict.details.map((line) => `  ${line}`),
    ...(parts.overview ? ['', renderTable(parts.overview), ''] : []),
    ...parts.facts.map((fact) => `  ${fact}`),
    ...(verdict.mark === 'failed' ? [] : [`  ${took}`]),
  ];
  for (const table of parts.tables) lines.push('', renderTable(table));
  for (const transcript of parts.transcripts) lines.push('', `--- ${transcript.title}`, transcript.text);
  if (parts.hiddenNote) lines.push('', `[${parts.hiddenNote}]`);
  for (const run of parts.raw) {
    if (!run.text) continue;
    const what = formatArgv(run.argv);
    lines.push('', parts.raw.length > 1 ? `--- ${run.side}: ${what}` : `--- ${what}`, run.text);
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/**
 * The raw part of one run: stdout, then stderr (under a `[stderr]` label unless the tool writes its
 * ordinary output there), grep applied, notes at the end. `hideStdout` leaves out machine output the
 * summary has shown; what the tool said on stderr still shows.
 */
export function renderRawOutput(
  tool: string,
  result: OutcomeResult,
  options: Pick<RenderOptions, 'grep' | 'raw'> & { readonly hideStdout?: boolean } = {},
): string {
  const reader = readerOf(tool);
  const stdout = options.hideStdout
    ? ''
    : tool === 'curl' && !options.raw
      ? withoutCurlTiming(result.stdout)
      : result.stdout;
  const parts = [grepLines(stdout, options.grep).trimEnd()];
  const stderr = grepLines(result.stderr, options.grep).trimEnd();
  if (stderr) parts.push(reader?.stderrIsOutput ? stderr : `[stderr]\n${stderr}`);
  if (options.grep) parts.push(`[only lines containing "${options.grep}"]`);
  if (result.truncated) parts.push(`[${truncationNote()}]`);
  for (const artifact of result.artifacts) {
    parts.push(`[file: ${artifact.name}, ${artifact.size} bytes, ${artifact.contentType}]`);
  }
  return parts.filter(Boolean).join('\n');
}
