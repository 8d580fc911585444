import type { Diagnosis, LayerFinding, LayerName } from '../../../src/diagnose/diagnosis.js';
import type { JobOutcome } from '../../../src/results/job-outcome.js';

/** The Diagnosis a diagnose job carried on stdout, and each layer's finding by name. */
export function diagnosisOf(outcome: JobOutcome): Diagnosis & { layer: (name: LayerName) => LayerFinding } {
  const stdout = outcome.runs[outcome.runs.length - 1]?.result.stdout;
  if (outcome.status !== 'completed' || stdout === undefined) {
    throw new Error(`the diagnose job did not complete: ${JSON.stringify(outcome).slice(0, 2000)}`);
  }
  const diagnosis = JSON.parse(stdout) as Diagnosis;
  return {
    ...diagnosis,
    layer: (name) => {
      const found = diagnosis.layers.find((finding) => finding.layer === name);
      if (!found) throw new Error(`no ${name} layer in ${stdout}`);
      return found;
    },
  };
}

/** Layer → status, for one readable assertion over the whole table. */
export function statuses(diagnosis: Diagnosis): Record<string, string> {
  return Object.fromEntries(diagnosis.layers.map((finding) => [finding.layer, finding.status]));
}
