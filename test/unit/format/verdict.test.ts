import { verdictOf, verdictPlainLine } from '../../../src/format/verdict.js';
import type { JobOutcome, OutcomeResult } from '../../../src/results/job-outcome.js';
import { slackVerdict } from '../../../src/slack/blocks/verdict.js';
import { loadRecorded } from '../../harness/golden/render-golden.js';
import { runRealTool } from '../slack/run-real-tool.js';

function outcomeOf(result: OutcomeResult, overrides: Partial<JobOutcome> = {}): JobOutcome {
  return {
    jobId: '42',
    status: 'completed',
    runs: [{ side: 'main', result }],
    where: 'netns/client',
    durationMs: 229,
    ...overrides,
  };
}

function lineOf(name: string): string {
  const { meta, result } = loadRecorded(name);
  return verdictPlainLine(verdictOf(meta.tool, outcomeOf(result)));
}

/** A real ping stopped by SIGINT, as a deadline or a cancel stops it: it still prints its statistics. */
function interruptedPing(): OutcomeResult {
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
  expect(result.stdout).toContain('packets transmitted');
  return { ...result, argv: ['ping', '-i', '0.2', '127.0.0.1'] };
}

describe('the verdict line', () => {
  it('leads with the key fact, then the tool and where it ran, marked by what the tool found', () => {
    expect(lineOf('dig-a-record')).toBe('✅ db.test.internal → 198.18.109.2 (A) · dig · netns/client');
    expect(lineOf('nc-open')).toBe('✅ 198.18.109.2:5432 open · nc · netns/client');
    expect(lineOf('ping-reply')).toBe('✅ 0% loss, avg 0.041 ms · ping · netns/client');
  });

  it('marks NXDOMAIN, REFUSED, a refused port and no replies as broken, whatever the exit status', () => {
    // dig exits 0 on NXDOMAIN and REFUSED: the exit status alone would say all is well.
    expect(loadRecorded('dig-nxdomain').result.exitCode).toBe(0);
    expect(lineOf('dig-nxdomain')).toBe(
      '❌ missing.test.internal: NXDOMAIN (no such name) · dig · netns/client',
    );
    expect(lineOf('dig-refused')).toBe(
      '❌ missing.example.invalid: REFUSED (the server refused to answer) · dig · netns/client',
    );
    expect(lineOf('nc-closed')).toBe('❌ 198.18.109.2:5433 refused · nc · netns/client');
    expect(lineOf('ping-unreachable')).toMatch(
      /^❌ no reply from 198\.18\.\d+\.99 \(2 sent\) · ping · netns\/client$/,
    );
  });

  it("gives Slack the same line with Slack's marks, one per tone, and the glyph in the notification", () => {
    const cases = [
      ['dig-a-record', ':white_check_mark:', '✅'],
      ['dig-nxdomain', ':x:', '❌'],
    ] as const;
    for (const [name, mark, glyph] of cases) {
      const { meta, result } = loadRecorded(name);
      const verdict = slackVerdict(verdictOf(meta.tool, outcomeOf(result)));
      expect(verdict.text.startsWith(`${mark} `)).toBe(true);
      expect(verdict.notification).toBe(`${glyph} ${verdict.text.slice(mark.length + 1)}`);
    }
  });

  it("speaks with the tool's last words when no summary reads it, and keeps the status for later", () => {
    const result = runRealTool(['ls', '/nonexistent-netshoot-path']);
    const verdict = verdictOf('ls', outcomeOf(result, { where: 'host' }));
    expect(verdictPlainLine(verdict)).toBe(
      "⚠️ ls: cannot access '/nonexistent-netshoot-path': No such file or directory · ls · host",
    );
    expect(verdict.exit).toBe(`exit ${result.exitCode}`);
    expect(slackVerdict(verdict).text.startsWith(':warning: ')).toBe(true);
  });

  it('says the bot failed, with why, and keeps the hints for the details', () => {
    const verdict = verdictOf('dig', {
      ...outcomeOf(loadRecorded('dig-a-record').result),
      status: 'failed',
      runs: [],
      error: "there is no network namespace 'x' on this worker\n`ip netns list` shows the names",
    });
    expect(verdictPlainLine(verdict)).toBe(
      "❌ failed: there is no network namespace 'x' on this worker · dig · netns/client",
    );
    expect(verdict.details).toEqual(['`ip netns list` shows the names']);
    expect(slackVerdict(verdict).text.startsWith(':x: failed: ')).toBe(true);
  });

  it('keeps the summary of what came when the deadline cut a run short, and says so', () => {
    const verdict = verdictOf(
      'ping',
      outcomeOf(interruptedPing(), { status: 'timed-out', durationMs: 30_400 }),
      {
        deadlineMs: 30_000,
      },
    );
    expect(verdictPlainLine(verdict)).toMatch(
      /^⏱️ 0% loss, avg [\d.]+ ms · ping · netns\/client — cut short by the 30s deadline$/,
    );
    expect(slackVerdict(verdict).text).toMatch(/^:stopwatch: 0% loss, avg /);
  });

  it('names who canceled a run, as a mention in Slack, after how long', () => {
    const verdict = verdictOf(
      'ping',
      outcomeOf(interruptedPing(), { status: 'canceled', durationMs: 12_000 }),
      {
        canceledBy: 'U0BOB',
      },
    );
    expect(slackVerdict(verdict).text).toMatch(
      /^:no_entry_sign: 0% loss, avg [\d.]+ ms · ping · netns\/client — canceled by <@U0BOB> after 12s$/,
    );
    expect(verdictPlainLine(verdict)).toMatch(/^🚫 .* — canceled by @U0BOB after 12s$/);
  });

  it('says a worker restart cut a run short, with the summary of what came, after how long', () => {
    const verdict = verdictOf(
      'ping',
      outcomeOf(interruptedPing(), { status: 'canceled', cutShortBy: 'worker-restart', durationMs: 25_300 }),
    );
    expect(verdictPlainLine(verdict)).toMatch(
      /^🚫 0% loss, avg [\d.]+ ms · ping · netns\/client — cut short by a worker restart after 25.3s$/,
    );
  });

  it('says a run cut short before it printed anything had no output', () => {
    const verdict = verdictOf(
      'dig',
      { ...outcomeOf(runRealTool(['true'])), status: 'timed-out', runs: [] },
      {
        deadlineMs: 15_000,
      },
    );
    expect(verdictPlainLine(verdict)).toBe(
      '⏱️ no output · dig · netns/client — cut short by the 15s deadline',
    );
  });

  it('escapes what a tool printed before Slack reads it as markup', () => {
    const result = runRealTool(['ls', '/<!channel> & <@U0X>']);
    const verdict = slackVerdict(verdictOf('ls', outcomeOf(result)));
    expect(verdict.text).toBe(
      ":warning: ls: cannot access '/&lt;!channel&gt; &amp; &lt;@U0X&gt;': No such file or directory · ls · netns/client",
    );
    expect(verdict.notification).not.toMatch(/<[!@]/);
  });
});
