import type { ContextBlock, KnownBlock } from '@slack/types';
import { renderRawOutput } from '../../format/render-text.js';
import { summarize } from '../../format/summaries/index.js';
import { describeMissingArtifact } from '../../queue/describe-missing-artifact.js';
import type { JobData } from '../../queue/job.js';
import type { JobOutcome } from '../../results/job-outcome.js';
import { codeBlock, escapeMrkdwn, keepEnds } from '../slack-text.js';
import type { SlackMessage } from './job-message.js';
import { verdictLine } from './verdict.js';

/** Slack's per-section limit is 3000 characters; a little room stays for the label line. */
const sectionChars = 2900;
/** SPEC 5: the blocks' text stays well under Slack's 13k; what does not fit goes up as a file. */
const messageChars = 11_000;

export interface FileToUpload {
  readonly filename: string;
  readonly title: string;
  readonly data: Buffer;
}

/**
 * What the Slack reporter knows beyond the job and its outcome (issue 13): what changed since the
 * same command last ran in this channel, who canceled it, the charts it rendered (uploaded as PNG).
 */
export interface ResultExtras {
  /** "avg RTT 0.19 ms → 12.4 ms (×65)", "5432 was open, now refused" (src/format/compare-measures.ts). */
  readonly changes?: readonly string[];
  /** When the previous result was, for "since 14:02" ("2026-11-30T14:02:11Z"). */
  readonly previousAt?: string;
  /** The Slack user who canceled the job. */
  readonly canceledBy?: string;
  /** Chart PNGs (src/charts) to attach with the result. */
  readonly charts?: readonly FileToUpload[];
}

export interface ResultMessage {
  readonly message: SlackMessage;
  readonly files: readonly FileToUpload[];
}

/**
 * The thread reply of a finished job: the verdict, the tool's summary (unless --raw), the raw output
 * in code blocks within Slack's limits, and the files: the full output when it did not fit or
 * --file asked for it, and every artifact (pcaps) whose bytes were fetched (`artifacts`, by their
 * key in the artifact store); one that was not kept or expired is said in words instead.
 */
export function renderResultMessage(
  job: JobData,
  outcome: JobOutcome,
  artifacts: ReadonlyMap<string, Buffer> = new Map(),
  extras: ResultExtras = {},
): ResultMessage {
  void extras; // STUB: the message engineer renders these (issue 13).
  const { request } = job;
  const { text: verdict, details } = verdictLine(request.tool, outcome, { raw: request.options.raw });
  // The verdict names where it ran; a failure's hints follow it.
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: [verdict, ...details].join('\n') } },
  ];
  if (outcome.status === 'failed') {
    if (outcome.restarted) blocks.push(noteBlock([restartedNote]));
    return { message: { text: plain(verdict), blocks }, files: [] };
  }
  const summary = summaryOf(request.tool, outcome, request.options.raw);
  if (summary)
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: keepEnds(summary, sectionChars) } });
  // The raw part is the terminal's (src/format): stderr labelled, --grep applied, truncation noted.
  const outputs = outcome.runs.map(({ side, result }) => ({
    side,
    text: renderRawOutput(request.tool, result, { grep: request.options.grep, raw: request.options.raw }),
  }));
  const labelled = outputs.length > 1;
  let budget = messageChars - blocks.reduce((sum, block) => sum + textOf(block), 0);
  let cut = false;
  for (const { side, text } of outputs) {
    const room = Math.min(sectionChars, budget - 100);
    if (room < 200) {
      cut = true;
      break;
    }
    const label = labelled ? `*${side}*\n` : '';
    const block = codeBlock(text === '' ? '(no output)' : text, room - label.length);
    cut ||= block.cut;
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `${label}${block.text}` } });
    budget -= label.length + block.text.length;
  }

  const files: FileToUpload[] = [];
  const notes: string[] = [];
  if (cut || request.options.file) {
    const filename = `${request.tool}-${outcome.jobId}.txt`;
    const full = outputs.map(({ side, text }) => (labelled ? `## ${side}\n${text}` : text)).join('\n\n');
    files.push({
      filename,
      title: `${request.tool} output, #${outcome.jobId}`,
      data: Buffer.from(full, 'utf8'),
    });
    notes.push(`full output attached as ${filename}`);
  }
  for (const { result } of outcome.runs) {
    for (const artifact of result.artifacts) {
      const data = artifact.key === undefined ? undefined : artifacts.get(artifact.key);
      if (!data) {
        notes.push(describeMissingArtifact(artifact));
        continue;
      }
      files.push({ filename: artifact.name, title: `${artifact.name}, #${outcome.jobId}`, data });
      notes.push(`${artifact.name} attached`);
    }
  }
  if (outcome.restarted) notes.push(restartedNote);
  if (notes.length > 0) blocks.push(noteBlock(notes));
  return { message: { text: plain(verdict), blocks }, files };
}

/** SPEC 5 for a job a worker restart interrupted: said, so a doubled side effect is not a mystery. */
export const restartedNote = 'restarted after the worker stopped: it ran again from the start';

function noteBlock(notes: readonly string[]): ContextBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(notes.join('; ')) }] };
}

/** The tool's parsed summary of the last run (the client's, for two-party tools), unless --raw. */
function summaryOf(tool: string, outcome: JobOutcome, raw: boolean): string | undefined {
  const last = outcome.runs.at(-1)?.result;
  const summary = last && !raw ? summarize(tool, last) : undefined;
  if (!summary) return undefined;
  return [
    `*${escapeMrkdwn(summary.headline)}*`,
    ...summary.facts.map((fact) => `• ${escapeMrkdwn(fact)}`),
  ].join('\n');
}

function textOf(block: KnownBlock): number {
  return 'text' in block && block.text && typeof block.text === 'object' && 'text' in block.text
    ? block.text.text.length
    : 0;
}

function plain(mrkdwn: string): string {
  return mrkdwn.replace(/:[a-z_]+: /, '').replace(/`/g, '');
}
