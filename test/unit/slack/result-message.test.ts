import { checkMessage, slackLimits } from '../../harness/slack/block-limits.js';
import { renderResultMessage } from '../../../src/slack/blocks/result-message.js';
import { layOutSections } from '../../../src/slack/blocks/code-sections.js';
import type { TextTable } from '../../../src/format/summaries/summary.js';
import { renderTable } from '../../../src/format/text-table.js';
import { loadRecorded } from '../../harness/golden/render-golden.js';
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
      /^:white_check_mark: 0% loss, avg [\d.]+ ms · ping · host\n• 1 of 1 replies from 127\.0\.0\.1\n• rtt min /,
    );
    expect(sections[1]).toContain('```\nPING 127.0.0.1');
    expect(sections[1]).toContain('1 packets transmitted, 1 received');
    expect(rendered.message.text).toMatch(/^✅ 0% loss, avg [\d.]+ ms · ping · host$/);
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

describe('the result in the thread (issue 13)', () => {
  const client = [{ kind: 'netns' as const, name: 'client' }];

  function recordedOutcome(name: string, overrides: Partial<JobOutcome> = {}): JobOutcome {
    return { ...completed(loadRecorded(name).result, '42'), where: 'netns/client', ...overrides };
  }

  it('shows the JSON a summary read only with --raw, and then exactly as the tool wrote it', () => {
    const { meta, result } = loadRecorded('iperf3-json');
    const request = requestOf('iperf3 netns/client -t 2', client);
    const summarised = renderResultMessage(slackJob(request), recordedOutcome('iperf3-json'));
    const shown = JSON.stringify(summarised.message.blocks);
    expect(shown).not.toContain('"start"');
    // The intervals are a table in a code block; the JSON is not shown.
    expect(shown).toContain('interval   transfer');
    expect(shown).toContain("iperf3's machine output, which the summary reads, is left out; --raw shows it");
    expect(sectionTexts(summarised.message.blocks)[0]).toMatch(
      /^:white_check_mark: [\d.]+ Gbit\/s, \d+ retransmits · iperf3 · /,
    );
    expect(summarised.files).toEqual([]);

    const raw = renderResultMessage(
      slackJob(requestOf('iperf3 netns/client -t 2 --raw', client, { raw: true })),
      recordedOutcome('iperf3-json'),
    );
    expect(sectionTexts(raw.message.blocks)[1]).toMatch(/^```\n\{\n\t"start":/);
    // Too long for the message: the file holds every byte the tool wrote.
    expect(raw.files[0]?.data.toString('utf8')).toBe(result.stdout.trimEnd());
    expect(meta.tool).toBe('iperf3');
    expect(checkMessage(raw.message.text, raw.message.blocks)).toBeUndefined();
  });

  it('labels stderr only for tools that do not write their ordinary output there', () => {
    const nc = renderResultMessage(
      slackJob(requestOf('nc netns/client 198.18.109.2 5433', client)),
      recordedOutcome('nc-closed'),
    );
    expect(sectionTexts(nc.message.blocks)[1]).toBe(
      '```\nnc: connect to 198.18.109.2 port 5433 (tcp) failed: Connection refused\n```',
    );
    const dig = renderResultMessage(
      slackJob(requestOf('dig netns/client db', client)),
      recordedOutcome('dig-a-record'),
    );
    expect(JSON.stringify(dig.message.blocks)).not.toContain('[stderr]');
  });

  it('says what changed since the same command last ran, at a time each reader sees in their zone', () => {
    const rendered = renderResultMessage(
      slackJob(requestOf('ping netns/client 198.18.109.2', client)),
      recordedOutcome('ping-reply'),
      new Map(),
      { changes: ['avg RTT 0.19 ms → 12.4 ms (×65)'], previousAt: '2026-11-30T14:02:11Z' },
    );
    expect(sectionTexts(rendered.message.blocks)[1]).toBe(
      '*Since <!date^1796047331^{time}|14:02 UTC>:* avg RTT 0.19 ms → 12.4 ms (×65)',
    );
  });

  it('attaches the charts and names them', () => {
    const png = Buffer.from('89504e470d0a1a0a', 'hex');
    const rendered = renderResultMessage(
      slackJob(requestOf('ping netns/client 198.18.109.2', client)),
      recordedOutcome('ping-reply'),
      new Map(),
      { charts: [{ filename: 'ping-rtt-42.png', title: 'ping RTT to 198.18.109.2', data: png }] },
    );
    expect(rendered.files.map((file) => file.filename)).toEqual(['ping-rtt-42.png']);
    expect(JSON.stringify(rendered.message.blocks.at(-1))).toContain('chart attached: ping-rtt-42.png');
  });

  it('keeps what a deadline cut short, with the summary of what came', () => {
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
    const rendered = renderResultMessage(
      slackJob(requestOf('ping host 127.0.0.1', host, { timeoutMs: 1000 })),
      { ...completed({ ...result, argv: ['ping', '-i', '0.2', '127.0.0.1'] }), status: 'timed-out' },
    );
    const sections = sectionTexts(rendered.message.blocks);
    expect(sections[0]).toMatch(/^:stopwatch: 0% loss, .* — cut short by the 1s deadline\n• /);
    expect(sections[1]).toContain('packets transmitted');
  });
});

describe('tables in the thread', () => {
  /** A long real table: this machine's services database, as `getent services` prints it. */
  function servicesTable(): TextTable {
    const rows = runRealTool(['getent', 'services'])
      .stdout.split('\n')
      .filter(Boolean)
      .map((line) => line.split(/\s+/).slice(0, 2));
    return { title: `services (${rows.length})`, columns: ['name', 'port'], rows, align: ['left', 'right'] };
  }

  it('goes on over several sections, each under 3000 characters, its header repeated', () => {
    const table = servicesTable();
    const short = { ...table, title: 'services (150)', rows: table.rows.slice(0, 150) };
    const { blocks, cut } = layOutSections([short], [], 11_000);
    expect(cut).toBe(false);
    expect(blocks.length).toBeGreaterThan(1);
    const texts = blocks.map((block) => block.text?.text ?? '');
    for (const text of texts) expect(text.length).toBeLessThanOrEqual(slackLimits.sectionTextChars);
    expect(texts[0]).toMatch(/^\*services \(150\)\*\n```\nname +port\n/);
    expect(texts[1]).toMatch(/^\*services \(150\)\*, continued\n```\nname +port\n/);
    // Every row shows once, none cut in half.
    const rows = texts.flatMap((text) => text.split('\n').filter((line) => /^\S+ +\d+\/\w+$/.test(line)));
    expect(rows).toHaveLength(150);
  });

  it('goes into the file with the rest when it is too long for the message', () => {
    const table = servicesTable();
    // What is left of the message's budget once the verdict, facts and changes have taken theirs.
    const budget = 6000;
    expect(renderTable(table).length).toBeGreaterThan(budget);
    const { blocks, cut } = layOutSections([table], [{ text: 'the raw output' }], budget);
    expect(cut).toBe(true);
    expect(blocks.reduce((sum, block) => sum + (block.text?.text.length ?? 0), 0)).toBeLessThan(budget);
    // Whole sections only, and the output after a cut table is not shown alone: it is in the file.
    expect(JSON.stringify(blocks)).not.toContain('the raw output');
  });
});
