import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { commands } from '../../../commands/index.js';
import { renderOutcomeText } from '../../../src/format/render-text.js';
import { summarize } from '../../../src/format/summaries/index.js';
import type { JobOutcome } from '../../../src/results/job-outcome.js';
import { describeWith } from '../../harness/infrastructure.js';
import { createNetnsRig, type NetnsRig } from '../../harness/rig/netns-rig.js';
import { waitFor } from '../../harness/wait-for.js';
import { createPipeline, type Pipeline } from './pipeline-fixture.js';
import { testJobSecret } from './signed-jobs.js';

const run = promisify(execFile);

/** A port the server namespace drops silently: a connect to it sends its SYN again (a retransmission). */
const droppedPort = 5434;

/**
 * A tcpdump --pcap through the queue, the worker and the local executor on the netns rig: tshark
 * reads the capture in the same session, and the result carries what it found beside the file.
 * The traffic: connects to the closed port (each answered by a TCP reset) and to a port whose SYNs
 * are dropped (each sent again after a second).
 */
describeWith(['redis', 'netns'], 'a --pcap capture summarised by tshark', () => {
  let rig: NetnsRig;
  let pipeline: Pipeline;

  beforeAll(async () => {
    rig = await createNetnsRig();
    // Dropped after tcpdump has seen it (netfilter's INPUT comes after the capture point).
    await run('ip', [
      ...['netns', 'exec', rig.server.name, 'iptables', '-A', 'INPUT', '-p', 'tcp'],
      ...['--dport', String(droppedPort), '-j', 'DROP'],
    ]);
    pipeline = createPipeline(commands, undefined, { jobSecret: testJobSecret });
    await pipeline.startWorker();
  }, 30_000);

  afterAll(async () => {
    await pipeline?.close();
    await rig?.teardown();
  }, 30_000);

  it('counts the packets, the TCP resets and the retransmissions of the capture, and keeps the file', async () => {
    const filter = `tcp port ${rig.closedTcpPort} or tcp port ${droppedPort}`;
    const captureId = await pipeline.submit(
      `tcpdump netns/${rig.server.name} -i ${rig.server.interface} -nn -c 12 ${filter} --pcap --timeout 40s`,
    );
    const client = await pipeline.executor.open(
      { kind: 'netns', name: rig.client.name },
      { namespace: 'default' },
    );
    // The capture starts at some point after the submit: traffic in rounds until it has its 12 packets.
    let outcome: JobOutcome | undefined;
    await waitFor(
      async () => {
        await client.run(['nc', '-z', rig.server.address, String(rig.closedTcpPort)], { timeoutMs: 5000 });
        await client.run(['nc', '-z', '-w', '2', rig.server.address, String(droppedPort)], {
          timeoutMs: 5000,
        });
        outcome = (await pipeline.queue.get(captureId))?.outcome;
        return outcome !== undefined;
      },
      { what: 'the capture of 12 packets ending', timeoutMs: 40_000, everyMs: 10 },
    );

    expect(outcome?.status).toBe('completed');
    const result = outcome!.runs[0]!.result;
    expect(result.artifacts.map((artifact) => artifact.name)).toEqual([`capture-${captureId}.pcap`]);
    const capture = result.capture;
    expect(capture?.packets).toBe(12);
    // Each connect to the closed port is a SYN and its RST; at least two full rounds are in 12 packets.
    expect(capture?.resets).toBeGreaterThanOrEqual(2);
    expect(capture?.retransmissions).toBeGreaterThanOrEqual(1);
    expect(capture?.durationSeconds).toBeGreaterThan(1);
    expect(capture?.protocols.map((protocol) => protocol.name)).toContain('tcp');
    expect(capture?.conversations.map((conversation) => conversation.b)).toContain(
      `${rig.server.address}:${rig.closedTcpPort}`,
    );

    const text = renderOutcomeText(outcome!, { tool: 'tcpdump' });
    expect(text.split('\n')[0]).toMatch(
      new RegExp(
        `^⚠️ 12 packets in [\\d.]+ s, ${capture!.resets} TCP resets, ${capture!.retransmissions} retransmissions? · tcpdump · `,
      ),
    );
    const summary = summarize('tcpdump', result);
    expect(summary?.tone).toBe('degraded');
    expect(summary?.tables?.[0]?.title).toBe('top conversations');
    expect(summary?.tables?.[0]?.rows.map((row) => row[2])).toContain(
      `${rig.server.address}:${rig.closedTcpPort}`,
    );
  }, 60_000);

  it('summarises a capture cut by its deadline before any packet as no packets, and keeps the file', async () => {
    // tcpdump on an interface that never sees the filter's traffic: its deadline ends it.
    const captureId = await pipeline.submit(
      `tcpdump netns/${rig.server.name} -i lo -c 1 udp port 9 --pcap --timeout 2s`,
    );
    const outcome = await pipeline.queue.waitForOutcome(captureId, 20_000);
    const result = outcome.runs[0]!.result;
    expect(result.artifacts.map((artifact) => artifact.name)).toEqual([`capture-${captureId}.pcap`]);
    expect(result.capture?.packets ?? 0).toBe(0);
    expect(result.timedOut).toBe(true);
    expect(summarize('tcpdump', result)?.headline).toBe('no packets matched');
  }, 30_000);
});
