import { jest } from '@jest/globals';
import { createServer, type Server } from 'node:net';
import { Redis } from 'ioredis';
import { commands } from '../../../commands/index.js';
import { parseRequest } from '../../../src/grammar/parse-request.js';
import { summarize } from '../../../src/format/summaries/index.js';
import { actionIds } from '../../../src/slack/blocks/job-actions.js';
import { createLastResults, type LastResults } from '../../../src/slack/last-results.js';
import { escapeMrkdwn } from '../../../src/slack/slack-text.js';
import { describeWith, testRedisUrl } from '../../harness/infrastructure.js';
import { fakeTeam, type PostedMessage } from '../../harness/slack/fake-slack.js';
import { sendBlockAction } from '../../harness/slack/signed-requests.js';
import { startSlackStack, type SlackStack } from '../../harness/slack/slack-stack.js';
import {
  buttonValue,
  ephemeralOf,
  expectEverythingWithinLimits,
  firstLine,
  jobIdOf,
  parentsSince,
  slash,
  waitForResult,
} from './slack-test-helpers.js';

jest.setTimeout(60_000);

/**
 * What the reporter knows besides a job's outcome, as people see it in the channel: what changed
 * since the same command last ran, who canceled, what a Rerun reruns; and `jobs`, `status` and `help`
 * answering with results, links and every tool.
 */
