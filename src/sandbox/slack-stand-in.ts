import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { z } from 'zod';
import { boundPort } from '../receivers/bound-port';
import { readBody } from '../http/read-body';
import { WebSocketServer, type WebSocket } from 'ws';

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
  /** Who wrote it: a person (written with writeAsUser) or the bot (UBOT/BBOT). */
  user?: string;
  bot_id?: string;
  /** Message metadata, as chat.postMessage was given it. */
  metadata?: { event_type?: unknown; event_payload?: unknown };
  /** Set on thread replies: the ts of the thread's first message. */
  thread_ts?: string;
  reactions?: { name: string; count: number; users: string[] }[];
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
  /** Shown in users.info with the users:read.email scope. */
  email?: string;
  displayName?: string;
}

const CHANNEL_NAME = /^[a-z0-9_-]{1,80}$/;

const jsonObject = z.record(z.string(), z.unknown());
const socketAck = z.object({ envelope_id: z.string().optional(), payload: jsonObject.optional() });
/** Slack's rule for message metadata: an event type of word characters and an object payload. */
const messageMetadata = z.object({ event_type: z.string().regex(/^[A-Za-z0-9_]+$/), event_payload: jsonObject });
const modalView = z.looseObject({ type: z.literal('modal'), blocks: z.array(z.unknown()) });
const uploadedFiles = z.array(z.object({ id: z.string(), title: z.string().optional() }));

/**
 * Slack's Web API as far as Hotwash uses it, on a local port: the sandbox's Slack, and the tests'
 * (test/support/fake-slack.ts). Hotwash points SLACK_API_URL at `apiUrl`; response_urls point at
 * `responseUrl(id)`. It keeps just enough state (channels, messages, pins, users, files, modals)
 * for the bot to work, records every call, and fails on request (a Slack outage, on purpose).
 */
