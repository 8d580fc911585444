import { z } from 'zod';
import {
  layerNames,
  type Diagnosis,
  type LayerFinding,
  type LayerStatus,
} from '../../../diagnose/diagnosis.js';
import { formatDuration } from '../../../grammar/duration.js';
import { formatArgv } from '../../format-argv.js';
import type { Measure, RunOutput, Summary, SummaryTone, TextTable, Transcript } from '../summary.js';

/**
 * A layer's result as people read it, its mark first. Each mark is two UTF-16 units (the emoji and
 * the variation selector that asks for its emoji form) and two columns wide, so that the table's
 * padding, which counts units, lines the evidence up in Slack's code block and in a terminal.
 */
export const layerResultWords: Readonly<Record<LayerStatus, string>> = {
  ok: '\u2705\uFE0F ok',
  warn: '\u26A0\uFE0F warning',
  fail: '\u274C\uFE0F failed',
  skipped: '\u23ED\uFE0F skipped',
  unchecked: '\u2796\uFE0F not checked',
};

/** The words of a layer's status in "what changed": "reach was failing, now ok". */
const statusWords: Readonly<Record<LayerStatus, string>> = {
  ok: 'ok',
  warn: 'warning',
  fail: 'failing',
  skipped: 'skipped',
  unchecked: 'not checked',
};

/** The evidence in the channel's table is cut here; the thread's facts and the JSON have all of it. */
const overviewEvidenceChars = 140;

const transcriptSchema = z.object({
  argv: z.array(z.string()),
  exitCode: z.number().nullable(),
  output: z.string(),
  durationMs: z.number(),
});

const diagnosisSchema = z.object({
  from: z.string(),
  to: z.string(),
  port: z.string().optional(),
  layers: z.array(
    z.object({
      layer: z.enum(layerNames),
      status: z.enum(['ok', 'warn', 'fail', 'skipped', 'unchecked']),
      evidence: z.string(),
      details: z.array(z.string()).optional(),
      transcripts: z.array(transcriptSchema).optional(),
    }),
  ),
  verdictLayer: z.enum(layerNames).optional(),
  elapsedMs: z.number(),
});

/**
 * diagnose's answer (issue 14), which the worker writes as JSON (src/diagnose/diagnosis.ts): the
 * verdict table for the channel, each layer's details and each probe's output for the thread. The
 * headline is the verdict layer's evidence; broken when a layer fails, degraded with warnings only.
 */
export function summarizeDiagnose(result: RunOutput): Summary | undefined {
  const diagnosis = readDiagnosis(result.stdout);
  if (!diagnosis) return undefined;
  const { layers } = diagnosis;
  const failed =
    layers.find((finding) => finding.layer === diagnosis.verdictLayer && finding.status === 'fail') ??
    layers.find((finding) => finding.status === 'fail');
  const warned = layers.find((finding) => finding.status === 'warn');
  const tone: SummaryTone = failed ? 'broken' : warned ? 'degraded' : 'ok';
  return {
    tone,
    headline: (failed ?? warned)?.evidence ?? workingHeadline(diagnosis),
    facts: [
      ...layers.flatMap((finding) => (finding.details ?? []).map((detail) => `${finding.layer}: ${detail}`)),
      `${diagnosis.from} → ${destination(diagnosis)}, checked in ${formatDuration(diagnosis.elapsedMs)}`,
    ],
    overview: verdictTable(layers),
    transcripts: layers.flatMap((finding) =>
      (finding.transcripts ?? []).map((probe): Transcript => ({
        title: `${finding.layer}: ${formatArgv(probe.argv)} (${probe.exitCode === null ? 'killed' : `exit ${probe.exitCode}`}, ${formatDuration(probe.durationMs)})`,
        // dig opens with an empty line; the title above already separates the probes.
        text: probe.output.replace(/^\n+/, '').trimEnd() || '(no output)',
      })),
    ),
    measures: layers.map((finding): Measure => ({
      key: `layer.${finding.layer}`,
      label: finding.layer,
      value: statusWords[finding.status],
    })),
  };
}

/** The JSON the worker wrote, or undefined when it is not a Diagnosis (then the raw output speaks). */
function readDiagnosis(stdout: string): Diagnosis | undefined {
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch {
    // dropped: not JSON at all (a crash's words); no summary, and the raw output shows what was said.
    return undefined;
  }
  const parsed = diagnosisSchema.safeParse(json);
  return parsed.success ? (parsed.data as Diagnosis) : undefined;
}

/** The verdict table: one row a layer, in the order a connection needs them. */
function verdictTable(layers: readonly LayerFinding[]): TextTable {
  return {
    columns: ['layer', 'result', 'evidence'],
    rows: layers.map((finding) => [
      finding.layer,
      layerResultWords[finding.status],
      finding.evidence.length > overviewEvidenceChars
        ? `${finding.evidence.slice(0, overviewEvidenceChars - 1)}…`
        : finding.evidence,
    ]),
  };
}

/** Nothing failed and nothing warned: "db:5432 answers (4 layers ok, 2 not checked)". */
function workingHeadline(diagnosis: Diagnosis): string {
  const count = (status: LayerStatus) =>
    diagnosis.layers.filter((finding) => finding.status === status).length;
  const ok = count('ok');
  const rest = [
    ...(count('unchecked') > 0 ? [`${count('unchecked')} not checked`] : []),
    ...(count('skipped') > 0 ? [`${count('skipped')} skipped`] : []),
  ];
  return `${destination(diagnosis)} answers (${ok} layer${ok === 1 ? '' : 's'} ok${rest.map((part) => `, ${part}`).join('')})`;
}

function destination(diagnosis: Diagnosis): string {
  return diagnosis.port === undefined ? diagnosis.to : `${diagnosis.to}:${diagnosis.port}`;
}