describeWith(['redis'], 'results that remember: changes, reruns, cancels, jobs and help', () => {
  let stack: SlackStack;
  let redis: Redis;
  /** What the stack's worker keeps to compare with, read as it reads it. */
  let lastResults: LastResults;
  const lastOf = (text: string, channelId = 'C0INCIDENT') =>
    lastResults.read({
      teamId: fakeTeam.id,
      channelId,
      cluster: stack.cluster,
      request: parseRequest(text, commands),
    });

  beforeAll(async () => {
    stack = await startSlackStack({ mode: 'http' });
    redis = new Redis(testRedisUrl, { maxRetriesPerRequest: 1 });
    lastResults = createLastResults(redis, `nsbtest-${stack.cluster}`);
  });
  afterAll(async () => {
    redis?.disconnect();
    await stack?.stop();
  });

  async function run(
    text: string,
    userId?: string,
  ): Promise<{ parent: PostedMessage; reply: PostedMessage }> {
    const parent = await post(text, userId);
    return { parent, reply: await waitForResult(stack, parent) };
  }

  async function post(text: string, userId?: string): Promise<PostedMessage> {
    const before = stack.fake.messages.length;
    await slash(stack, text, userId === undefined ? {} : { userId });
    const [parent] = await stack.fake.waitFor(
      `the message of ${text}`,
      () => parentsSince(stack, before).length > 0 && parentsSince(stack, before),
    );
    if (!parent) throw new Error('no parent');
    return parent;
  }

  async function click(actionId: string, message: PostedMessage, userId: string): Promise<void> {
    const answer = await sendBlockAction(
      stack.eventsUrl,
      {
        actionId,
        value: buttonValue(message, actionId),
        messageTs: message.ts,
        userId,
        responseUrl: stack.fake.responseUrl(`click-${message.ts}-${userId}`),
      },
      { signingSecret: stack.signingSecret },
    );
    expect(answer.status).toBe(200);
  }

  /** The channel message and its thread as one text: where a line is shown is the renderer's choice. */
  function everythingOf(parent: PostedMessage): string {
    return JSON.stringify([
      parent.blocks,
      ...stack.fake.thread(parent.channel, parent.ts).map((m) => m.blocks),
    ]);
  }

  it('says the port that was open is now refused when the same nc runs again', async () => {
    const server: Server = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const command = `nc host -v -z -w 2 127.0.0.1 ${port}`;
    const first = await run(command);
    expect(everythingOf(first.parent)).not.toMatch(/was open, now/);
    expect(await lastOf(command)).toMatchObject({
      jobId: jobIdOf(first.parent),
      measures: [expect.objectContaining({ value: 'open' })],
    });
    await new Promise<void>((resolve) => server.close(() => resolve()));

    const second = await run(command);
    expect(everythingOf(second.parent)).toMatch(new RegExp(`${port} was open, now (refused|closed)`));
    // Only the result that changed says so: a third run finds the port as the second left it.
    const third = await run(command);
    expect(everythingOf(third.parent)).not.toMatch(/was open, now/);
    expectEverythingWithinLimits(stack);
  });

  it('says on a Rerun which job it reruns and who asked for it', async () => {
    const { parent } = await run('ping host 127.0.0.1 -c 1');
    const before = stack.fake.messages.length;
    await click(actionIds.rerun, parent, 'U0BOB');
    const [rerun] = await stack.fake.waitFor(
      'the rerun message',
      () => parentsSince(stack, before).length > 0 && parentsSince(stack, before),
    );
    if (!rerun) throw new Error('no rerun');
    const said = new RegExp(`requested by <@U0BOB>, a rerun of #${jobIdOf(parent)}`);
    expect(JSON.stringify(rerun.blocks)).toMatch(said);
    // The worker redraws the message at every stage: the rerun's origin stays on every version.
    await waitForResult(stack, rerun);
    expect(rerun.history.every((version) => said.test(JSON.stringify(version.blocks)))).toBe(true);
  });

  it('says who canceled a job, on its message and in its result', async () => {
    const parent = await post('ping host 127.0.0.1 -c 60');
    await stack.fake.waitFor('ping running', () => /running/.test(firstLine(parent)));
    await click(actionIds.cancel, parent, 'U0ALICE');
    const reply = await waitForResult(stack, parent);
    expect(JSON.stringify(parent.blocks)).toMatch(/cancell?ed by <@U0ALICE>/);
    expect(JSON.stringify(reply.blocks)).toMatch(/cancell?ed by <@U0ALICE>/);
    // A run cut short is no baseline: only completed results are kept to compare with.
    expect(await lastOf('ping host 127.0.0.1 -c 60')).toBeUndefined();
  });

  it('answers jobs and status with each job’s result and a link to its message', async () => {
    const { parent } = await run('ping host 127.0.0.1 -c 1');
    const jobId = jobIdOf(parent);
    const link = `<https://fake.slack.test/archives/${parent.channel}/p${parent.ts.replace('.', '')}|#${jobId}>`;
    // The result is the summary's key fact, as the verdict words it.
    const outcome = (await stack.queue.get(jobId))?.outcome;
    const run0 = outcome?.runs.at(-1)?.result;
    const headline = run0 && summarize('ping', run0)?.headline;
    if (!headline) throw new Error(`no summary of ping's output: ${JSON.stringify(outcome)}`);
    const jobs = JSON.stringify(ephemeralOf(await slash(stack, 'jobs')));
    expect(jobs).toContain(link);
    expect(jobs).toContain(escapeMrkdwn(headline));
    const status = JSON.stringify(ephemeralOf(await slash(stack, `status ${jobId}`)));
    expect(status).toContain(link);
    expect(status).toContain(escapeMrkdwn(headline));
  });

  it('uploads the chart of a result as a PNG, with the other files in one upload', async () => {
    const { parent } = await run('ping host 127.0.0.1 -c 5 -i 0.2 --file');
    const uploads = await stack.fake.waitFor('the upload into the thread', () =>
      stack.fake
        .callsOf('files.completeUploadExternal')
        .find((call) => call.args.thread_ts === parent.ts && call.response.ok === true),
    );
    const names = (uploads.response.files as { name: string }[]).map((file) => file.name);
    expect(names).toContain(`ping-${jobIdOf(parent)}.txt`);
    const chart = [...stack.fake.files.values()].find(
      (file) => names.includes(file.filename) && file.filename.endsWith('.png'),
    );
    // A PNG starts with its signature.
    expect(chart?.bytes?.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  });

  it('lists every tool in help, and says nothing is attached', async () => {
    const help = JSON.stringify(ephemeralOf(await slash(stack, 'help')));
    for (const command of commands) expect(help).toContain(`\`${command.name}\``);
    expect(help).not.toMatch(/left out|attached/);
    expectEverythingWithinLimits(stack);
  });
});
