import { jest } from '@jest/globals';
import { describeWith } from '../../harness/infrastructure.js';
import { createNetnsRig, type NetnsRig } from '../../harness/rig/netns-rig.js';
import { startSlackStack, type SlackStack } from '../../harness/slack/slack-stack.js';
import {
  expectEverythingWithinLimits,
  firstLine,
  parentsSince,
  slash,
  waitForResult,
} from './slack-test-helpers.js';

jest.setTimeout(90_000);

/** What a channel reads for real tools in real namespaces: D's netns rig, through the whole bot. */
describeWith(['redis', 'netns'], 'results in Slack from the netns rig', () => {
  let stack: SlackStack;
  let rig: NetnsRig;

  beforeAll(async () => {
    rig = await createNetnsRig();
    stack = await startSlackStack({ mode: 'http' });
  });

  afterAll(async () => {
    await stack?.stop();
    await rig?.teardown();
  });

  async function run(text: string) {
    const before = stack.fake.messages.length;
    const answer = await slash(stack, text);
    expect(answer.status).toBe(200);
    const [parent] = await stack.fake.waitFor(
      'the queued message',
      () => parentsSince(stack, before).length > 0 && parentsSince(stack, before),
    );
    if (!parent) throw new Error('no parent');
    const reply = await waitForResult(stack, parent, 40_000);
    const sections = (reply.blocks ?? []).flatMap((block) => {
      const section = block as { type: string; text?: { text: string } };
      return section.type === 'section' && section.text ? [section.text.text] : [];
    });
    return { parent, sections, replyText: JSON.stringify(reply.blocks) };
  }

  it('answers dig with the summary first: the name, its address and the server that answered', async () => {
    const { parent, sections } = await run(`dig netns/${rig.client.name} ${rig.dbName}`);
    expect(firstLine(parent)).toMatch(/^:white_check_mark: .* · dig · netns\/\S+$/);
    // The key fact is in the verdict itself (SPEC 5): the name it looked up.
    expect(firstLine(parent)).toContain(rig.dbName);
    // The verdict and the summary's facts, before the raw output.
    expect(sections[0]).toContain(rig.dbName);
    expect(sections[0]).toContain(`• answered by ${rig.server.address}`);
    expect(sections[1]).toMatch(/^```\n/);
    expect(sections[1]).toContain('ANSWER SECTION');
    expectEverythingWithinLimits(stack);
  });

  it('shows a refused connection as what nc found, not as a failure of the bot', async () => {
    const { parent, replyText } = await run(
      `nc netns/${rig.client.name} -vz ${rig.server.address} ${rig.closedTcpPort}`,
    );
    expect(firstLine(parent)).toMatch(/^:x: \S+ refused · nc · netns\/\S+$/);
    expect(replyText).toMatch(/refused/i);
  });

  it('labels the server and client sides of iperf3 between two namespaces and summarises the throughput', async () => {
    const { parent, replyText } = await run(`iperf3 netns/${rig.server.name} netns/${rig.client.name} -t 1`);
    expect(firstLine(parent)).toMatch(/^:white_check_mark: .* · iperf3 · netns\/.+ -&gt; netns\/.+$/);
    expect(replyText).toContain('*server*');
    expect(replyText).toContain('*client*');
    expect(replyText).toMatch(/bits\/s|bit\/s/);
    expectEverythingWithinLimits(stack);
  });
});
