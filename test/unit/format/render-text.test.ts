import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderOutcomeText } from '../../../src/format/render-text.js';
import { exitStatusOf, verdictOf, verdictPlainLine } from '../../../src/format/verdict.js';
import type { JobOutcome } from '../../../src/results/job-outcome.js';
import { loadToolOutput } from './load-tool-output.js';
import { runRealTool } from '../slack/run-real-tool.js';

const goldenDir = join(process.cwd(), 'test/fixtures/rendered');

/** Golden files hold the rendering of real captured output; UPDATE_GOLDEN=1 rewrites them after a reviewed change. */
function expectGolden(name: string, text: string): void {
  const path = join(goldenDir, `${name}.txt`);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, text);
  expect(text).toBe(readFileSync(path, 'utf8'));
}

function outcomeOf(fixture: string, overrides: Partial<JobOutcome> = {}): JobOutcome {
  return {
    jobId: '42',
    status: 'completed',
    runs: [{ side: 'main', result: loadToolOutput(fixture) }],
    where: 'netns/nsb-client',
    durationMs: 1500,
    ...overrides,
  };
}

describe('rendering a job outcome as terminal text', () => {
  it('renders dig as a verdict with the answer, its facts, then the raw output', () => {
    expectGolden('dig-a-record', renderOutcomeText(outcomeOf('dig-a-record'), { tool: 'dig' }));
  });

  it('renders curl with its timing breakdown and without the JSON line in the raw part', () => {
    const text = renderOutcomeText(outcomeOf('curl-timing'), { tool: 'curl' });
    expectGolden('curl-timing', text);
    expect(text).not.toContain('"time_total"');
  });

  it("renders a closed port as a result with the tool's exit status, not as a failure", () => {
    const outcome = outcomeOf('nc-closed');
    const text = renderOutcomeText(outcome, { tool: 'nc' });
    expectGolden('nc-closed', text);
    // The mark follows what nc found (refused), not its exit status; the status is the run's own.
    expect(text.split('\n')[0]).toBe('❌ 198.18.109.2:5433 refused · nc · netns/nsb-client');
    expect(text).not.toContain('[stderr]');
    expect(exitStatusOf(outcome)).toBe(1);
  });

  it('keeps only matching lines with --grep and says so', () => {
    const text = renderOutcomeText(outcomeOf('dig-a-record'), { tool: 'dig', grep: 'SERVER' });
    const raw = text.split('\n--- ')[1] ?? '';
    expect(raw.split('\n').slice(1)).toEqual([
      expect.stringContaining(';; SERVER:'),
      '[only lines containing "SERVER"]',
      '',
    ]);
  });

  it('shows no summary with --raw', () => {
    const text = renderOutcomeText(outcomeOf('dig-a-record'), { tool: 'dig', raw: true });
    expect(text.split('\n').slice(0, 2)).toEqual([
      '✅ done, 15 lines of output · dig · netns/nsb-client',
      '  took 1.5s',
    ]);
  });

  it('tells the user when output was truncated and lists artifacts', () => {
    const base = loadToolOutput('ping-reply');
    const result = {
      ...base,
      truncated: true,
      artifacts: [
        {
          name: 'capture-42.pcap',
          contentType: 'application/vnd.tcpdump.pcap',
          size: 96,
          sha256: 'a'.repeat(64),
          key: 'netshoot:artifact:t:42:1',
        },
      ],
    };
    const text = renderOutcomeText(outcomeOf('ping-reply', { runs: [{ side: 'main', result }] }), {
      tool: 'ping',
    });
    expect(text).toContain('[output truncated at 512 KiB per stream');
    expect(text).toContain('[file: capture-42.pcap, 96 bytes, application/vnd.tcpdump.pcap]');
  });

  it('says failed, canceled and timed out in the verdict line, with exit statuses to match', () => {
    const failed = outcomeOf('dig-a-record', {
      status: 'failed',
      runs: [],
      error: "there is no network namespace 'x' on this worker\n`ip netns list` shows the names",
    });
    expect(renderOutcomeText(failed, { tool: 'dig' })).toBe(
      "❌ failed: there is no network namespace 'x' on this worker · dig · netns/nsb-client\n  `ip netns list` shows the names\n",
    );
    const canceled = outcomeOf('dig-a-record', { status: 'canceled', runs: [] });
    expect(verdictPlainLine(verdictOf('dig', canceled))).toBe(
      '🚫 no output · dig · netns/nsb-client — canceled after 1.5s',
    );
    const timedOut = outcomeOf('dig-a-record', { status: 'timed-out', runs: [] });
    expect(verdictPlainLine(verdictOf('dig', timedOut, { deadlineMs: 1000 }))).toBe(
      '⏱️ no output · dig · netns/nsb-client — cut short by the 1s deadline',
    );
    expect(exitStatusOf(failed)).toBe(1);
    expect(exitStatusOf(outcomeOf('dig-a-record', { status: 'timed-out' }))).toBe(124);
  });

  it('labels server and client output for two-party tools and summarises the client', () => {
    const outcome = outcomeOf('iperf-text', {
      where: 'netns/a -> netns/b',
      runs: [
        {
          side: 'server',
          result: {
            ...loadToolOutput('iperf-text'),
            argv: ['iperf', '-s'],
            stdout: 'Server listening on TCP port 5001\n',
          },
        },
        { side: 'client', result: loadToolOutput('iperf-text') },
      ],
    });
    const text = renderOutcomeText(outcome, { tool: 'iperf' });
    expect(text).toContain('--- server: iperf -s');
    expect(text).toContain('--- client: iperf -c');
    expect(text.split('\n')[0]).toMatch(
      /^✅ 9\.46 Gbits\/sec \(2\.22 GBytes in 2\.0 s\) · iperf · netns\/a -> netns\/b$/,
    );
  });

  it('leaves out the JSON a summary read, and shows exactly what the tool wrote with --raw', () => {
    const outcome = outcomeOf('iperf3-json');
    const text = renderOutcomeText(outcome, { tool: 'iperf3' });
    expect(text.split('\n')[0]).toMatch(/^✅ [\d.]+ Gbit\/s, \d+ retransmits · iperf3 · netns\/nsb-client$/);
    expect(text).not.toContain('"start"');
    expect(text).toContain("[iperf3's machine output, which the summary reads, is left out; --raw shows it]");
    const raw = renderOutcomeText(outcome, { tool: 'iperf3', raw: true });
    expect(raw).toContain(
      `--- iperf3 -J -c 198.18.109.2 -p 5201 -t 2\n${loadToolOutput('iperf3-json').stdout.trimEnd()}`,
    );
  });

  it('keeps the summary of a run the deadline cut short, and says so first', () => {
    // A real ping stopped by SIGINT, as the worker stops it at the deadline: it prints its statistics.
    const result = runRealTool([
      'timeout',
      '--preserve-status',
      '-s',
      'INT',
      '1',
      'ping',
      '-i',
      '0.2',
      '127.0.0.1',
    ]);
    const outcome = outcomeOf('ping-reply', {
      status: 'timed-out',
      runs: [{ side: 'main', result: { ...result, argv: ['ping', '-i', '0.2', '127.0.0.1'] } }],
    });
    const text = renderOutcomeText(outcome, { tool: 'ping', deadlineMs: 1000 });
    const [first, fact] = text.split('\n');
    expect(first).toMatch(
      /^⏱️ 0% loss, avg [\d.]+ ms · ping · netns\/nsb-client — cut short by the 1s deadline$/,
    );
    expect(fact).toMatch(/^ {2}\d+ of \d+ replies from 127\.0\.0\.1$/);
    expect(text).toContain('packets transmitted');
    expect(exitStatusOf(outcome)).toBe(124);
  });
});
