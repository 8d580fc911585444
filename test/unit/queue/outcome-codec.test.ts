import { decodeOutcome, encodeOutcome } from '../../../src/queue/outcome-codec.js';
import type { JobOutcome } from '../../../src/worker/reporter.js';

describe('storing a job outcome in Redis', () => {
  it('keeps artifact bytes intact through JSON', () => {
    const bytes = Buffer.from([0xd4, 0xc3, 0xb2, 0xa1, 0, 255, 10]);
    const outcome: JobOutcome = {
      jobId: '7',
      status: 'completed',
      where: 'netns/a',
      durationMs: 5,
      runs: [
        {
          side: 'main',
          result: {
            argv: ['tcpdump'],
            exitCode: 0,
            signal: null,
            timedOut: false,
            canceled: false,
            stdout: '',
            stderr: '1 packet captured',
            truncated: false,
            durationMs: 4,
            artifacts: [{ name: 'capture-7.pcap', contentType: 'application/vnd.tcpdump.pcap', data: bytes }],
          },
        },
      ],
    };
    const stored = JSON.parse(JSON.stringify(encodeOutcome(outcome)));
    expect(decodeOutcome(stored)).toEqual(outcome);
  });
});