export class SlackStandIn {
  readonly calls: SlackCall[] = [];
  readonly responses: { id: string; body: Record<string, unknown> }[] = [];
  readonly messages: PostedMessage[] = [];
  readonly pins: { channel: string; timestamp: string }[] = [];
  readonly channels = new Map<string, { id: string; name: string; topic?: string; members: Set<string>; archived: boolean }>();
  readonly users = new Map<string, SlackUser>();
  readonly files = new Map<string, UploadedFile>();
  /** User groups (S…) and their members, for usergroups.users.list. */
  readonly userGroups = new Map<string, string[]>();
  /** Handles of user groups (`oncall` for @oncall), for usergroups.list; a group without one is listed by its id. */
  readonly userGroupHandles = new Map<string, string>();
  /** Channels created with is_private. */
  readonly privateChannels = new Set<string>();
  /** Modals opened with views.open. */
  readonly views: { triggerId: string; view: Record<string, unknown> }[] = [];
  /** chat.postEphemeral messages: seen by one user only. */
  readonly ephemerals: { channel: string; user: string; text: string; at: number }[] = [];
  private readonly failures = new Map<string, InjectedFailure[]>();
  private readonly watchers = new Set<() => void>();
  /** Told of every reply to a response_url (the sandbox shows it to the person who asked). */
  onResponse?: (id: string, body: Record<string, unknown>) => void;
  private server?: Server;
  private sequence = 0;
  private readonly delays = new Map<string, number[]>();
  private readonly pendingDelays = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  private readonly matchingFailures: { method: string; matches: (args: Record<string, unknown>) => boolean; failure: InjectedFailure; left: number }[] = [];
  private readonly matchingDelays: { method: string; matches: (args: Record<string, unknown>) => boolean; ms: number; left: number }[] = [];
  /** Socket Mode: the WebSocket server apps.connections.open points at, and the apps connected to it. */
  private readonly socketServer = new WebSocketServer({ noServer: true });
  readonly sockets: WebSocket[] = [];
  private readonly socketAcks = new Map<string, Record<string, unknown>>();
  baseUrl = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('upgrade', (req, socket, head) => {
      if (req.url !== '/socket-mode') return void socket.destroy();
      this.socketServer.handleUpgrade(req, socket, head, (ws) => {
        this.sockets.push(ws);
        ws.on('close', () => this.sockets.splice(this.sockets.indexOf(ws), 1));
        ws.on('message', (data) => {
          const message = socketAck.safeParse(safeJson(String(data)));
          if (message.success && message.data.envelope_id) this.socketAcks.set(message.data.envelope_id, message.data.payload ?? {});
        });
        ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0TEST' }, debug_info: { host: 'fake-slack' } }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${boundPort(this.server)}`;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    for (const { timer, resolve } of this.pendingDelays) {
      clearTimeout(timer);
      resolve();
    }
    this.pendingDelays.clear();
    for (const socket of this.sockets) socket.terminate();
    this.socketServer.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /**
   * Sends an envelope to the app connected over Socket Mode, as Slack does, and resolves with the
   * payload of the app's acknowledgement.
   */
  async sendOverSocket(type: string, payload: Record<string, unknown>, timeoutMs = 3_000): Promise<Record<string, unknown>> {
    const socket = await this.waitFor(() => this.sockets[0], 'an app connected over Socket Mode');
    const envelopeId = `env-${this.nextId('E')}`;
    socket.send(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'events_api' }));
    return this.waitFor(() => this.socketAcks.get(envelopeId), `the acknowledgement of envelope ${envelopeId}`, timeoutMs);
  }

  /** Closes every Socket Mode connection, as Slack does when it recycles one. */
  dropSockets(): void {
    for (const socket of [...this.sockets]) socket.terminate();
  }

  /** Calls `listener` after anything changed (a call answered, a person's action); returns what stops it. */
  watch(listener: () => void): () => void {
    this.watchers.add(listener);
    return () => this.watchers.delete(listener);
  }

  private changed(): void {
    for (const listener of this.watchers) listener();
  }

  /** A person writes in a channel (or a thread); returns the message's ts. */
  writeAsUser(channel: string, user: string, text: string, threadTs?: string): string {
    const ts = this.nextTs();
    this.messages.push({ channel, ts, text, user, receivedAt: Date.now(), ...(threadTs ? { thread_ts: threadTs } : {}) });
    this.changed();
    return ts;
  }

  /** A person edits their message; returns the message as it was, or undefined when it is not theirs. */
  editAsUser(channel: string, ts: string, user: string, text: string): PostedMessage | undefined {
    const message = this.message(channel, ts);
    if (!message || message.user !== user) return undefined;
    const previous = { ...message };
    message.text = text;
    this.changed();
    return previous;
  }

  /** A person deletes their message; returns it, or undefined when it is not theirs. */
  deleteAsUser(channel: string, ts: string, user: string): PostedMessage | undefined {
    const message = this.message(channel, ts);
    if (!message || message.user !== user) return undefined;
    this.messages.splice(this.messages.indexOf(message), 1);
    this.changed();
    return message;
  }

  message(channel: string, ts: string): PostedMessage | undefined {
    return this.messages.find((m) => m.channel === channel && m.ts === ts);
  }

  /** Adds or removes one person's reaction on a message, as Slack records it. */
  react(channel: string, ts: string, name: string, user: string, add = true): void {
    const message = this.message(channel, ts);
    if (!message) return;
    message.reactions ??= [];
    const reactions = message.reactions;
    let reaction = reactions.find((r) => r.name === name);
    if (add) {
      if (!reaction) {
        reaction = { name, count: 0, users: [] };
        reactions.push(reaction);
      }
      reaction.users.push(user);
      reaction.count += 1;
    } else if (reaction) {
      reaction.users = reaction.users.filter((u) => u !== user);
      reaction.count = reaction.users.length;
      if (reaction.count === 0) reactions.splice(reactions.indexOf(reaction), 1);
    }
    this.changed();
  }

  /** The most recent modal opened. */
  lastView(): Record<string, unknown> {
    const opened = this.views.at(-1);
    if (!opened) throw new Error('No modal was opened');
    return opened.view;
  }

  /** The next `times` calls of `method` are answered only after `ms`: a slow Slack. */
  delayNext(method: string, ms: number, times = 1): void {
    const queue = this.delays.get(method) ?? [];
    for (let i = 0; i < times; i += 1) queue.push(ms);
    this.delays.set(method, queue);
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

  /**
   * The next `times` calls of `method` whose arguments match fail as described (a page failing
   * while other posts go through). Checked before failNext's queue.
   */
  failMatching(method: string, matches: (args: Record<string, unknown>) => boolean, failure: InjectedFailure, times = 1): void {
    this.matchingFailures.push({ method, matches, failure, left: times });
  }

  /** The next `times` calls of `method` whose arguments match are answered only after `ms`. */
  delayMatching(method: string, matches: (args: Record<string, unknown>) => boolean, ms: number, times = 1): void {
    this.matchingDelays.push({ method, matches, ms, left: times });
  }

  /** Forgets every failure and delay still queued: Slack is healthy again. */
  recover(): void {
    this.failures.clear();
    this.delays.clear();
    this.matchingFailures.length = 0;
    this.matchingDelays.length = 0;
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

  /** Polls until `predicate` holds (it may be async); fails with `what` after `timeoutMs`. */
  async waitFor<T>(predicate: () => T | undefined | false | Promise<T | undefined | false>, what = 'condition', timeoutMs = 8_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await predicate();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  private nextId(prefix: string): string {
    this.sequence += 1;
    return `${prefix}${String(this.sequence).padStart(8, '0')}`;
  }

  /** latest/oldest/inclusive as conversations.history and .replies read them. */
  private inRange(args: Record<string, unknown>): (ts: string) => boolean {
    const inclusive = args.inclusive === true || args.inclusive === 'true';
    const latest = args.latest === undefined ? Infinity : Number(args.latest);
    const oldest = args.oldest === undefined ? -Infinity : Number(args.oldest);
    return (ts) => {
      const t = Number(ts);
      return inclusive ? t <= latest && t >= oldest : t < latest && t > oldest;
    };
  }

  private nextTs(): string {
    this.sequence += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(this.sequence).padStart(6, '0')}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      await this.serve(req, res);
    } finally {
      this.changed();
    }
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
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
      const body = jsonObject.catch({}).parse(safeJson(raw || '{}'));
      this.responses.push({ id: response[1]!, body });
      this.onResponse?.(response[1]!, body);
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
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? (typeof args.token === 'string' ? args.token : undefined);
    this.calls.push({ method, args, token });
    const delay = this.delays.get(method)?.shift() ?? take(this.matchingDelays, method, args)?.ms;
    if (delay) {
      // A delayed answer is cut short by stop(): its timer must not keep the test process up.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.pendingDelays.add({ timer, resolve });
      });
    }

    const socketFailure = method === 'apps.connections.open' ? this.failures.get(method)?.shift() : undefined;
    if (socketFailure && 'status' in socketFailure) {
      res.writeHead(socketFailure.status, { 'Content-Type': 'application/json' }).end(JSON.stringify({ ok: false, error: 'fatal_error' }));
      return;
    }
    if (method === 'apps.connections.open') {
      const body = token?.startsWith('xapp-') ? { ok: true, url: `${this.baseUrl.replace(/^http/, 'ws')}/socket-mode` } : { ok: false, error: 'invalid_auth' };
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
      return;
    }

    const failure = take(this.matchingFailures, method, args)?.failure ?? this.failures.get(method)?.shift();
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
        const isPrivate = args.is_private === true || args.is_private === 'true';
        if (isPrivate) this.privateChannels.add(id);
        return { ok: true, channel: { id, name, is_channel: !isPrivate, is_group: isPrivate, is_private: isPrivate } };
      }
      case 'conversations.members': {
        const found = channelId ? this.channels.get(channelId) : undefined;
        if (!found) return { ok: false, error: 'channel_not_found' };
        return { ok: true, members: [...found.members], response_metadata: { next_cursor: '' } };
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
        // Slack's rule for message metadata: an event type of word characters and an object payload.
        const parsedMetadata = args.metadata === undefined ? undefined : messageMetadata.safeParse(args.metadata);
        if (parsedMetadata && !parsedMetadata.success) return { ok: false, error: 'invalid_metadata_format' };
        const metadata = parsedMetadata?.data;
        const threadTs = args.thread_ts === undefined ? undefined : String(args.thread_ts);
        if (threadTs && !this.messages.some((m) => m.channel === channelId && m.ts === threadTs)) return { ok: false, error: 'thread_not_found' };
        const ts = this.nextTs();
        const message = {
          channel: channelId,
          ts,
          text: String(args.text ?? ''),
          blocks: args.blocks,
          metadata,
          ...(threadTs ? { thread_ts: threadTs } : {}),
          receivedAt: Date.now(),
          user: 'UBOT',
          bot_id: 'BBOT',
        };
        this.messages.push(message);
        return { ok: true, channel: channelId, ts, message };
      }
      case 'chat.postEphemeral':
        if (!channelId || !args.user) return { ok: false, error: 'invalid_arguments' };
        this.ephemerals.push({ channel: channelId, user: String(args.user), text: String(args.text ?? ''), at: Date.now() });
        return { ok: true, message_ts: this.nextTs() };
      case 'views.open': {
        if (!args.trigger_id) return { ok: false, error: 'invalid_trigger_id' };
        const parsedView = modalView.safeParse(args.view);
        if (!parsedView.success) return { ok: false, error: 'invalid_arguments' };
        const view = parsedView.data;
        this.views.push({ triggerId: String(args.trigger_id), view });
        return { ok: true, view: { id: this.nextId('V'), ...view } };
      }
      case 'conversations.history': {
        if (!channel) return { ok: false, error: 'channel_not_found' };
        const inRange = this.inRange(args);
        const top = this.messagesIn(channelId).filter((m) => (!m.thread_ts || m.thread_ts === m.ts) && inRange(m.ts));
        const limit = Number(args.limit ?? 100);
        const withMetadata = args.include_all_metadata === true || args.include_all_metadata === 'true';
        // Newest first, a page at a time, as Slack pages it (the cursor is opaque to the caller).
        const offset = args.cursor ? Number(Buffer.from(String(args.cursor), 'base64').toString()) : 0;
        const newestFirst = top.reverse();
        const page = newestFirst.slice(offset, offset + limit);
        const more = offset + limit < newestFirst.length;
        return {
          ok: true,
          messages: page.map((m) => ({ ...asSlackMessage(m), ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}) })),
          has_more: more,
          ...(more ? { response_metadata: { next_cursor: Buffer.from(String(offset + limit)).toString('base64') } } : {}),
        };
      }
      case 'conversations.replies': {
        if (!channel) return { ok: false, error: 'channel_not_found' };
        const start = this.message(channelId, String(args.ts));
        if (!start) return { ok: false, error: 'thread_not_found' };
        const root = start.thread_ts ?? start.ts;
        const inRange = this.inRange(args);
        const thread = this.messagesIn(channelId).filter((m) => (m.ts === root || m.thread_ts === root) && inRange(m.ts));
        return { ok: true, messages: thread.slice(0, Number(args.limit ?? 100)).map(asSlackMessage), has_more: false };
      }
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
        const entries = uploadedFiles.catch([]).parse(args.files);
        const target = this.channels.get(String(args.channel_id ?? ''));
        if (args.channel_id && !target) return { ok: false, error: 'channel_not_found' };
        const completed = [];
        for (const entry of entries) {
          const file = this.files.get(entry.id);
          if (!file || file.content === undefined) return { ok: false, error: 'file_not_found' };
          Object.assign(file, {
            title: entry.title,
            channel: target?.id,
            initialComment: typeof args.initial_comment === 'string' ? args.initial_comment : undefined,
          });
          completed.push({ id: file.id, title: file.title, name: file.filename });
        }
        return { ok: true, files: completed };
      }
      case 'usergroups.list': {
        const ids = new Set([...this.userGroups.keys(), ...this.userGroupHandles.keys()]);
        const usergroups = [...ids].map((id) => {
          const handle = this.userGroupHandles.get(id) ?? id.toLowerCase();
          return { id, team_id: 'T0TEST', name: handle, handle, is_usergroup: true };
        });
        return { ok: true, usergroups };
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
          user: {
            id: user.id,
            name: user.name,
            real_name: user.realName,
            profile: { display_name: user.displayName ?? '', real_name: user.realName ?? user.name, ...(user.email ? { email: user.email } : {}) },
          },
        };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}

