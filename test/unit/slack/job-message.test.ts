import { checkMessage } from '../../harness/slack/block-limits.js';
import { commandWithoutTargets, renderJobMessage } from '../../../src/slack/blocks/job-message.js';
import { actionIds, decodeJobReference } from '../../../src/slack/blocks/job-actions.js';
import { requestOf } from './requests.js';
import { reply, userErrorReply } from '../../../src/slack/blocks/replies.js';
import { InvalidInputError } from '../../../src/errors.js';
import { runRealTool } from './run-real-tool.js';

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
    expect(first).toMatch(
      /^:white_check_mark: 127\.0\.0\.1: 1\/1 replies, 0% loss, avg [\d.]+ ms · ping · host$/,
    );
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
