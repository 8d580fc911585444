import { commands } from '../../../commands/index.js';
import { renderOutcomeText } from '../../../src/format/render-text.js';
import { describeWith } from '../../harness/infrastructure.js';
import { createNetnsRig, type NetnsRig } from '../../harness/rig/netns-rig.js';
import { createPipeline, escapeRegExp, type Pipeline } from './pipeline-fixture.js';
import { testJobSecret } from './signed-jobs.js';

// Issue 13: `curl --timeout 2s` to an unreachable address said only "hit its time limit", as curl
// kept its own --max-time 30 and was killed at the deadline. Its --max-time now stays below the
// deadline: curl gives up first and says so, with its timing.

describeWith(['redis', 'netns'], 'curl to an address nobody holds, with a short --timeout', () => {
  let rig: NetnsRig;
  let pipeline: Pipeline;

  beforeAll(async () => {
    rig = await createNetnsRig();
    pipeline = createPipeline(commands, undefined, { jobSecret: testJobSecret });
    await pipeline.startWorker();
  }, 30_000);

  afterAll(async () => {
    await pipeline?.close();
    await rig?.teardown();
  }, 30_000);

  it("ends with curl's own error before the deadline, not killed by it", async () => {
    const silent = rig.server.address.replace(/\.\d+$/, '.99');
    const jobId = await pipeline.submit(`curl netns/${rig.client.name} http://${silent}:8080/ --timeout 2s`);
    const outcome = await pipeline.queue.waitForOutcome(jobId, 30_000);
    expect(outcome.status).toBe('completed');
    const result = outcome.runs[0]?.result;
    expect(result?.timedOut).toBe(false);
    expect(result?.argv).toEqual(expect.arrayContaining(['--max-time', '1.5']));
    expect(result?.exitCode).toBe(28);
    const text = renderOutcomeText(outcome, { tool: 'curl' });
    expect(text.split('\n')[0]).toMatch(
      new RegExp(`^❌ no answer from ${escapeRegExp(silent)}:8080 within 1\\.5 s · curl · `),
    );
  }, 30_000);
});
