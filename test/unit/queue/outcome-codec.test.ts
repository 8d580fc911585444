import {
  decodeFailedJob,
  decodeOutcome,
  encodeOutcome,
  stalledTooOftenReason,
} from '../../../src/queue/outcome-codec.js';
import type { JobData } from '../../../src/queue/job.js';
import type { JobOutcome } from '../../../src/results/job-outcome.js';

const data: JobData = {
  version: 1,
  request: {
    tool: 'tcpdump',
    targets: [{ kind: 'netns', name: 'a' }],
    args: {},
    namespace: 'default',
    cluster: 'default',
    options: { timeoutMs: 5000, raw: false, file: false, pcap: true },
    text: 'tcpdump netns/a --pcap',
  },
  origin: { via: 'cli', user: 'me' },
  dedupeKey: 'k',
  requestedAt: '2026-01-01T00:00:00.000Z',
};

const result = {
  argv: ['tcpdump'],
  exitCode: 0,
  signal: null,
  timedOut: false,
  canceled: false,
  stdout: '',
  stderr: '1 packet captured',
  truncated: false,
  durationMs: 4,
};

describe('storing a job outcome in Redis', () => {
  it('keeps references to files, never their bytes, through JSON', () => {
    const outcome: JobOutcome = {
      jobId: '7',
      status: 'completed',
      where: 'netns/a',
      durationMs: 5,
      restarted: true,
      runs: [
        {
          side: 'main',
          result: {
            ...result,
            artifacts: [
              {
                name: 'capture-7.pcap',
                contentType: 'application/vnd.tcpdump.pcap',
                size: 7,
                sha256: 'b'.repeat(64),
                key: 'netshoot:artifact:default:7:x',
                expiresAt: 1,
                keptForMs: 1000,
              },
            ],
          },
        },
      ],
    };
    const stored = JSON.parse(JSON.stringify(encodeOutcome(outcome)));
    expect(decodeOutcome(stored)).toEqual(outcome);
    expect(JSON.stringify(stored).length).toBeLessThan(1024);
  });

  it('reads a result stored with bytes inside by an earlier worker as a file that was not kept', () => {
    const legacy = {
      jobId: '7',
      status: 'completed',
      where: 'netns/a',
      durationMs: 5,
      runs: [
        {
          side: 'main',
          result: {
            ...result,
            artifacts: [
              { name: 'capture-7.pcap', contentType: 'application/vnd.tcpdump.pcap', base64: 'AAECAw==' },
            ],
          },
        },
      ],
    } as unknown as JobOutcome;
    const [artifact] = decodeOutcome(legacy).runs[0]!.result.artifacts;
    expect(artifact).toMatchObject({ name: 'capture-7.pcap', size: 4 });
    expect(artifact?.key).toBeUndefined();
    expect(artifact?.omitted).toContain('earlier version of the worker');
  });
});

describe('reading a failed job', () => {
  const failedJob = {
    id: '12',
    data,
    timestamp: 1000,
    processedOn: 5000,
    finishedOn: 9000,
  };

  it("shows the worker's words as the error and counts from the first start kept in progress", () => {
    const outcome = decodeFailedJob({
      ...failedJob,
      failedReason: "there is no network namespace 'a' on this worker",
      progress: { firstStartedAt: 2000, restarted: true },
    });
    expect(outcome).toEqual({
      jobId: '12',
      status: 'failed',
      runs: [],
      error: "there is no network namespace 'a' on this worker",
      where: 'netns/a',
      durationMs: 7000,
      restarted: true,
    });
  });

  it('puts a job whose worker stalled under it too often into words with its reference', () => {
    const outcome = decodeFailedJob({ ...failedJob, failedReason: stalledTooOftenReason, progress: 0 });
    expect(outcome.error).toBe(
      'the worker running it stopped twice in the middle of it (killed or restarted), so it was not tried again (ref #12); ' +
        'run it again, and if it stops again ask an admin to check the worker (its log, memory limit and restarts)',
    );
    expect(outcome.durationMs).toBe(4000);
    expect(outcome.restarted).toBeUndefined();
  });
});
