import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One recorded Web API call. Form fields that hold JSON (blocks, …) are parsed. */
export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  token?: string;
}

export interface PostedMessage {
  channel: string;
  ts: string;
  text: string;
  blocks?: unknown;
  /** When the fake received it (ms since the epoch). */
  receivedAt: number;
}

export type InjectedFailure =
  | { error: string } // ok:false with Slack's error code
  | { status: 429; retryAfter: number } // rate limited
  | { status: 500 | 502 | 503 };

/** A file shared through files.uploadV2 (getUploadURLExternal → upload → completeUploadExternal). */
export interface UploadedFile {
  id: string;
  filename: string;
  title?: string;
  content?: string;
  channel?: string;
  initialComment?: string;
}

export interface SlackUser {
  id: string;
  name: string;
  realName?: string;
  displayName?: string;
}

const CHANNEL_NAME = /^[a-z0-9_-]{1,80}$/;

/**
 * A stand-in for Slack's Web API on a local port. The app under test points SLACK_API_URL at
 * `apiUrl`; response_urls point at `responseUrl(id)`. It keeps just enough state (channels,
 * messages, pins, users) for the bot to work, records every call, and fails on request.
 */
export class FakeSlack {
  readonly calls: SlackCall[] = [];
  readonly responses: { id: string; body: Record<string, unknown> }[] = [];
  readonly messages: PostedMessage[] = [];
  readonly pins: { channel: string; timestamp: string }[] = [];
  readonly channels = new Map<string, { id: string; name: string; topic?: string; members: Set<string>; archived: boolean }>();
  readonly users = new Map<string, SlackUser>();
  readonly files = new Map<string, UploadedFile>();
  /** User groups (S…) and their members, for usergroups.users.list. */
  readonly userGroups = new Map<string, string[]>();
  private readonly failures = new Map<string, InjectedFailure[]>();
  private server?: Server;
  private sequence = 0;
  baseUrl = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  responseUrl(id: string): string {
    return `${this.baseUrl}/response/${id}`;
  }

  /** The next `times` calls of `method` fail as described. */
  failNext(method: string, failure: InjectedFailure, times = 1): void {
    const queue = this.failures.get(method) ?? [];
    for (let i = 0; i < times; i += 1) queue.push(failure);
    this.failures.set(method, queue);
  }

  /** A channel that already exists, so creating one of that name gets `name_taken`. */
  addChannel(name: string, id = this.nextId('C')): string {
    this.channels.set(id, { id, name, members: new Set(), archived: false });
    return id;
  }

  addUser(user: SlackUser): void {
    this.users.set(user.id, user);
  }

  callsTo(method: string): SlackCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Files completed into `channel`, oldest first. */
  filesIn(channel: string): UploadedFile[] {
    return [...this.files.values()].filter((file) => file.channel === channel);
  }

  messagesIn(channel: string): PostedMessage[] {
    return this.messages.filter((message) => message.channel === channel);
  }

  channelNamed(name: string) {
    return [...this.channels.values()].find((channel) => channel.name === name);
  }

  responsesTo(id: string): Record<string, unknown>[] {
    return this.responses.filter((response) => response.id === id).map((response) => response.body);
  }

  /** Polls until `predicate` holds; fails with `what` after `timeoutMs`. */
  async waitFor<T>(predicate: () => T | undefined | false, what = 'condition', timeoutMs = 8_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = predicate();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  private nextId(prefix: string): string {
    this.sequence += 1;
    return `${prefix}${String(this.sequence).padStart(8, '0')}`;
  }

  private nextTs(): string {
    this.sequence += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(this.sequence).padStart(6, '0')}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const bytes = await readBody(req);
    const raw = bytes.toString('utf8');
    const url = new URL(req.url ?? '/', this.baseUrl);

    // The upload URL handed out by files.getUploadURLExternal: the file's bytes, as multipart form data.
    const upload = /^\/upload\/([^/]+)$/.exec(url.pathname);
    if (upload && req.method === 'POST') {
      const file = this.files.get(upload[1]!);
      if (!file) {
        res.writeHead(404).end();
        return;
      }
      const form = await new Response(bytes, { headers: { 'content-type': req.headers['content-type'] ?? '' } }).formData();
      const part = [...form.values()][0];
      file.content = typeof part === 'string' ? part : await part?.text();
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end(`OK - ${bytes.length}`);
      return;
    }

    const response = /^\/response\/([^/]+)$/.exec(url.pathname);
    if (response && req.method === 'POST') {
      this.responses.push({ id: response[1]!, body: JSON.parse(raw || '{}') });
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
      return;
    }

    const api = /^\/api\/([a-zA-Z.]+)$/.exec(url.pathname);
    if (!api || req.method !== 'POST') {
      res.writeHead(404).end();
      return;
    }
    const method = api[1]!;
    const args = parseArgs(raw, req.headers['content-type'] ?? '');
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? (args.token as string | undefined);
    this.calls.push({ method, args, token });

    const failure = this.failures.get(method)?.shift();
    if (failure && 'status' in failure) {
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (failure.status === 429) headers['Retry-After'] = String(failure.retryAfter);
      res.writeHead(failure.status, headers).end(JSON.stringify({ ok: false, error: failure.status === 429 ? 'ratelimited' : 'fatal_error' }));
      return;
    }
    const body = failure ? { ok: false, error: failure.error } : token?.startsWith('xoxb-') ? this.answer(method, args) : { ok: false, error: 'not_authed' };
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  }

