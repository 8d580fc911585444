import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from '../wait-for.js';
import { checkMessage } from './block-limits.js';
import { SocketModeEndpoint } from './socket-mode-endpoint.js';

/** One Web API call as the fake saw it, with what it answered. */
export interface RecordedCall {
  readonly method: string;
  readonly args: Record<string, unknown>;
  readonly status: number;
  readonly response: Record<string, unknown>;
  readonly at: number;
}

export interface PostedMessage {
  readonly channel: string;
  readonly ts: string;
  text: string;
  blocks: unknown[] | undefined;
  readonly threadTs: string | undefined;
  /** Every version of the message, oldest first: how a test reads the stages it went through. */
  readonly history: { text: string; blocks: unknown[] | undefined }[];
}

export interface UploadedFile {
  readonly id: string;
  readonly filename: string;
  readonly length: number;
  bytes?: Buffer;
  completed?: { channelId: string; threadTs?: string; title?: string };
}

export interface FakeSlackOptions {
  readonly botToken?: string;
  readonly appToken?: string;
  /** Channels the bot is a member of; posting anywhere else is `not_in_channel`. */
  readonly channels?: readonly string[];
  /** Slack's rate limits, enforced as Slack does (429 with Retry-After); none unless asked. */
  readonly limits?: FakeSlackLimits;
}

/**
 * docs.slack.dev/apis/web-api/rate-limits: chat.postMessage allows about one message a second per
 * channel with short bursts (a bucket of `postBurst` refilled at `postsPerSecond`); chat.update is
 * Tier 3, 50+ a minute per workspace (`updatesPerMinute` in any 60 s). Over either, HTTP 429 with
 * Retry-After in whole seconds, the call not done.
 */
export interface FakeSlackLimits {
  readonly postsPerSecond?: number;
  readonly postBurst?: number;
  readonly updatesPerMinute?: number;
}

export const fakeTeam = { id: 'T0FAKE', botUserId: 'U0BOT', botId: 'B0BOT' } as const;

/**
 * A local Slack: a real HTTP server answering the Web API methods the bot uses, the way Slack does
 * (HTTP 200 with `ok:false` and Slack's error codes; 429 with Retry-After), the upload URL of the
 * two-step file upload, response_url endpoints, and a Socket Mode endpoint. Every call is recorded
 * so tests assert on what Slack was asked to show.
 */
