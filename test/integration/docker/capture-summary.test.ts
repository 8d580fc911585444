import { createDockerExecutor, type DockerExecutor } from '../../../src/executors/docker/docker-executor.js';
import { withCaptureSummary } from '../../../src/worker/capture-summary.js';
import { describeWith } from '../../harness/infrastructure.js';
import { waitFor } from '../../harness/wait-for.js';
import { createDockerRig, toolboxImage, type DockerRig } from './docker-rig.js';

/**
 * The toolbox image's tshark summarises a capture the image's tcpdump wrote, in the same session,
 * and that run brings the file back: as the worker does after every --pcap (src/worker/run-job.ts).
 */
describeWith(['docker'], 'a capture summarised by tshark in the toolbox', () => {
  let rig: DockerRig;
  let executor: DockerExecutor;
  const timeoutMs = 15_000;

  beforeAll(async () => {
    rig = await createDockerRig();
    await rig.addContainer('target');
    executor = createDockerExecutor({
      image: toolboxImage,
      workerId: `test-capture-summary-${process.pid}`,
      reapIntervalMs: 0,
    });
  }, 60_000);

  afterAll(async () => {
    await executor?.close();
    await rig?.remove();
  }, 60_000);

  it('counts the packets and the TCP resets of connects to a closed port, and collects the pcap', async () => {
    const session = await executor.open(
      { kind: 'container', name: rig.name('target') },
      { namespace: 'default' },
    );
    const pcap = `${session.artifactDir}/capture-summary-test.pcap`;
    let listening = false;
    const capture = await session.start(
      ['tcpdump', '-U', '-w', pcap, '-i', 'lo', '-c', '4', '-nn', '--', 'tcp port 5433'],
      { timeoutMs, onOutput: (text) => (listening ||= text.includes('listening on')) },
    );
    await waitFor(() => listening, { what: "tcpdump saying 'listening on'" });
    // Nothing listens on 5433 in the toolbox: each connect is a SYN answered by a RST.
    for (const _ of [1, 2]) await session.run(['nc', '-z', '127.0.0.1', '5433'], { timeoutMs });
    const captured = await capture.result;

    const result = await withCaptureSummary(session, captured, pcap);
    expect(result.capture).toMatchObject({ packets: 4, resets: 2, retransmissions: 0 });
    expect(result.capture?.protocols).toEqual([{ name: 'tcp', packets: 4 }]);
    expect(result.capture?.conversations.map((each) => each.b)).toEqual(['127.0.0.1:5433', '127.0.0.1:5433']);
    expect(result.artifacts.map((artifact) => artifact.name)).toEqual(['capture-summary-test.pcap']);
    expect(result.artifacts[0]?.data.readUInt32LE(0).toString(16)).toMatch(/^(a1b2c3d4|d4c3b2a1)$/);
    // Collected means gone from the toolbox.
    expect((await session.run(['ls', pcap], { timeoutMs })).exitCode).not.toBe(0);
  }, 60_000);
});
