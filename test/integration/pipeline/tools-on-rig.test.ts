import { join } from 'node:path';
import { commands } from '../../../commands/index.js';
import { renderOutcomeText } from '../../../src/format/render-text.js';
import { exitStatusOf } from '../../../src/format/verdict.js';
import { describeWith } from '../../harness/infrastructure.js';
import { createNetnsRig, type NetnsRig } from '../../harness/rig/netns-rig.js';
import { createPipeline, escapeRegExp, type Pipeline } from './pipeline-fixture.js';
import { testJobSecret } from './signed-jobs.js';

describeWith(
  ['redis', 'netns'],
  'tools run through the queue, the worker and the local executor on the netns rig',
  () => {
    let rig: NetnsRig;
    let pipeline: Pipeline;
    const c = () => `netns/${rig.client.name}`;
    const s = () => `netns/${rig.server.name}`;

    beforeAll(async () => {
      rig = await createNetnsRig();
      // The toolbox image's own scripts (netgen) are found as they are inside the image.
      pipeline = createPipeline(
        commands,
        undefined,
        { jobSecret: testJobSecret },
        { toolDirs: [join(process.cwd(), 'image')] },
      );
      await pipeline.startWorker();
    }, 30_000);

    afterAll(async () => {
      await pipeline?.close();
      await rig?.teardown();
    }, 30_000);

    async function runLine(line: string) {
      const jobId = await pipeline.submit(line);
      const outcome = await pipeline.queue.waitForOutcome(jobId, 60_000);
      const tool = line.split(' ')[0] as string;
      return { jobId, outcome, text: renderOutcomeText(outcome, { tool }) };
    }

    it('answers dig for the test zone from the client namespace through the DNS server in the other', async () => {
      const { outcome, text } = await runLine(`dig ${c()} db.test.internal`);
      expect(outcome.status).toBe('completed');
      expect(text.split('\n')[0]).toMatch(
        new RegExp(
          `^✅ db\\.test\\.internal → ${escapeRegExp(rig.server.address)} \\(A\\) · dig · ${escapeRegExp(c())}$`,
        ),
      );
      expect(text).toContain(`answered by ${rig.server.address}`);
    }, 30_000);

    it('pings the other namespace, written as a target, with replies and round-trip times', async () => {
      const { outcome, text } = await runLine(`ping ${c()} ${s()} -c 3 -i 0.2`);
      expect(outcome.runs[0]?.result.argv).toContain(rig.server.address);
      expect(text.split('\n')[0]).toMatch(new RegExp(`^✅ 0% loss, avg [\\d.]+ ms · ping · `));
    }, 30_000);

    it('curls the HTTP server with a timing breakdown and the body', async () => {
      const { outcome, text } = await runLine(
        `curl ${c()} http://${rig.server.address}:${rig.httpPort}/hello.txt`,
      );
      expect(exitStatusOf(outcome)).toBe(0);
      expect(text).toMatch(/HTTP 200 OK in [\d.]+ ms/);
      expect(text).toContain(`from ${rig.server.address}:8080`);
      // No TLS phase for plain http (issue 13).
      expect(text).toMatch(/DNS [\d.]+ ms · connect [\d.]+ ms · first byte [\d.]+ ms · total [\d.]+ ms/);
      expect(text).toContain(rig.httpBody.trim());
    }, 30_000);

    it('never shows the bearer token a curl sent, in the argv, the verbose output or the progress', async () => {
      const token = 'nsb-secret-token-1234567890';
      const { outcome, text } = await runLine(
        `curl ${c()} -v -H "Authorization: Bearer ${token}" http://${rig.server.address}:${rig.httpPort}/hello.txt`,
      );
      expect(outcome.status).toBe('completed');
      expect(text).toContain('> Authorization: [redacted]');
      expect(JSON.stringify(outcome)).not.toContain(token);
      expect(JSON.stringify(pipeline.reporter.heard.progress)).not.toContain(token);
    }, 30_000);

    it('reports an open port as open and a closed port as a result with a non-zero exit, not a bot error', async () => {
      const open = await runLine(`nc ${c()} -vz ${s()} ${rig.openTcpPort}`);
      expect(open.outcome.status).toBe('completed');
      expect(exitStatusOf(open.outcome)).toBe(0);
      expect(open.text.split('\n')[0]).toContain(`${rig.server.address}:${rig.openTcpPort} open`);

      const closed = await runLine(`nc ${c()} -vz ${s()} ${rig.closedTcpPort}`);
      expect(closed.outcome.status).toBe('completed');
      expect(closed.outcome.error).toBeUndefined();
      expect(exitStatusOf(closed.outcome)).toBe(1);
      expect(closed.text.split('\n')[0]).toContain(
        `❌ ${rig.server.address}:${rig.closedTcpPort} refused · nc · `,
      );
    }, 30_000);

    it('runs iperf3 server in one namespace and client in the other, reporting a throughput, and stops the server', async () => {
      const { outcome, text } = await runLine(`iperf3 ${s()} ${c()} -t 1`);
      expect(outcome.status).toBe('completed');
      expect(outcome.runs.map((run) => run.side)).toEqual(['server', 'client']);
      expect(outcome.runs[1]?.result.argv).toContain(rig.server.address);
      expect(text.split('\n')[0]).toMatch(
        new RegExp(`^✅ [\\d.]+ [GMk]?bit/s, \\d+ retransmits? · iperf3 · ${c()} -> ${s()}$`),
      );
      const listening = await pipeline.executor.open(
        { kind: 'netns', name: rig.server.name },
        { namespace: 'default' },
      );
      const after = await listening.run(['ss', '-Hltn', 'sport', '=', ':5201'], { timeoutMs: 5000 });
      expect(after.stdout.trim()).toBe('');
    }, 60_000);

    it('runs iperf 2 the same way and reports the bandwidth of the whole test', async () => {
      const { outcome, text } = await runLine(`iperf ${s()} ${c()} -t 1`);
      expect(outcome.status).toBe('completed');
      expect(outcome.runs.map((run) => run.side)).toEqual(['server', 'client']);
      expect(text.split('\n')[0]).toMatch(
        new RegExp(
          `^✅ [\\d.]+ [GMK]?bits/sec \\([\\d.]+ \\w?Bytes in [\\d.]+ s\\) · iperf · ${c()} -> ${s()}$`,
        ),
      );
    }, 60_000);

    it('runs netgen between the namespaces: the listener prints what the sender sent, both stop', async () => {
      const { outcome } = await runLine(`netgen ${s()} ${c()} 7000 -i 1 -c 3`);
      expect(outcome.status).toBe('completed');
      const [server, client] = outcome.runs;
      expect(client?.result.exitCode).toBe(0);
      expect(client?.result.argv).toContain(rig.server.address);
      expect(
        server?.result.stdout.split('\n').filter((line) => line.includes(rig.client.address)),
      ).toHaveLength(3);
    }, 60_000);

    it('refuses to start a server side on a port already listening in its target, and runs nothing', async () => {
      // The rig's HTTP server holds httpPort in the server namespace.
      for (const [line, how] of [
        [`iperf3 ${s()} ${c()} -p ${rig.httpPort} -t 1`, 'choose another with -p'],
        [`iperf ${s()} ${c()} -p ${rig.httpPort} -t 1`, 'choose another with -p'],
        [`netgen ${s()} ${c()} ${rig.httpPort} -i 1 -c 1`, 'choose another port'],
      ] as const) {
        const { outcome } = await runLine(line);
        expect(outcome.status).toBe('failed');
        expect(outcome.error?.split('\n')[0]).toBe(
          `port ${rig.httpPort} is already listening in ${s()}: ${how}`,
        );
        expect(outcome.runs).toEqual([]);
      }
      // The HTTP server is still the one answering there.
      const { outcome } = await runLine(`curl ${c()} http://${rig.server.address}:${rig.httpPort}/hello.txt`);
      expect(outcome.runs[0]?.result.stdout).toContain(rig.httpBody);
    }, 60_000);

    it('captures the packets of a concurrent curl with tcpdump --pcap and returns the pcap file', async () => {
      const captureId = await pipeline.submit(
        `tcpdump ${s()} -i ${rig.server.interface} -c 4 tcp port ${rig.httpPort} --pcap --timeout 20s`,
      );
      // Started is not yet capturing: curl a few times, spaced, until the capture has its packets (bounded: 20 tries).
      let captured;
      for (let attempt = 0; attempt < 20 && !captured; attempt += 1) {
        await runLine(`curl ${c()} http://${rig.server.address}:${rig.httpPort}/hello.txt`);
        const snapshot = await pipeline.queue.get(captureId);
        captured = snapshot?.outcome;
      }
      const outcome = captured ?? (await pipeline.queue.waitForOutcome(captureId, 25_000));
      expect(outcome.status).toBe('completed');
      const result = outcome.runs[0]?.result;
      expect(result?.stderr).toContain('4 packets captured');
      const pcap = result?.artifacts[0];
      expect(pcap?.name).toBe(`capture-${captureId}.pcap`);
      expect(pcap?.contentType).toBe('application/vnd.tcpdump.pcap');
      // The result names the file; its bytes wait in the artifact store.
      const data = pcap && (await (await pipeline.queue.artifacts()).fetch(pcap));
      // The classic pcap magic number, little-endian as tcpdump writes it here, and more than the file header.
      expect(data?.readUInt32LE(0)).toBe(0xa1b2c3d4);
      expect(data?.length).toBeGreaterThan(24 + 4 * 16);
    }, 60_000);
  },
);
