import { combineReporters } from '../../../src/worker/combine-reporters.js';
import type { JobData } from '../../../src/queue/job.js';
import type { Reporter } from '../../../src/worker/reporter.js';
import type { JobOutcome } from '../../../src/results/job-outcome.js';
import { createTerminalReporter } from '../../../src/worker/terminal-reporter.js';

const job: JobData = {
  version: 1,
  request: {
    tool: 'nc',
    targets: [{ kind: 'netns', name: 'a' }],
    args: {},
    namespace: 'default',
    cluster: 'default',
    options: { timeoutMs: 5000, raw: false, file: false, pcap: false },
    text: 'nc netns/a -vz 198.18.64.2 5433',
  },
  origin: { via: 'cli', user: 'me' },
  dedupeKey: 'k',
  requestedAt: '2026-01-01T00:00:00.000Z',
};

const outcome: JobOutcome = {
  jobId: '3',
  status: 'completed',
  where: 'netns/a',
  durationMs: 20,
  runs: [
    {
      side: 'main',
      result: {
        argv: ['nc', '-vz', '198.18.64.2', '5433'],
        exitCode: 1,
        signal: null,
        timedOut: false,
        canceled: false,
        stdout: '',
        stderr: 'nc: connect to 198.18.64.2 port 5433 (tcp) failed: Connection refused\n',
        truncated: false,
        durationMs: 10,
        artifacts: [],
      },
    },
  ],
};

describe('reporters', () => {
  it('prints progress lines and the rendered result on the terminal', async () => {
    const progress: string[] = [];
    const results: string[] = [];
    const reporter = createTerminalReporter({
      writeProgress: (text) => progress.push(text),
      writeResult: (text) => results.push(text),
    });
    await reporter.progress(job, {
      jobId: '3',
      stage: 'running',
      detail: 'nc -vz 198.18.64.2 5433',
      elapsedMs: 1500,
    });
    await reporter.result(job, outcome);
    expect(progress).toEqual(['[1.5s] running: nc -vz 198.18.64.2 5433\n']);
    expect(results[0]?.split('\n')[0]).toBe('❌ 198.18.64.2:5433 refused · nc · netns/a');
  });

  it('shows what a running tool found, and leaves out a line that would repeat the one before', async () => {
    const progress: string[] = [];
    const reporter = createTerminalReporter({ writeProgress: (text) => progress.push(text) });
    const running = { jobId: '4', stage: 'running' as const, detail: 'ping -c 60 198.18.64.2' };
    await reporter.progress(job, { ...running, elapsedMs: 100 });
    await reporter.progress(job, { ...running, elapsedMs: 2100 });
    await reporter.progress(job, { ...running, elapsedMs: 4100, found: '4 replies, 0% loss' });
    await reporter.progress(job, { ...running, elapsedMs: 6100, found: '4 replies, 0% loss' });
    await reporter.progress(job, { ...running, elapsedMs: 8100, found: '8 replies, 0% loss' });
    expect(progress).toEqual([
      '[100ms] running: ping -c 60 198.18.64.2\n',
      '[4.1s] running: ping -c 60 198.18.64.2 (4 replies, 0% loss)\n',
      '[8.1s] running: ping -c 60 198.18.64.2 (8 replies, 0% loss)\n',
    ]);
  });

  it('tells every reporter even when one of them fails, then reports the failure', async () => {
    const heard: string[] = [];
    const failing: Reporter = {
      progress: async () => {
        throw new Error('slack is down');
      },
      result: async () => {
        throw new Error('slack is down');
      },
    };
    const recording: Reporter = {
      progress: async (_job, event) => void heard.push(event.stage),
      result: async (_job, done) => void heard.push(done.status),
    };
    const both = combineReporters([failing, recording]);
    await expect(both.progress(job, { jobId: '3', stage: 'done', elapsedMs: 1 })).rejects.toThrow(
      'slack is down',
    );
    await expect(both.result(job, outcome)).rejects.toThrow('slack is down');
    expect(heard).toEqual(['done', 'completed']);
  });
});
