import { compareMeasures } from '../../../../../src/format/compare-measures.js';
import { summarize } from '../../../../../src/format/summaries/index.js';
import type { RunOutput } from '../../../../../src/format/summaries/summary.js';
import { renderTable } from '../../../../../src/format/text-table.js';
import type { Diagnosis } from '../../../../../src/diagnose/diagnosis.js';
import {
  degradedOnDocker,
  refusedOnDocker,
  workingOnDocker,
} from '../../../../fixtures/diagnose-probes/diagnoses.js';

/** A diagnose job's run as the worker hands it over: the Diagnosis as JSON on stdout. */
function run(diagnosis: Diagnosis): RunOutput {
  return {
    argv: ['diagnose', diagnosis.from, `${diagnosis.to}:${diagnosis.port ?? ''}`],
    exitCode: 0,
    signal: null,
    stdout: JSON.stringify(diagnosis),
    stderr: '',
    durationMs: diagnosis.elapsedMs,
    timedOut: false,
    canceled: false,
    truncated: false,
  };
}

describe('the diagnose reader', () => {
  it("is broken with the verdict layer's evidence as its headline", () => {
    const summary = summarize('diagnose', run(refusedOnDocker));
    expect(summary?.tone).toBe('broken');
    expect(summary?.headline).toBe(
      '198.19.4.2:8080 refused: nothing listens on 8080 in container/nbt-h4-db (ICMP answers)',
    );
  });

  it('lays out the verdict table, one row a layer with its result in words and a mark', () => {
    const overview = summarize('diagnose', run(refusedOnDocker))?.overview;
    expect(renderTable(overview!)).toBe(
      [
        'layer    result          evidence',
        'name     ✅️ ok           payments → 198.19.4.2, the address of container/nbt-h4-db on nbt-h4cap',
        'service  ✅️ ok           container/nbt-h4-web and container/nbt-h4-db share nbt-h4cap; nbt-h4-db is at 198.19.4.2 there, running',
        'policy   ➖️ not checked  Docker has no network policy objects; iptables rules of the host are not read',
        'reach    ❌️ failed       198.19.4.2:8080 refused: nothing listens on 8080 in container/nbt-h4-db (ICMP answers)',
        'app      ⏭️ skipped      not run: reach failed',
        'path     ⏭️ skipped      not run: the connection is refused at the far end, not lost on the way',
      ].join('\n'),
    );
  });

  it("gives each layer's details as facts and each probe's real output under what ran", () => {
    const summary = summarize('diagnose', run(refusedOnDocker));
    expect(summary?.facts).toContain('service: on nbt-h4cap, nbt-h4-db, payments → 198.19.4.2');
    expect(summary?.facts.at(-1)).toBe('container/nbt-h4-web → payments:8080, checked in 612ms');
    expect(summary?.transcripts?.map((transcript) => transcript.title)).toEqual([
      'name: dig +search +tries=1 +time=2 payments A (exit 0, 31ms)',
      'reach: ping -c 3 -i 0.2 -W 1 198.19.4.2 (exit 0, 421ms)',
      'reach: nc -vz -w 2 payments 8080 (exit 1, 12ms)',
    ]);
    expect(summary?.transcripts?.at(-1)?.text).toBe(
      'nc: connect to payments (198.19.4.2) port 8080 (tcp) failed: Connection refused',
    );
  });

  it('is degraded with the first warning as its headline when nothing fails', () => {
    const summary = summarize('diagnose', run(degradedOnDocker));
    expect(summary).toMatchObject({
      tone: 'degraded',
      headline:
        '1 of the 2 containers that answer to payments is not running: app-payments-2 exited (exit 137, killed for memory)',
    });
  });

  it('is ok and counts the layers when every layer that ran works', () => {
    expect(summarize('diagnose', run(workingOnDocker))).toMatchObject({
      tone: 'ok',
      headline: 'payments:8080 answers (3 layers ok, 3 not checked)',
    });
  });

  it('keeps each layer as a measure, so a later run says which layer changed', () => {
    const before = summarize('diagnose', run(refusedOnDocker))?.measures ?? [];
    const after = summarize('diagnose', run(workingOnDocker))?.measures ?? [];
    expect(compareMeasures(before, after)).toEqual([
      'reach was failing, now ok',
      'app was skipped, now not checked',
      'path was skipped, now not checked',
    ]);
  });

  it('gives no summary for output that is not a Diagnosis, so the raw output shows', () => {
    const crash = { ...run(refusedOnDocker), stdout: 'Error: the orchestrator stopped\n' };
    expect(summarize('diagnose', crash)).toBeUndefined();
    expect(summarize('diagnose', { ...crash, stdout: '{"layers":"none"}' })).toBeUndefined();
  });
});