  private answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    const channelId = String(args.channel ?? '');
    const channel = this.channels.get(channelId);
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://hotwash-test.slack.com/', team: 'Test', user: 'hotwash', team_id: 'T0TEST', user_id: 'UBOT', bot_id: 'BBOT' };
      case 'conversations.create': {
        const name = String(args.name ?? '');
        if (!CHANNEL_NAME.test(name)) return { ok: false, error: 'invalid_name_specials' };
        if (this.channelNamed(name)) return { ok: false, error: 'name_taken' };
        const id = this.addChannel(name);
        this.channels.get(id)!.members.add('UBOT');
        return { ok: true, channel: { id, name, is_channel: true, is_private: false } };
      }
      case 'conversations.invite':
        if (!channel) return { ok: false, error: 'channel_not_found' };
        for (const user of String(args.users ?? '').split(',')) channel.members.add(user);
        return { ok: true, channel: { id: channel.id, name: channel.name } };
      case 'conversations.setTopic':
        if (!channel) return { ok: false, error: 'channel_not_found' };
        channel.topic = String(args.topic ?? '');
        return { ok: true, channel: { id: channel.id, topic: { value: channel.topic } } };
      case 'conversations.archive':
        if (!channel) return { ok: false, error: 'channel_not_found' };
        channel.archived = true;
        return { ok: true };
      case 'chat.postMessage': {
        if (!channelId) return { ok: false, error: 'channel_not_found' };
        if (channel?.archived) return { ok: false, error: 'is_archived' };
        const ts = this.nextTs();
        const message = { channel: channelId, ts, text: String(args.text ?? ''), blocks: args.blocks, receivedAt: Date.now() };
        this.messages.push(message);
        return { ok: true, channel: channelId, ts, message };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: this.nextTs() };
      case 'chat.update': {
        const message = this.messages.find((m) => m.channel === channelId && m.ts === args.ts);
        if (!message) return { ok: false, error: 'message_not_found' };
        message.text = String(args.text ?? '');
        message.blocks = args.blocks;
        return { ok: true, channel: channelId, ts: message.ts };
      }
      case 'pins.add':
        if (this.pins.some((p) => p.channel === channelId && p.timestamp === args.timestamp)) return { ok: false, error: 'already_pinned' };
        this.pins.push({ channel: channelId, timestamp: String(args.timestamp) });
        return { ok: true };
      case 'files.getUploadURLExternal': {
        if (!args.filename || !args.length) return { ok: false, error: 'invalid_arguments' };
        const id = this.nextId('F');
        this.files.set(id, { id, filename: String(args.filename) });
        return { ok: true, upload_url: `${this.baseUrl}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal': {
        const entries = (Array.isArray(args.files) ? args.files : []) as { id: string; title?: string }[];
        const target = this.channels.get(String(args.channel_id ?? ''));
        if (args.channel_id && !target) return { ok: false, error: 'channel_not_found' };
        const completed = [];
        for (const entry of entries) {
          const file = this.files.get(entry.id);
          if (!file || file.content === undefined) return { ok: false, error: 'file_not_found' };
          Object.assign(file, { title: entry.title, channel: target?.id, initialComment: args.initial_comment as string | undefined });
          completed.push({ id: file.id, title: file.title, name: file.filename });
        }
        return { ok: true, files: completed };
      }
      case 'usergroups.users.list': {
        const members = this.userGroups.get(String(args.usergroup));
        return members ? { ok: true, users: members } : { ok: false, error: 'no_such_subteam' };
      }
      case 'users.info': {
        const user = this.users.get(String(args.user));
        if (!user) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: { id: user.id, name: user.name, real_name: user.realName, profile: { display_name: user.displayName ?? '', real_name: user.realName ?? user.name } },
        };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}

function parseArgs(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes('application/json')) return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    args[key] = /^[[{]/.test(value) ? safeJson(value) : value;
  }
  return args;
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
