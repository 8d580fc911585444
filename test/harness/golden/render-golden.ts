import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { commands } from '../../../commands/index.js';
import { describeWhere } from '../../../src/format/describe-where.js';
import { renderOutcomeText } from '../../../src/format/render-text.js';
import { summarize } from '../../../src/format/summaries/index.js';
import { parseRequest } from '../../../src/grammar/parse-request.js';
import type { JobData } from '../../../src/queue/job.js';
import type { JobOutcome, OutcomeResult } from '../../../src/results/job-outcome.js';
import { renderJobMessage, type SlackMessage } from '../../../src/slack/blocks/job-message.js';
import { renderResultMessage } from '../../../src/slack/blocks/result-message.js';
import type { RecordedMeta } from '../../fixtures/record/recording.js';

// The golden messages (issue 13): each recorded real output (test/fixtures/tool-output) rendered as
// the terminal shows it and as the bot posts it to Slack, compared with test/fixtures/golden/. The
// gallery (docs/gallery.md) draws its pictures from the same renderings.

const outputDir = join(process.cwd(), 'test/fixtures/tool-output');
export const goldenDir = join(process.cwd(), 'test/fixtures/golden');

/** The job id every golden message carries, so that renderings do not change from run to run. */
const jobId = '42';

export interface Recorded {
  readonly name: string;
  readonly meta: RecordedMeta;
  readonly result: OutcomeResult;
}

/** Every recorded output, by name. */
export function recordedOutputs(): Recorded[] {
  return readdirSync(outputDir)
    .filter((file) => file.endsWith('.meta.json'))
    .map((file) => file.slice(0, -'.meta.json'.length))
    .sort()
    .map(loadRecorded);
}

export function loadRecorded(name: string): Recorded {
  const raw = JSON.parse(
    readFileSync(join(outputDir, `${name}.meta.json`), 'utf8'),
  ) as Partial<RecordedMeta> & {
    argv: string[];
    exitCode: number | null;
    rig: RecordedMeta['rig'];
  };
  // Fixtures recorded before the recorder (issue 13) lack tool, request and duration: derived.
  const tool = raw.tool ?? raw.argv[0] ?? '';
  const meta: RecordedMeta = {
    tool,
    request: raw.request ?? `${tool} netns/client ${raw.argv.slice(1).join(' ')}`,
    argv: raw.argv,
    exitCode: raw.exitCode,
    signal: raw.signal ?? null,
    durationMs: raw.durationMs ?? 12,
    capturedOn: raw.capturedOn ?? 'netns rig',
    rig: raw.rig,
    ...(raw.noSummary ? { noSummary: true } : {}),
  };
  return {
    name,
    meta,
    result: {
      argv: meta.argv,
      exitCode: meta.exitCode,
      signal: meta.signal,
      timedOut: false,
      canceled: false,
      stdout: readFileSync(join(outputDir, `${name}.stdout`), 'utf8'),
      stderr: readFileSync(join(outputDir, `${name}.stderr`), 'utf8'),
      truncated: false,
      durationMs: meta.durationMs,
      artifacts: [],
    },
  };
}

export interface GoldenRendering {
  /** What `netshoot-bot run` prints. */
  readonly terminal: string;
  /** The channel message once the job has ended, and the thread reply with its files. */
  readonly slack: {
    readonly channel: SlackMessage;
    readonly thread: SlackMessage;
    readonly files: readonly { readonly filename: string; readonly bytes: number }[];
    /** The charts the summary asks for (their PNGs are rendered elsewhere: src/charts). */
    readonly charts: readonly string[];
  };
}

/** One recorded output through every renderer, as the bot would show it. */
export function renderGolden({ meta, result }: Recorded): GoldenRendering {
  const request = parseRequest(meta.request, commands);
  const outcome: JobOutcome = {
    jobId,
    status: 'completed',
    runs: [{ side: 'main', result }],
    where: describeWhere(request),
    durationMs: meta.durationMs,
  };
  const job: JobData = {
    version: 1,
    request,
    origin: { via: 'slack', teamId: 'T0GOLDEN', channelId: 'C0INCIDENT', userId: 'U0ALICE' },
    dedupeKey: 'slack:golden',
    requestedAt: '2026-11-30T03:00:00.000Z',
  };
  const channel = renderJobMessage({
    jobId,
    cluster: 'default',
    request,
    userId: 'U0ALICE',
    stage: 'done',
    outcome,
  });
  const thread = renderResultMessage(job, outcome);
  const summary = request.options.raw ? undefined : summarize(request.tool, result);
  return {
    terminal: renderOutcomeText(outcome, {
      tool: request.tool,
      ...(request.options.grep ? { grep: request.options.grep } : {}),
      raw: request.options.raw,
    }),
    slack: {
      channel,
      thread: thread.message,
      files: thread.files.map((file) => ({ filename: file.filename, bytes: file.data.length })),
      charts: (summary?.charts ?? []).map((chart) => chart.title),
    },
  };
}
