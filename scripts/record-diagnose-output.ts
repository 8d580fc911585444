import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { commands } from '../commands/index.js';
import type { RecordedMeta } from '../test/fixtures/record/recording.js';
import { createFaultRig, type FaultRig } from '../test/integration/diagnose/fault-rig.js';
import { createPipeline } from '../test/integration/pipeline/pipeline-fixture.js';

// `npx tsx scripts/record-diagnose-output.ts`, as root, after `scripts/test --provision`: records
// what real `diagnose` jobs print (their Diagnosis JSON, probes' outputs inside) on the fault rig of
// test/integration/diagnose, through the queue, the worker and the local executor, for the summaries'
// and golden tests. scripts/record-tool-output.ts cannot: diagnose is many probes, not one argv.

const outputDir = join(fileURLToPath(new URL('..', import.meta.url)), 'test/fixtures/tool-output');

interface DiagnoseCase {
  readonly name: string;
  /** What follows `diagnose netns/CLIENT`. */
  readonly rest: (rig: FaultRig) => string;
  /** A fault made for the length of the run, undone after it. */
  readonly fault?: { make: (rig: FaultRig) => Promise<unknown>; undo: (rig: FaultRig) => Promise<unknown> };
}

const dropTcp =
  'table inet record_fault {\nchain input { type filter hook input priority 0; tcp dport 8080 drop; }\n}\n';

const cases: readonly DiagnoseCase[] = [
  { name: 'diagnose-healthy', rest: () => 'db:8080' },
  { name: 'diagnose-nxdomain', rest: () => 'nosuch:8080' },
  { name: 'diagnose-wrong-port', rest: () => 'db 8081' },
  {
    name: 'diagnose-firewall-drop',
    rest: () => 'db:8080',
    fault: {
      make: (rig) => rig.exec(rig.server, ['nft', '-f', '-'], dropTcp),
      undo: (rig) => rig.exec(rig.server, ['nft', 'delete', 'table', 'inet', 'record_fault']),
    },
  },
];

const rig = await createFaultRig();
const pipeline = createPipeline(commands);
try {
  await pipeline.startWorker();
  for (const recording of cases) {
    const request = `diagnose netns/${rig.client} ${recording.rest(rig)}`;
    await recording.fault?.make(rig);
    try {
      const outcome = await pipeline.queue.waitForOutcome(await pipeline.submit(request), 60_000);
      const result = outcome.runs[outcome.runs.length - 1]?.result;
      if (outcome.status !== 'completed' || !result) throw new Error(`${recording.name}: ${outcome.status}`);
      const meta: RecordedMeta = {
        tool: 'diagnose',
        request,
        argv: result.argv,
        exitCode: result.exitCode,
        signal: result.signal,
        durationMs: result.durationMs,
        capturedOn: 'the fault rig of test/integration/diagnose (three namespaces), through the worker',
        rig: { client: rig.client, server: rig.serverAddress },
      };
      writeFileSync(join(outputDir, `${recording.name}.stdout`), `${result.stdout}\n`);
      writeFileSync(join(outputDir, `${recording.name}.stderr`), result.stderr);
      writeFileSync(join(outputDir, `${recording.name}.meta.json`), `${JSON.stringify(meta, null, 2)}\n`);
      console.log(`${recording.name}: ${result.durationMs} ms`);
    } finally {
      await recording.fault?.undo(rig);
    }
  }
} finally {
  await pipeline.close();
  await rig.teardown();
}
