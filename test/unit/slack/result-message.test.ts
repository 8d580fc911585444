import { checkMessage, slackLimits } from '../../harness/slack/block-limits.js';
import { renderResultMessage } from '../../../src/slack/blocks/result-message.js';
import type { JobOutcome, OutcomeResult } from '../../../src/results/job-outcome.js';
import { requestOf, slackJob } from './requests.js';
import { runRealTool } from './run-real-tool.js';

const host = [{ kind: 'host' as const, name: '' }];

function completed(result: OutcomeResult, jobId = '5'): JobOutcome {
  return {
    jobId,
    status: 'completed',
    runs: [{ side: 'main', result }],
    where: 'host',
    durationMs: result.durationMs,
  };
}

function sectionTexts(blocks: unknown[]): string[] {
  return blocks.flatMap((block) => {
    const b = block as { type: string; text?: { text: string } };
    return b.type === 'section' && b.text ? [b.text.text] : [];
  });
}

describe('the result in the thread', () => {
  it('shows the verdict, the summary and the raw output of a short run in one code block, with no file', () => {
    const result = runRealTool(['ping', '-c', '1', '127.0.0.1']);
    const job = slackJob(requestOf('ping host 127.0.0.1 -c 1', host));
    const rendered = renderResultMessage(job, completed(result));
    const sections = sectionTexts(rendered.message.blocks);
    expect(sections[0]).toMatch(
      /^:white_check_mark: 127\.0\.0\.1: 1\/1 replies, 0% loss, avg [\d.]+ ms · ping · host\n• rtt min /,
    );
    expect(sections[1]).toContain('```\nPING 127.0.0.1');
    expect(sections[1]).toContain('1 packets transmitted, 1 received');
    expect(rendered.message.text).toMatch(
      /^✅ 127\.0\.0\.1: 1\/1 replies, 0% loss, avg [\d.]+ ms · ping · host$/,
    );
    expect(rendered.files).toEqual([]);
    expect(checkMessage(rendered.message.text, rendered.message.blocks)).toBeUndefined();
  });

  it('keeps long output within Slack limits and attaches the whole of it as a file', () => {
    const result = runRealTool(['seq', '1', '20000']);
    expect(result.stdout.length).toBeGreaterThan(50_000);
    const rendered = renderResultMessage(slackJob(requestOf('seq host', host)), completed(result, '77'));
    expect(checkMessage(rendered.message.text, rendered.message.blocks)).toBeUndefined();
    for (const text of sectionTexts(rendered.message.blocks))
      expect(text.length).toBeLessThanOrEqual(slackLimits.sectionTextChars);
    const code = sectionTexts(rendered.message.blocks)[1] ?? '';
    expect(code).toMatch(/^```\n1\n2\n3\n/);
    expect(code).toMatch(/\n20000\n```$/);
    expect(code).toMatch(/… \d+ lines left out, the full output is attached …/);
    expect(rendered.files).toHaveLength(1);
    expect(rendered.files[0]?.filename).toBe('seq-77.txt');
    expect(rendered.files[0]?.data.toString('utf8')).toBe(result.stdout.trimEnd());
    expect(JSON.stringify(rendered.message.blocks)).toContain('full output attached as seq-77.txt');
  });

  it('attaches the output as a file when --file asks, even when it is short', () => {
    const result = runRealTool(['ping', '-c', '1', '127.0.0.1']);
    const rendered = renderResultMessage(
      slackJob(requestOf('ping host 127.0.0.1 --file', host, { file: true })),
      completed(result),
    );
    expect(rendered.files.map((file) => file.filename)).toEqual(['ping-5.txt']);
  });

  it('leaves the summary out with --raw and keeps only matching lines with --grep', () => {
    const result = runRealTool(['ping', '-c', '2', '-i', '0.2', '127.0.0.1']);
    const request = requestOf('ping host 127.0.0.1 --raw --grep icmp_seq', host, {
      raw: true,
      grep: 'icmp_seq',
    });
    const rendered = renderResultMessage(slackJob(request), completed(result));
    const sections = sectionTexts(rendered.message.blocks);
    expect(sections).toHaveLength(2);
    expect(
      sections[1]
        ?.split('\n')
        .filter((line) => line !== '```')
        .every((line) => line.includes('icmp_seq')),
    ).toBe(true);
  });

  it('shows a non-zero exit as a result with its stderr, not as a failure of the bot', () => {
    const result = runRealTool(['ls', '/nonexistent-netshoot-path']);
    expect(result.exitCode).not.toBe(0);
    const rendered = renderResultMessage(slackJob(requestOf('ls host', host)), completed(result));
    const sections = sectionTexts(rendered.message.blocks);
    // No summary: the tool's own last words lead, not "exit status 2" alone; stderr keeps its label.
    expect(sections[0]).toBe(
      ":warning: ls: cannot access '/nonexistent-netshoot-path': No such file or directory · ls · host",
    );
    expect(sections[1]).toContain('[stderr]\nls: cannot access');
  });

  it('says why a job failed and shows no output for it', () => {
    const outcome: JobOutcome = {
      jobId: '3',
      status: 'failed',
      runs: [],
      error: "there is no network namespace 'nope' on this worker",
      where: 'netns/nope',
      durationMs: 12,
    };
    const rendered = renderResultMessage(
      slackJob(requestOf('ping netns/nope 1.1.1.1', [{ kind: 'netns', name: 'nope' }])),
      outcome,
    );
    expect(sectionTexts(rendered.message.blocks)).toEqual([
      ":x: failed: there is no network namespace 'nope' on this worker · ping · netns/nope",
    ]);
    expect(rendered.message.text).toBe(
      "❌ failed: there is no network namespace 'nope' on this worker · ping · netns/nope",
    );
  });

  it('labels server and client output of a two-party tool and uploads artifacts such as pcaps', () => {
    const server = runRealTool(['echo', 'server listening']);
    const client = {
      ...runRealTool(['echo', 'client done']),
      artifacts: [
        {
          name: 'capture.pcap',
          contentType: 'application/vnd.tcpdump.pcap',
          size: 4,
          sha256: 'a'.repeat(64),
          key: 'netshoot:artifact:t:8:1',
        },
      ],
    };
    const pcap = Buffer.from([0xd4, 0xc3, 0xb2, 0xa1]);
    const outcome: JobOutcome = {
      jobId: '8',
      status: 'completed',
      runs: [
        { side: 'server', result: server },
        { side: 'client', result: client },
      ],
      where: 'netns/a -> netns/b',
      durationMs: 40,
    };
    const rendered = renderResultMessage(
      slackJob(requestOf('iperf3 netns/a netns/b', [])),
      outcome,
      new Map([['netshoot:artifact:t:8:1', pcap]]),
    );
    const sections = sectionTexts(rendered.message.blocks);
    expect(sections[1]).toBe('*server*\n```\nserver listening\n```');
    expect(sections[2]).toBe(
      '*client*\n```\nclient done\n[file: capture.pcap, 4 bytes, application/vnd.tcpdump.pcap]\n```',
    );
    expect(rendered.files.map((file) => [file.filename, file.data])).toEqual([['capture.pcap', pcap]]);
  });

  it('says in words that a pcap expired before it could be fetched, and attaches nothing', () => {
    const result = {
      ...runRealTool(['echo', 'captured']),
      artifacts: [
        {
          name: 'capture-9.pcap',
          contentType: 'application/vnd.tcpdump.pcap',
          size: 2048,
          sha256: 'a'.repeat(64),
          key: 'netshoot:artifact:t:9:1',
          keptForMs: 3_600_000,
        },
      ],
    };
    const rendered = renderResultMessage(slackJob(requestOf('echo host', host)), completed(result, '9'));
    expect(rendered.files).toEqual([]);
    expect(JSON.stringify(rendered.message.blocks)).toContain(
      'capture-9.pcap (2.0 KiB) expired before it could be fetched (files wait 1h); run the job again to get it',
    );
  });

  it('says a job a worker restart interrupted was restarted', () => {
    const outcome = { ...completed(runRealTool(['echo', 'hi']), '10'), restarted: true };
    const rendered = renderResultMessage(slackJob(requestOf('echo host', host)), outcome);
    expect(JSON.stringify(rendered.message.blocks)).toContain(
      'restarted after the worker stopped: it ran again from the start',
    );
  });
});
