import { commands } from '../../../commands/index.js';
import { describeWith } from '../../harness/infrastructure.js';
import { createNetnsRig, type NetnsRig } from '../../harness/rig/netns-rig.js';
import { pingCutShortCases } from './ping-cut-short.js';
import { createPipeline, type Pipeline } from './pipeline-fixture.js';

describeWith(
  ['redis', 'netns'],
  'live progress and results cut short, on the local executor and the netns rig',
  () => {
    let rig: NetnsRig;
    let pipeline: Pipeline;

    beforeAll(async () => {
      rig = await createNetnsRig();
      pipeline = createPipeline(commands);
      await pipeline.startWorker();
    }, 30_000);

    afterAll(async () => {
      await pipeline?.close();
      await rig?.teardown();
    }, 30_000);

    pingCutShortCases(() => ({ pipeline, from: `netns/${rig.client.name}`, to: rig.server.address }));

    it('says nothing about starting a toolbox, which the local executor does not have', async () => {
      const jobId = await pipeline.submit(`ping netns/${rig.client.name} -c 1 ${rig.server.address}`);
      await pipeline.queue.waitForOutcome(jobId, 30_000);
      const stages = pipeline.reporter.heard.progress
        .filter((event) => event.jobId === jobId)
        .map((event) => event.stage);
      expect(stages).not.toContain('opening-session');
      expect(stages).toContain('running');
    }, 30_000);

    it("reports a two-party tool's server, then its client, at least every 3 s", async () => {
      const server = `netns/${rig.server.name}`;
      const client = `netns/${rig.client.name}`;
      const jobId = await pipeline.submit(`iperf3 ${server} ${client} -t 4 -p 15233`);
      const outcome = await pipeline.queue.waitForOutcome(jobId, 30_000);
      expect(outcome.status).toBe('completed');
      const running = pipeline.reporter.heard.progress.filter(
        (event) => event.jobId === jobId && event.stage === 'running',
      );
      const details = [...new Set(running.map((event) => event.detail))];
      expect(details).toEqual([`server in ${server}`, `client in ${client}`]);
      const times = [...running.map((event) => event.elapsedMs), outcome.durationMs];
      const gaps = times.slice(1).map((time, index) => time - times[index]!);
      expect(Math.max(...gaps)).toBeLessThanOrEqual(3000);
    }, 30_000);

    it("shows the command as typed on the running line, not the bot's flags or its paths", async () => {
      const url = `http://${rig.server.address}:${rig.httpPort}/hello.txt`;
      const jobId = await pipeline.submit(`curl netns/${rig.client.name} ${url}`);
      await pipeline.queue.waitForOutcome(jobId, 30_000);
      const details = pipeline.reporter.heard.progress
        .filter((event) => event.jobId === jobId && event.stage === 'running')
        .map((event) => event.detail);
      expect(new Set(details)).toEqual(new Set([`curl ${url}`]));
    }, 30_000);
  },
);
