import { checkMessage } from '../../harness/slack/block-limits.js';
import { commandWithoutTargets } from '../../../src/format/command-without-targets.js';
import { renderJobMessage } from '../../../src/slack/blocks/job-message.js';
import { actionIds, decodeJobReference } from '../../../src/slack/blocks/job-actions.js';
import { requestOf } from './requests.js';
import { reply, userErrorReply } from '../../../src/slack/blocks/replies.js';
import { InvalidInputError } from '../../../src/errors.js';
import { runRealTool } from './run-real-tool.js';
import type { JobOutcome } from '../../../src/results/job-outcome.js';
import { loadRecorded } from '../../harness/golden/render-golden.js';

const digInPod = requestOf('dig pod/frontend-7d9f kubernetes.default', [
  { kind: 'pod', name: 'frontend-7d9f' },
]);

function buttonsOf(blocks: unknown[]): { action_id: string; value: string }[] {
  return blocks.flatMap((block) => {
    const b = block as { type: string; elements?: { action_id: string; value: string }[] };
    return b.type === 'actions' ? (b.elements ?? []) : [];
  });
}

describe('the job message in the channel', () => {
  it('says what runs where and the job number, with a Cancel button, while queued', () => {
    const message = renderJobMessage({
      cluster: 'prod-eu',
      jobId: '42',
      request: digInPod,
      userId: 'U0ALICE',
      stage: 'queued',
    });
    const text = JSON.stringify(message.blocks);
    expect(text).toContain('`dig kubernetes.default` in pod/frontend-7d9f (ns default), #42');
    expect(text).toContain('queued as #42');
    expect(buttonsOf(message.blocks).map((button) => button.action_id)).toEqual([actionIds.cancel]);
    expect(decodeJobReference(buttonsOf(message.blocks)[0]?.value)).toEqual({
      cluster: 'prod-eu',
      jobId: '42',
    });
    expect(checkMessage(message.text, message.blocks)).toBeUndefined();
  });

  it('names the approver next to the requester when a rule required approval', () => {
    const message = renderJobMessage({
      cluster: 'prod-eu',
      jobId: '43',
      request: digInPod,
      userId: 'U0ALICE',
      approvedBy: 'U0LEAD',
      stage: 'running',
    });
    expect(JSON.stringify(message.blocks)).toContain('requested by <@U0ALICE>, approved by <@U0LEAD>');
    const unapproved = renderJobMessage({
      cluster: 'prod-eu',
      jobId: '44',
      request: digInPod,
      userId: 'U0ALICE',
      stage: 'running',
    });
    expect(JSON.stringify(unapproved.blocks)).not.toContain('approved by');
  });

  it('shows the elapsed time while running', () => {
    const message = renderJobMessage({
      cluster: 'prod-eu',
      jobId: '7',
      request: digInPod,
      userId: 'U0ALICE',
      stage: 'running',
      elapsedMs: 3200,
    });
    expect(JSON.stringify(message.blocks)).toContain('running, 3.2s');
  });

  it('turns its first line into the verdict and offers Rerun once the job has ended', () => {
    const result = runRealTool(['ping', '-c', '1', '127.0.0.1']);
    const ping = requestOf('ping host 127.0.0.1 -c 1', [{ kind: 'host', name: '' }]);
    const message = renderJobMessage({
      cluster: 'prod-eu',
      jobId: '9',
      request: ping,
      userId: 'U0ALICE',
      stage: 'done',
      outcome: {
        jobId: '9',
        status: 'completed',
        runs: [{ side: 'main', result }],
        where: 'host',
        durationMs: 1500,
      },
    });
    const [first, second] = (message.blocks[0] as { text: { text: string } }).text.text.split('\n');
    // The verdict src/format words, with the summary's key fact, laid out with Slack's mark.
    expect(first).toMatch(/^:white_check_mark: 0% loss, avg [\d.]+ ms · ping · host$/);
    expect(second).toBe('`ping 127.0.0.1 -c 1` · 1.5s · #9');
    expect(message.text).toBe(`✅ ${first?.slice(':white_check_mark: '.length)}`);
    expect(buttonsOf(message.blocks).map((button) => button.action_id)).toEqual([actionIds.rerun]);
  });

  it('escapes what the user typed so it cannot mention @channel or forge a link', () => {
    const hostile = requestOf('curl host http://x/<!channel>&<@U123>', [{ kind: 'host', name: '' }]);
    const message = renderJobMessage({
      cluster: 'prod-eu',
      jobId: '1',
      request: hostile,
      userId: 'U0ALICE',
      stage: 'queued',
    });
    const section = JSON.stringify(message.blocks[0]);
    expect(section).not.toContain('<!channel>');
    expect(section).toContain('&lt;!channel&gt;&amp;&lt;@U123&gt;');
  });

  it('leaves the targets out of the command, since the message says where it runs', () => {
    const iperf = requestOf('iperf3 container/perf-test-a container/perf-test-b -t 5', [
      { kind: 'container', name: 'perf-test-a' },
      { kind: 'container', name: 'perf-test-b' },
    ]);
    expect(commandWithoutTargets(iperf)).toBe('iperf3 -t 5');
    const pingPod = requestOf('ping pod/a pod/b', [{ kind: 'pod', name: 'a' }]);
    expect(commandWithoutTargets(pingPod)).toBe('ping pod/b');
  });
});

