import type { ContextBlock, KnownBlock, SectionBlock } from '@slack/types';
import { outcomeParts } from '../../format/render-text.js';
import { renderTable } from '../../format/text-table.js';
import { layOutSections, type SectionContent } from './code-sections.js';
import { describeMissingArtifact } from '../../queue/describe-missing-artifact.js';
import type { JobData } from '../../queue/job.js';
import type { JobOutcome } from '../../results/job-outcome.js';
import { escapeMrkdwn, packLines } from '../slack-text.js';
import type { SlackMessage } from './job-message.js';
import { slackVerdict } from './verdict.js';

/** Slack's per-section limit is 3000 characters; a little room stays for the label line. */
const sectionChars = 2900;
/** SPEC 5: the blocks' text stays well under Slack's 13k; what does not fit goes up as a file. */
const messageChars = 11_000;
/** The verdict and the facts take at most this much of it: tables and output need room too. */
const factsChars = 6000;

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
 * The thread reply of a finished job: the verdict and the summary's facts, what changed since the
 * same command last ran here, the summary's tables in code blocks, then the raw output (not the
 * machine output a summary has shown, unless --raw), all within Slack's limits; and the files: the
 * rest when it did not fit (or --file asked for it), the charts, and every artifact (pcaps) whose
 * bytes were fetched (`artifacts`, by their key in the artifact store); one that was not kept or
 * expired is said in words instead.
 */
export function renderResultMessage(
  job: JobData,
  outcome: JobOutcome,
  artifacts: ReadonlyMap<string, Buffer> = new Map(),
  extras: ResultExtras = {},
): ResultMessage {
  const { request } = job;
  const parts = outcomeParts(outcome, {
    tool: request.tool,
    raw: request.options.raw,
    deadlineMs: request.options.timeoutMs,
    ...(request.options.grep ? { grep: request.options.grep } : {}),
    ...(extras.canceledBy === undefined ? {} : { canceledBy: extras.canceledBy }),
  });
  const verdict = slackVerdict(parts.verdict);
  const head = [verdict.text, ...verdict.details, ...parts.facts.map((fact) => `• ${escapeMrkdwn(fact)}`)];
  // Every fact shows: a long list goes on in the next section rather than losing its middle, up to
  // a share of the message (diagnose lists each endpoint and policy); the rest goes in the file.
  const packed = packLines(head, sectionChars);
  const shown = takeWithin(packed, factsChars);
  const factsCut = shown.length < packed.length;
  const blocks: KnownBlock[] = shown.map((text): SectionBlock => ({
    type: 'section',
    text: { type: 'mrkdwn', text },
  }));
  if (outcome.status === 'failed') {
    if (outcome.restarted) blocks.push(noteBlock([restartedNote]));
    return { message: { text: verdict.notification, blocks }, files: [] };
  }
  const changes = changesSection(extras);
  if (changes) blocks.push(changes);

  // The raw part is the terminal's (src/format): stderr labelled, --grep applied, truncation noted.
  const labelled = parts.raw.length > 1;
  const layout = layOutSections(
    parts.tables,
    [
      ...parts.transcripts.map(({ title, text }): SectionContent => ({ label: title, text })),
      ...parts.raw.flatMap(({ side, text, hidden }): SectionContent[] => {
        const label = labelled ? { label: side } : {};
        if (text !== '') return [{ ...label, text }];
        // A two-party tool's client, whose JSON the summary read: its label says where it went.
        if (hidden) return labelled ? [{ ...label, note: parts.hiddenNote ?? '' }] : [];
        return [{ ...label, text: '(no output)' }];
      }),
    ],
    messageChars - blocks.reduce((sum, block) => sum + textOf(block), 0),
  );
  blocks.push(...layout.blocks);

  const files: FileToUpload[] = [];
  const notes: string[] = [];
  if (parts.hiddenNote && !labelled) notes.push(parts.hiddenNote);
  if (layout.cut || request.options.file || factsCut) {
    const filename = `${request.tool}-${outcome.jobId}.txt`;
    const tables = [...(factsCut ? [parts.facts.join('\n')] : []), ...parts.tables.map(renderTable)];
    const outputs = [
      ...parts.transcripts.map(({ title, text }) => `## ${title}\n${text}`),
      ...parts.raw
        .filter(({ text }) => text !== '')
        .map(({ side, text }) => (labelled ? `## ${side}\n${text}` : text)),
    ];
    files.push({
      filename,
      title: `${request.tool} output, #${outcome.jobId}`,
      data: Buffer.from([...tables, ...outputs].join('\n\n'), 'utf8'),
    });
    notes.push(
      factsCut
        ? `more facts than fit here: all of them attached as ${filename}`
        : `full output attached as ${filename}`,
    );
  }
  const charts = extras.charts ?? [];
  if (charts.length > 0) {
    files.push(...charts);
    notes.push(
      `${charts.length === 1 ? 'chart' : 'charts'} attached: ${charts.map((chart) => chart.filename).join(', ')}`,
    );
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
  return { message: { text: verdict.notification, blocks }, files };
}

/** SPEC 5 for a job a worker restart interrupted: said, so a doubled side effect is not a mystery. */
export const restartedNote = 'restarted after the worker stopped: it ran again from the start';

function noteBlock(notes: readonly string[]): ContextBlock {
  return {
    type: 'context',
    elements: [{ type: 'mrkdwn', text: packLines([escapeMrkdwn(notes.join('; '))], sectionChars)[0] ?? '' }],
  };
}

/** "Since 14:02: avg RTT 0.19 ms → 12.4 ms (×65)", the time in each reader's own time zone. */
function changesSection(extras: ResultExtras): SectionBlock | undefined {
  const changes = extras.changes ?? [];
  if (changes.length === 0) return undefined;
  const since = sinceWords(extras.previousAt);
  const lines =
    changes.length === 1
      ? [`*${since}:* ${escapeMrkdwn(changes[0] ?? '')}`]
      : [`*${since}:*`, ...changes.map((change) => `• ${escapeMrkdwn(change)}`)];
  // A few changes in practice; what would not fit one section is left to the next run's eyes.
  return { type: 'section', text: { type: 'mrkdwn', text: packLines(lines, sectionChars)[0] ?? since } };
}

function sinceWords(previousAt: string | undefined): string {
  const at = previousAt === undefined ? Number.NaN : Date.parse(previousAt);
  if (Number.isNaN(at)) return 'Since last time';
  // Slack shows <!date^…> in the reader's time zone; the words after | are for clients that cannot.
  const fallback = `${new Date(at).toISOString().slice(11, 16)} UTC`;
  return `Since <!date^${Math.floor(at / 1000)}^{time}|${fallback}>`;
}

/** The first texts whose lengths add up to at most `chars`; always the first (the verdict). */
function takeWithin(texts: readonly string[], chars: number): string[] {
  let used = 0;
  return texts.filter((text, index) => {
    used += text.length;
    return index === 0 || used <= chars;
  });
}

function textOf(block: KnownBlock): number {
  return 'text' in block && block.text && typeof block.text === 'object' && 'text' in block.text
    ? block.text.text.length
    : 0;
}
