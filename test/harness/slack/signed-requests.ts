import { createHmac, randomUUID } from 'node:crypto';
import { fakeTeam } from './fake-slack.js';

/**
 * Requests as Slack sends them to an app's Request URL: form-encoded, signed with v0 HMAC-SHA256 of
 * `v0:<timestamp>:<body>` under the signing secret, with X-Slack-Request-Timestamp. Tests sign with
 * the real secret, a wrong one, or an old timestamp, and set X-Slack-Retry-Num for Slack's retries.
 */
export interface SignOptions {
  readonly signingSecret: string;
  /** Unix seconds; defaults to now. */
  readonly timestamp?: number;
  readonly retryNum?: number;
}

export interface SlackHttpAnswer {
  readonly status: number;
  readonly body: string;
  readonly elapsedMs: number;
}

export function signBody(body: string, signingSecret: string, timestamp: number): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export async function postSigned(url: string, body: string, options: SignOptions): Promise<SlackHttpAnswer> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': signBody(body, options.signingSecret, timestamp),
  };
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  const started = performance.now();
  const response = await fetch(url, { method: 'POST', headers, body });
  const text = await response.text();
  return { status: response.status, body: text, elapsedMs: performance.now() - started };
}

export interface SlashCommandFields {
  readonly text: string;
  readonly userId?: string;
  readonly channelId?: string;
  readonly responseUrl?: string;
  readonly triggerId?: string;
  readonly command?: string;
}

/** The form fields of a slash command, as Slack posts them (and as Socket Mode's payload carries). */
export function slashCommandPayload(fields: SlashCommandFields): Record<string, string> {
  return {
    token: 'deprecated-verification-token',
    team_id: fakeTeam.id,
    team_domain: 'fake',
    channel_id: fields.channelId ?? 'C0INCIDENT',
    channel_name: 'incident',
    user_id: fields.userId ?? 'U0ALICE',
    user_name: 'alice',
    command: fields.command ?? '/netshoot',
    text: fields.text,
    api_app_id: 'A0FAKE',
    is_enterprise_install: 'false',
    response_url: fields.responseUrl ?? 'http://127.0.0.1:9/unused',
    trigger_id: fields.triggerId ?? `${Date.now()}.${randomUUID()}`,
  };
}

export function sendSlashCommand(
  url: string,
  fields: SlashCommandFields,
  options: SignOptions,
): Promise<SlackHttpAnswer> {
  return postSigned(url, new URLSearchParams(slashCommandPayload(fields)).toString(), options);
}

export interface BlockActionFields {
  readonly actionId: string;
  readonly value: string;
  readonly userId?: string;
  readonly channelId?: string;
  readonly messageTs: string;
  readonly responseUrl?: string;
  readonly triggerId?: string;
}

/** A button click, as Slack posts it: `payload=<json>` of type block_actions. */
export function blockActionPayload(fields: BlockActionFields): Record<string, unknown> {
  const channelId = fields.channelId ?? 'C0INCIDENT';
  return {
    type: 'block_actions',
    team: { id: fakeTeam.id, domain: 'fake' },
    user: { id: fields.userId ?? 'U0ALICE', username: 'alice', team_id: fakeTeam.id },
    api_app_id: 'A0FAKE',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: fields.messageTs, channel_id: channelId, is_ephemeral: false },
    trigger_id: fields.triggerId ?? `${Date.now()}.${randomUUID()}`,
    channel: { id: channelId, name: 'incident' },
    message: { type: 'message', ts: fields.messageTs, text: '', user: fakeTeam.botUserId },
    response_url: fields.responseUrl ?? 'http://127.0.0.1:9/unused',
    actions: [
      {
        type: 'button',
        action_id: fields.actionId,
        block_id: 'job-actions',
        value: fields.value,
        text: { type: 'plain_text', text: fields.actionId },
        action_ts: String(Date.now() / 1000),
      },
    ],
  };
}

export function sendBlockAction(
  url: string,
  fields: BlockActionFields,
  options: SignOptions,
): Promise<SlackHttpAnswer> {
  const body = new URLSearchParams({ payload: JSON.stringify(blockActionPayload(fields)) }).toString();
  return postSigned(url, body, options);
}
