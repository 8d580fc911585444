import { commands } from '../../../commands/index.js';
import { pcapCapBytes } from '../../../src/catalogue/capture-cap.js';
import { planRequest } from '../../../src/catalogue/plan.js';
import { createLocalExecutor } from '../../../src/executors/local/local-executor.js';
import type { RunningProcess } from '../../../src/executors/executor.js';
import { parseRequest } from '../../../src/grammar/parse-request.js';
import { describeWith } from '../../harness/infrastructure.js';
import { createNetnsRig, type NetnsRig } from '../../harness/rig/netns-rig.js';
import { waitFor } from '../../harness/wait-for.js';

/**
 * The real tcpdump with the argv `--pcap` plans, in a rig namespace, capturing iperf3 on its
 * loopback (64 KB segments: 10,000 packets would be over 600 MB): the kernel stops the file at the
 * cap, the capture ends well before its deadline, and the run says why. The local executor directly,
 * so the 50 MB do not go through the shared Redis.
 */
describeWith(['netns'], 'a tcpdump --pcap capture at its size cap', () => {
  let rig: NetnsRig;
  const executor = createLocalExecutor();

  beforeAll(async () => {
    rig = await createNetnsRig();
  }, 30_000);

  afterAll(async () => {
    await executor.close();
    await rig?.teardown();
  }, 30_000);

  it('stops at 50 MB, comes back whole up to there, and says the cap', async () => {
    const target = { kind: 'netns', name: rig.server.name } as const;
    const session = await executor.open(target, { namespace: 'default' });
    const pcapFile = `${session.artifactDir}/capture-size-cap.pcap`;
    const request = parseRequest(
      `tcpdump netns/${rig.server.name} -i lo -c 10000 tcp port 5299 --pcap`,
      commands,
    );
    const plan = await planRequest(request, { commands, resolve: () => '', context: { pcapFile } });
    if (plan.kind !== 'single') throw new Error('tcpdump is single');
    expect(plan.argv.slice(0, 3)).toEqual(['prlimit', `--fsize=${pcapCapBytes}`, '--']);

    const server = await session.start(['iperf3', '-s', '-p', '5299'], { timeoutMs: 60_000 });
    let capture: RunningProcess | undefined;
    let ended = false;
    try {
      capture = await session.start(plan.argv, { timeoutMs: 60_000, collect: [pcapFile] });
      void capture.result.then(() => (ended = true));
      // Traffic on loopback until the capture has ended (bounded: the wait says what never happened).
      await waitFor(
        async () => {
          if (ended) return true;
          await session.run(['iperf3', '-c', rig.server.address, '-p', '5299', '-t', '1'], {
            timeoutMs: 10_000,
          });
          return ended;
        },
        { what: 'the capture ending at its size cap', timeoutMs: 40_000, everyMs: 10 },
      );
      const result = await capture.result;
      expect(result.timedOut).toBe(false);
      expect(result.artifacts.map((artifact) => artifact.data.length)).toEqual([pcapCapBytes]);
      // A pcap file: its magic number first.
      expect(result.artifacts[0]?.data.readUInt32LE(0)).toBe(0xa1b2c3d4);
      expect(result.stderr).toContain('netshoot-bot: capture stopped at 50 MB, the size cap of --pcap');
    } finally {
      await capture?.stop();
      await server.stop();
    }
  }, 90_000);
});
