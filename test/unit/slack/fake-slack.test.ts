import { WebClient } from '@slack/web-api';
import { FakeSlack } from '../../harness/slack/fake-slack.js';

/** The fake must answer as Slack does, or the tests built on it prove nothing. */
describe('the fake Slack Web API', () => {
  let fake: FakeSlack;
  let client: WebClient;

  beforeEach(async () => {
    fake = await FakeSlack.start();
    client = new WebClient(fake.botToken, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
  });
  afterEach(() => fake.close());

  it('answers not_authed without a token and invalid_auth with a wrong one', async () => {
    await expect(
      new WebClient(undefined, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } }).auth.test(),
    ).rejects.toMatchObject({
      data: { ok: false, error: 'not_authed' },
    });
    await expect(
      new WebClient('xoxb-wrong', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } }).auth.test(),
    ).rejects.toMatchObject({
      data: { error: 'invalid_auth' },
    });
    await expect(client.auth.test()).resolves.toMatchObject({ ok: true, user_id: 'U0BOT' });
  });

  it('refuses a section over 3000 characters, more than 50 blocks and text over 40000 characters', async () => {
    const section = (text: string) => ({ type: 'section' as const, text: { type: 'mrkdwn' as const, text } });
    await expect(
      client.chat.postMessage({ channel: 'C0INCIDENT', text: 'x', blocks: [section('a'.repeat(3001))] }),
    ).rejects.toMatchObject({
      data: { error: 'invalid_blocks' },
    });
    const many = Array.from({ length: 51 }, () => section('a'));
    await expect(
      client.chat.postMessage({ channel: 'C0INCIDENT', text: 'x', blocks: many }),
    ).rejects.toMatchObject({
      data: { error: 'invalid_blocks' },
    });
    await expect(
      client.chat.postMessage({ channel: 'C0INCIDENT', text: 'a'.repeat(40_001) }),
    ).rejects.toMatchObject({
      data: { error: 'msg_too_long' },
    });
    await expect(
      client.chat.postMessage({ channel: 'C0INCIDENT', text: 'x', blocks: [section('a'.repeat(3000))] }),
    ).resolves.toMatchObject({ ok: true });
  });

  it('answers not_in_channel for a channel the bot is not in', async () => {
    await expect(client.chat.postMessage({ channel: 'C0ELSEWHERE', text: 'hello' })).rejects.toMatchObject({
      data: { error: 'not_in_channel' },
    });
  });

  it('answers 429 with Retry-After when told to, and the SDK waits that long before it retries', async () => {
    const patient = new WebClient(fake.botToken, {
      slackApiUrl: fake.apiUrl,
      retryConfig: { retries: 2, minTimeout: 10, maxTimeout: 10 },
    });
    fake.rateLimit('chat.postMessage', 1);
    const started = Date.now();
    await patient.chat.postMessage({ channel: 'C0INCIDENT', text: 'after the limit' });
    const calls = fake.callsOf('chat.postMessage');
    expect(calls.map((call) => call.status)).toEqual([429, 200]);
    expect((calls[1]?.at ?? 0) - (calls[0]?.at ?? 0)).toBeGreaterThanOrEqual(1000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it('takes a file in two steps and puts it in the thread it was completed for', async () => {
    const parent = await client.chat.postMessage({ channel: 'C0INCIDENT', text: 'parent' });
    const bytes = Buffer.from('line 1\nline 2\n');
    await client.filesUploadV2({
      channel_id: 'C0INCIDENT',
      thread_ts: String(parent.ts),
      file_uploads: [{ file: bytes, filename: 'out.txt', title: 'output' }],
    });
    expect(fake.callsOf('files.getUploadURLExternal')).toHaveLength(1);
    expect(fake.callsOf('files.completeUploadExternal')).toHaveLength(1);
    const [file] = [...fake.files.values()];
    expect(file?.bytes?.equals(bytes)).toBe(true);
    expect(file?.completed).toEqual({ channelId: 'C0INCIDENT', threadTs: parent.ts, title: 'output' });
  });

  it('refuses to complete an upload whose bytes never arrived', async () => {
    const reserved = await client.files.getUploadURLExternal({ filename: 'x.txt', length: 3 });
    await expect(
      client.files.completeUploadExternal({
        files: [{ id: String(reserved.file_id) }],
        channel_id: 'C0INCIDENT',
      }),
    ).rejects.toMatchObject({
      data: { error: 'file_not_found' },
    });
  });

  it('records what is posted to a response_url', async () => {
    await fetch(fake.responseUrl('cmd-1'), {
      method: 'POST',
      body: JSON.stringify({ text: 'hi', response_type: 'ephemeral' }),
    });
    expect(fake.responseUrlPosts).toEqual([
      expect.objectContaining({ id: 'cmd-1', body: { text: 'hi', response_type: 'ephemeral' } }),
    ]);
  });
});
