import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { describeWith } from '../../harness/infrastructure.js';
import { startSlackStack, type SlackStack } from '../../harness/slack/slack-stack.js';
import { ephemeralOf, parentsSince, slash, waitForResult } from './slack-test-helpers.js';

jest.setTimeout(120_000);

/** Every form Slack reads as a mention, a channel link, a group ping or a link with a label of its own. */
const specialForms = [
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<@U0OTHER>',
  '<#C0OTHER>',
  '<!subteam^S0X>',
  '<https://evil.test|click>',
  '<mailto:x@y|z>',
] as const;

/**
 * Slack sends a `<` the user typed as `&lt;` (and turns a typed mention into its angle form), so both
 * spellings reach the bot; the parser decodes the first into the very form Slack would act on.
 */
const spellings = specialForms.flatMap((form) => [form, form.replace(/</g, '&lt;').replace(/>/g, '&gt;')]);

/** The requester's own mention (`requested by <@U0ALICE>`) is the bot's, not user-typed. */
const requester = '<@U0ALICE>';
const markup = /<(?:[!@#]|https?:|mailto:)[^>]*>?/g;

/** Whatever markup Slack would act on in `text`, other than the bot's own mention of the requester. */
function liveMarkup(text: string): string[] {
  return [...text.split(requester).join('').matchAll(markup)].map((match) => match[0]);
}

/**
 * SPEC 5 and issue 12 item 9: user words never notify anyone or link anywhere. Each special form goes
 * through the real Bolt app, queue and worker to the fake Slack, in a job's --grep (the queued
 * message, its updates, the verdict and the thread reply) and as a bad tool name, a job number and a
 * tool to get help on (the private replies); then everything that arrived at the fake is read.
 */
describeWith(['redis'], 'user text in what the bot sends to Slack', () => {
  let stack: SlackStack;
  const answers: string[] = [];

  beforeAll(async () => {
    stack = await startSlackStack({ mode: 'http' });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('is escaped in the job message, its notification text, updates and the result thread', async () => {
    for (const spelling of spellings) {
      const before = stack.fake.messages.length;
      const answer = await slash(stack, `ss host -tln --grep '${spelling}'`);
      expect(answer.status).toBe(200);
      answers.push(answer.body);
      const [parent] = await stack.fake.waitFor(
        `the queued message for --grep ${spelling}`,
        () => parentsSince(stack, before).length > 0 && parentsSince(stack, before),
      );
      if (!parent) throw new Error('no parent message');
      await waitForResult(stack, parent, 40_000);
      // The pre-escaped spelling arrives as the form itself: the message shows it, escaped.
      if (spelling.startsWith('&lt;')) {
        const shown = spelling.replace(/&lt;/g, '<').replace(/&gt;/g, '>');
        expect(parent.history[0]?.text).toContain(shown.replace(/</g, '&lt;').replace(/>/g, '&gt;'));
      }
    }
    expectNothingLive(stack, answers);
  });

  it('is escaped in the private replies: a bad tool name, a job number, help on a tool, a bad value', async () => {
    for (const spelling of spellings) {
      for (const text of [
        `${spelling} host`,
        `status ${spelling}`,
        `help ${spelling}`,
        `ss host --timeout ${spelling}`,
      ]) {
        const triggerId = randomUUID();
        const answer = await slash(stack, text, { triggerId });
        expect(answer.status).toBe(200);
        answers.push(answer.body);
        // Every one of these is answered privately, in the ack or on the response_url, never queued.
        const told =
          answer.body.trim() === ''
            ? (
                await stack.fake.waitFor(`the private answer to ${text}`, () =>
                  stack.fake.responseUrlPosts.find((post) => post.id === triggerId),
                )
              ).body
            : ephemeralOf(answer);
        expect(told.response_type).toBe('ephemeral');
      }
    }
    const replies = [...answers, ...stack.fake.responseUrlPosts.map((post) => JSON.stringify(post.body))];
    expect(replies.some((body) => body.includes('&lt;!channel&gt;'))).toBe(true);
    expectNothingLive(stack, answers);
  });
});

/** Every recorded Web API call, every message version, every response_url post and every ack body. */
function expectNothingLive(stack: SlackStack, answers: readonly string[]): void {
  const arrived = [
    ...stack.fake.calls.map((call) => `${call.method} ${JSON.stringify(call.args)}`),
    ...stack.fake.messages.flatMap((message) =>
      message.history.map((version) => `message ${version.text} ${JSON.stringify(version.blocks)}`),
    ),
    ...stack.fake.responseUrlPosts.map((post) => `response_url ${JSON.stringify(post.body)}`),
    ...answers.map((body) => `ack ${body}`),
  ];
  expect(arrived.length).toBeGreaterThan(spellings.length);
  const live = arrived.flatMap((text) => liveMarkup(text).map((form) => `${form} in ${text.slice(0, 300)}`));
  expect(live).toEqual([]);
}