describe('user text in the job message and the private replies', () => {
  const typed = `dig host example.test --grep '<!channel> <@U0OTHER> <https://evil.test|click> &'`;

  it('is escaped in the notification text as in the blocks, whatever the stage', () => {
    for (const stage of ['queued', 'running'] as const) {
      const message = renderJobMessage({
        cluster: 'c',
        jobId: '7',
        request: requestOf(typed, [{ kind: 'host', name: '' }]),
        userId: 'U0ALICE',
        stage,
      });
      expect(message.text).toContain(
        "--grep '&lt;!channel&gt; &lt;@U0OTHER&gt; &lt;https://evil.test|click&gt; &amp;'",
      );
      expect(`${message.text} ${JSON.stringify(message.blocks)}`.replace('<@U0ALICE>', '')).not.toMatch(
        /<[!@#h]/,
      );
    }
  });

  it('is escaped in the text of a private reply and of a refusal', () => {
    expect(reply('there is no job #<!here>').text).toBe('there is no job #&lt;!here&gt;');
    const refusal = userErrorReply(new InvalidInputError("unknown tool '<!channel>'", ['try <#C0X>']));
    expect(`${refusal.text} ${JSON.stringify(refusal.blocks)}`).not.toMatch(/<[!@#]/);
    expect(refusal.text).toContain('&lt;!channel&gt;');
  });
});

describe('the channel message through a job’s life (issue 13)', () => {
  const nc = requestOf('nc netns/client 198.18.109.2 5433', [{ kind: 'netns', name: 'client' }]);

  function ended(name: string, overrides: Partial<JobOutcome> = {}): JobOutcome {
    return {
      jobId: '42',
      status: 'completed',
      runs: [{ side: 'main', result: loadRecorded(name).result }],
      where: 'netns/client',
      durationMs: 229,
      ...overrides,
    };
  }

  function linesOf(message: { blocks: unknown[] }): string[] {
    return (message.blocks[0] as { text: { text: string } }).text.text.split('\n');
  }

  it('carries the answer in its first line and in the notification, the command and time in the second', () => {
    const message = renderJobMessage({
      cluster: 'c',
      jobId: '42',
      request: nc,
      userId: 'U0ALICE',
      stage: 'done',
      outcome: ended('nc-closed'),
    });
    expect(linesOf(message)).toEqual([
      ':x: 198.18.109.2:5433 refused · nc · netns/client',
      '`nc 198.18.109.2 5433` · 229ms · #42',
    ]);
    expect(message.text).toBe('❌ 198.18.109.2:5433 refused · nc · netns/client');
    expect(checkMessage(message.text, message.blocks)).toBeUndefined();
  });

  it('says the exit status in the second line when no summary judged the run', () => {
    const result = runRealTool(['ls', '/nonexistent-netshoot-path']);
    const message = renderJobMessage({
      cluster: 'c',
      jobId: '43',
      request: requestOf('ls host /nonexistent-netshoot-path', [{ kind: 'host', name: '' }]),
      userId: 'U0ALICE',
      stage: 'done',
      outcome: { ...ended('nc-closed'), runs: [{ side: 'main', result }], where: 'host' },
    });
    expect(linesOf(message)[1]).toBe(
      `\`ls /nonexistent-netshoot-path\` · 229ms · exit ${result.exitCode} · #43`,
    );
  });

  it('names who canceled, and keeps what came, marked as cut short', () => {
    const message = renderJobMessage({
      cluster: 'c',
      jobId: '42',
      request: requestOf('ping netns/client 198.18.109.2', [{ kind: 'netns', name: 'client' }]),
      userId: 'U0ALICE',
      stage: 'done',
      canceledBy: 'U0BOB',
      outcome: ended('ping-reply', { status: 'canceled', durationMs: 12_000 }),
    });
    expect(linesOf(message)[0]).toBe(
      ':no_entry_sign: 0% loss, avg 0.041 ms · ping · netns/client — canceled by <@U0BOB> after 12s',
    );
    expect(message.text).toMatch(/^🚫 0% loss, avg /);
  });

  it('says the deadline that cut a run short', () => {
    const ping = requestOf('ping netns/client 198.18.109.2 -c 60', [{ kind: 'netns', name: 'client' }], {
      timeoutMs: 30_000,
    });
    const message = renderJobMessage({
      cluster: 'c',
      jobId: '42',
      request: ping,
      userId: 'U0ALICE',
      stage: 'done',
      outcome: ended('ping-reply', { status: 'timed-out', durationMs: 30_100 }),
    });
    expect(linesOf(message)[0]).toBe(
      ':stopwatch: 0% loss, avg 0.041 ms · ping · netns/client — cut short by the 30s deadline',
    );
  });

  it('shows the elapsed time and what the tool has found while running, never the bot’s argv', () => {
    const message = renderJobMessage({
      cluster: 'c',
      jobId: '42',
      request: nc,
      userId: 'U0ALICE',
      stage: 'running',
      elapsedMs: 12_000,
      detail: "curl --proto =http,https -w '\\n%{json}\\n' http://x/",
      found: '12 replies, 0% loss',
    });
    expect(linesOf(message)[0]).toBe(':arrows_counterclockwise: running, 12s · 12 replies, 0% loss');
  });

  it('says "joining" the target for the local executor, which has no toolbox to start', () => {
    const base = {
      cluster: 'c',
      jobId: '42',
      request: nc,
      userId: 'U0ALICE',
      stage: 'opening-session' as const,
    };
    expect(linesOf(renderJobMessage({ ...base, executor: 'local', elapsedMs: 300 }))[0]).toBe(
      ':gear: joining netns/client, 300ms',
    );
    expect(linesOf(renderJobMessage({ ...base, executor: 'docker' }))[0]).toBe(':gear: starting the toolbox');
  });

  it('says which job a Rerun reruns, and the first change since last time', () => {
    const message = renderJobMessage({
      cluster: 'c',
      jobId: '43',
      request: nc,
      userId: 'U0ALICE',
      stage: 'done',
      rerunOf: { jobId: '42', userId: 'U0BOB' },
      changes: ['5432 was open, now refused', 'avg RTT 0.19 ms → 12.4 ms (×65)'],
      outcome: ended('nc-closed'),
    });
    const context = JSON.stringify(message.blocks[1]);
    expect(context).toContain('requested by <@U0ALICE>, a rerun of #42 by <@U0BOB>, result in the thread');
    expect(context).toContain('changed since last time: 5432 was open, now refused (1 more in the thread)');
    expect(checkMessage(message.text, message.blocks)).toBeUndefined();
  });
});