export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  readonly responseUrlPosts: {
    readonly id: string;
    readonly body: Record<string, unknown>;
    readonly at: number;
  }[] = [];
  readonly messages: PostedMessage[] = [];
  readonly files = new Map<string, UploadedFile>();
  readonly socketMode: SocketModeEndpoint;
  readonly botToken: string;
  readonly appToken: string;
  private readonly channels: Set<string>;
  private readonly rateLimits = new Map<string, { retryAfterSeconds: number; remaining: number }>();
  private readonly limits: FakeSlackLimits | undefined;
  private readonly postBuckets = new Map<string, { tokens: number; at: number }>();
  private readonly updateTimes: number[] = [];
  private readonly userGroups = new Map<string, readonly string[]>();
  private readonly revokedScopes = new Set<string>();
  private clock = 0;
  private origin = '';

  private constructor(
    private readonly server: Server,
    options: FakeSlackOptions,
  ) {
    this.botToken = options.botToken ?? 'xoxb-fake-bot-token';
    this.appToken = options.appToken ?? 'xapp-fake-app-token';
    this.channels = new Set(options.channels ?? ['C0INCIDENT']);
    this.limits = options.limits;
    this.socketMode = new SocketModeEndpoint(server);
  }

  static async start(options: FakeSlackOptions = {}): Promise<FakeSlack> {
    const server = createServer();
    const fake = new FakeSlack(server, options);
    server.on('request', (request, response) => {
      fake.handle(request, response).catch((error: unknown) => {
        response.writeHead(500).end(String(error));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    fake.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return fake;
  }

  /** What SLACK_API_URL is set to. */
  get apiUrl(): string {
    return `${this.origin}/api/`;
  }

  /** A response_url for one slash command or action; posts to it are recorded under `id`. */
  responseUrl(id: string): string {
    return `${this.origin}/response/${encodeURIComponent(id)}`;
  }

  /** The next `times` calls of `method` answer 429 with Retry-After. */
  rateLimit(method: string, retryAfterSeconds: number, times = 1): void {
    this.rateLimits.set(method, { retryAfterSeconds, remaining: times });
  }

  /** A user group (S…) and its members, as `usergroups.users.list` answers; replaces any earlier list. */
  setUserGroup(groupId: string, userIds: readonly string[]): void {
    this.userGroups.set(groupId, [...userIds]);
  }

  /** The app loses a scope (as before a reinstall): calls that need it answer `missing_scope`. */
  revokeScope(scope: string): void {
    this.revokedScopes.add(scope);
  }

  grantScope(scope: string): void {
    this.revokedScopes.delete(scope);
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  message(channel: string, ts: string): PostedMessage | undefined {
    return this.messages.find((message) => message.channel === channel && message.ts === ts);
  }

  thread(channel: string, ts: string): PostedMessage[] {
    return this.messages.filter((message) => message.channel === channel && message.threadTs === ts);
  }

  /** Polls until `predicate` holds (bounded); the error says what was being waited for. */
  async waitFor<T>(
    what: string,
    predicate: () => T | undefined | false | Promise<T | undefined | false>,
    timeoutMs = 15_000,
  ): Promise<T> {
    return waitFor(predicate, { what: `fake Slack: ${what}`, timeoutMs, everyMs: 20 });
  }

  async close(): Promise<void> {
    this.socketMode.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.origin);
    const body = await readBody(request);
    if (url.pathname.startsWith('/response/')) {
      const id = decodeURIComponent(url.pathname.slice('/response/'.length));
      this.responseUrlPosts.push({
        id,
        body: JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>,
        at: Date.now(),
      });
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    if (url.pathname.startsWith('/upload/')) {
      await this.receiveUpload(url.pathname.slice('/upload/'.length), request, body, response);
      return;
    }
    if (!url.pathname.startsWith('/api/') || request.method !== 'POST') {
      response.writeHead(404).end();
      return;
    }
    const method = url.pathname.slice('/api/'.length);
    const args = parseArgs(request, body);
    const token = bearer(request) ?? (typeof args.token === 'string' ? args.token : undefined);
    const limit = this.rateLimits.get(method);
    let retryAfterSeconds: number | undefined;
    if (limit && limit.remaining > 0) {
      limit.remaining -= 1;
      retryAfterSeconds = limit.retryAfterSeconds;
    } else if (token === this.botToken) {
      retryAfterSeconds = this.overRate(method, args);
    }
    if (retryAfterSeconds !== undefined) {
      this.record(method, args, 429, { ok: false, error: 'ratelimited' });
      response
        .writeHead(429, {
          'content-type': 'application/json',
          'retry-after': String(retryAfterSeconds),
        })
        .end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      return;
    }
    const answer = this.answer(method, args, token);
    this.record(method, args, 200, answer);
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
  }

  /** Seconds to wait when this call is over Slack's rate (FakeSlackLimits); counts it when it is not. */
  private overRate(method: string, args: Record<string, unknown>): number | undefined {
    const now = Date.now();
    const { postsPerSecond, postBurst, updatesPerMinute } = this.limits ?? {};
    if (method === 'chat.postMessage' && postsPerSecond !== undefined) {
      const channel = String(args.channel ?? '');
      const capacity = postBurst ?? 1;
      const bucket = this.postBuckets.get(channel) ?? { tokens: capacity, at: now };
      bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 1000) * postsPerSecond);
      bucket.at = now;
      this.postBuckets.set(channel, bucket);
      if (bucket.tokens < 1) return Math.max(1, Math.ceil((1 - bucket.tokens) / postsPerSecond));
      bucket.tokens -= 1;
    }
    if (method === 'chat.update' && updatesPerMinute !== undefined) {
      while (this.updateTimes[0] !== undefined && this.updateTimes[0] <= now - 60_000)
        this.updateTimes.shift();
      const oldest = this.updateTimes[0];
      if (this.updateTimes.length >= updatesPerMinute && oldest !== undefined)
        return Math.max(1, Math.ceil((oldest + 60_000 - now) / 1000));
      this.updateTimes.push(now);
    }
    return undefined;
  }

  /** The calls Slack answered 429. */
  rateLimitedCalls(): RecordedCall[] {
    return this.calls.filter((call) => call.status === 429);
  }

  private record(
    method: string,
    args: Record<string, unknown>,
    status: number,
    response: Record<string, unknown>,
  ): void {
    this.calls.push({ method, args, status, response, at: Date.now() });
  }

  private answer(
    method: string,
    args: Record<string, unknown>,
    token: string | undefined,
  ): Record<string, unknown> {
    if (token === undefined || token === '') return { ok: false, error: 'not_authed' };
    if (method === 'apps.connections.open') {
      if (!token.startsWith('xapp-')) return { ok: false, error: 'not_allowed_token_type' };
      if (token !== this.appToken) return { ok: false, error: 'invalid_auth' };
      return { ok: true, url: this.socketMode.issueUrl(this.origin) };
    }
    if (token !== this.botToken) return { ok: false, error: 'invalid_auth' };
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://fake.slack.test/',
          team: 'fake',
          user: 'netshoot',
          team_id: fakeTeam.id,
          user_id: fakeTeam.botUserId,
          bot_id: fakeTeam.botId,
        };
      case 'chat.postMessage':
        return this.postMessage(args);
      case 'chat.update':
        return this.updateMessage(args);
      case 'chat.postEphemeral': {
        const channel = String(args.channel ?? '');
        if (!this.channels.has(channel)) return { ok: false, error: 'not_in_channel' };
        if (typeof args.user !== 'string') return { ok: false, error: 'user_not_in_channel' };
        const problem = checkMessage(args.text, args.blocks);
        if (problem)
          return { ok: false, error: problem.error, response_metadata: { messages: [problem.why] } };
        return { ok: true, message_ts: this.nextTs() };
      }
      case 'usergroups.users.list':
        return this.userGroupMembers(args);
      case 'files.getUploadURLExternal':
        return this.reserveUpload(args);
      case 'files.completeUploadExternal':
        return this.completeUploads(args);
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  private postMessage(args: Record<string, unknown>): Record<string, unknown> {
    const channel = String(args.channel ?? '');
    if (channel === '') return { ok: false, error: 'channel_not_found' };
    if (!this.channels.has(channel)) return { ok: false, error: 'not_in_channel' };
    const problem = checkMessage(args.text, args.blocks);
    if (problem) return { ok: false, error: problem.error, response_metadata: { messages: [problem.why] } };
    const threadTs = typeof args.thread_ts === 'string' ? args.thread_ts : undefined;
    if (threadTs && !this.message(channel, threadTs)) return { ok: false, error: 'thread_not_found' };
    const message: PostedMessage = {
      channel,
      ts: this.nextTs(),
      text: String(args.text ?? ''),
      blocks: args.blocks as unknown[] | undefined,
      threadTs,
      history: [],
    };
    message.history.push({ text: message.text, blocks: message.blocks });
    this.messages.push(message);
    return {
      ok: true,
      channel,
      ts: message.ts,
      message: { text: message.text, blocks: message.blocks, bot_id: fakeTeam.botId },
    };
  }

  private updateMessage(args: Record<string, unknown>): Record<string, unknown> {
    const channel = String(args.channel ?? '');
    if (!this.channels.has(channel)) return { ok: false, error: 'not_in_channel' };
    const message = this.message(channel, String(args.ts ?? ''));
    if (!message) return { ok: false, error: 'message_not_found' };
    const problem = checkMessage(args.text, args.blocks);
    if (problem) return { ok: false, error: problem.error, response_metadata: { messages: [problem.why] } };
    message.text = String(args.text ?? message.text);
    message.blocks = (args.blocks as unknown[] | undefined) ?? message.blocks;
    message.history.push({ text: message.text, blocks: message.blocks });
    return { ok: true, channel, ts: message.ts, text: message.text };
  }

  private userGroupMembers(args: Record<string, unknown>): Record<string, unknown> {
    if (this.revokedScopes.has('usergroups:read')) {
      return {
        ok: false,
        error: 'missing_scope',
        needed: 'usergroups:read',
        provided: 'commands,chat:write',
      };
    }
    const groupId = typeof args.usergroup === 'string' ? args.usergroup : '';
    if (groupId === '') return { ok: false, error: 'invalid_arguments' };
    const users = this.userGroups.get(groupId);
    if (!users) return { ok: false, error: 'no_such_subteam' };
    return { ok: true, users: [...users] };
  }

  private reserveUpload(args: Record<string, unknown>): Record<string, unknown> {
    const length = Number(args.length);
    if (
      typeof args.filename !== 'string' ||
      args.filename === '' ||
      !Number.isInteger(length) ||
      length <= 0
    ) {
      return { ok: false, error: 'invalid_arguments' };
    }
    const id = `F${String(this.files.size + 1).padStart(8, '0')}`;
    this.files.set(id, { id, filename: args.filename, length });
    return { ok: true, upload_url: `${this.origin}/upload/${id}`, file_id: id };
  }

  private async receiveUpload(
    id: string,
    request: IncomingMessage,
    body: Buffer,
    response: ServerResponse,
  ): Promise<void> {
    const file = this.files.get(id);
    if (!file || request.method !== 'POST') {
      response.writeHead(404).end();
      return;
    }
    // Slack takes the bytes raw or as a multipart form (the SDK sends a form); the fake takes both.
    const type = request.headers['content-type'] ?? '';
    if (type.startsWith('multipart/form-data')) {
      const form = await new Response(body, { headers: { 'content-type': type } }).formData();
      const part = [...form.values()].find((value) => typeof value !== 'string') as Blob | undefined;
      file.bytes = part ? Buffer.from(await part.arrayBuffer()) : Buffer.alloc(0);
    } else {
      file.bytes = body;
    }
    response.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${file.bytes.length}`);
  }

  private completeUploads(args: Record<string, unknown>): Record<string, unknown> {
    const entries = args.files;
    if (!Array.isArray(entries) || entries.length === 0) return { ok: false, error: 'invalid_arguments' };
    const channelId = typeof args.channel_id === 'string' ? args.channel_id : undefined;
    if (channelId !== undefined && !this.channels.has(channelId))
      return { ok: false, error: 'not_in_channel' };
    const threadTs = typeof args.thread_ts === 'string' ? args.thread_ts : undefined;
    if (threadTs !== undefined && (channelId === undefined || !this.message(channelId, threadTs))) {
      return { ok: false, error: 'invalid_thread_ts' };
    }
    const done: Record<string, unknown>[] = [];
    for (const entry of entries as { id?: unknown; title?: unknown }[]) {
      const file = this.files.get(String(entry.id));
      if (!file || file.bytes === undefined) return { ok: false, error: 'file_not_found' };
      if (file.bytes.length !== file.length) return { ok: false, error: 'file_upload_size_mismatch' };
      file.completed = {
        channelId: channelId ?? '',
        ...(threadTs === undefined ? {} : { threadTs }),
        ...(typeof entry.title === 'string' ? { title: entry.title } : {}),
      };
      done.push({ id: file.id, name: file.filename, title: entry.title ?? file.filename, size: file.length });
    }
    return { ok: true, files: done };
  }

  private nextTs(): string {
    this.clock += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(this.clock).padStart(6, '0')}`;
  }
}

function bearer(request: IncomingMessage): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
}

/** Web API arguments arrive form-encoded (objects as JSON strings) or as a JSON body. */
function parseArgs(request: IncomingMessage, body: Buffer): Record<string, unknown> {
  const type = request.headers['content-type'] ?? '';
  if (type.startsWith('application/json'))
    return JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body.toString('utf8'))) {
    args[key] = ['blocks', 'attachments', 'files'].includes(key) ? parseJson(value) : value;
  }
  return args;
}

function parseJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