/** Takes one use of the first matcher for this call, if any. */
function take<T extends { method: string; matches: (args: Record<string, unknown>) => boolean; left: number }>(
  matchers: T[],
  method: string,
  args: Record<string, unknown>,
): T | undefined {
  const index = matchers.findIndex((m) => m.method === method && m.matches(args));
  if (index < 0) return undefined;
  const matcher = matchers[index]!;
  matcher.left -= 1;
  if (matcher.left <= 0) matchers.splice(index, 1);
  return matcher;
}

function asSlackMessage(m: PostedMessage): Record<string, unknown> {
  return { type: 'message', ts: m.ts, text: m.text, user: m.user, bot_id: m.bot_id, thread_ts: m.thread_ts, reactions: m.reactions };
}

function parseArgs(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes('application/json')) return raw ? jsonObject.parse(JSON.parse(raw)) : {};
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    args[key] = /^[[{]/.test(value) ? safeJson(value) : value;
  }
  return args;
}

/** `value` as JSON when it is JSON, else `value` itself (form fields may be either). */
export function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/**
 * Text as a Slack client that cannot render date tokens shows it: `<!date^…^{time}|10:05 UTC>`
 * becomes its fallback, `10:05 UTC`. (Real clients show the reader's own zone and clock instead.)
 */
export function asShown(text: string): string {
  return text.replace(/<!date\^\d+\^[^|<>^]*\|([^<>]*)>/g, '$1');
}
