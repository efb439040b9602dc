import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { z } from 'zod';
import type { OpsRoute } from '../receivers/ops-server';
import { playDemo } from './demo';
import { type PostedMessage, type SlackStandIn, safeJson } from './slack-stand-in';
import { readBody } from '../http/read-body';
import { blockActionsPayload, escapeLikeSlack, eventCallbackBody, interactionBody, slashCommandBody, viewSubmissionPayload } from './slack-requests';

/** Where the page's static files are: public/sandbox/, beside src/ and dist/. */
const PAGE_DIR = join(__dirname, '..', '..', 'public', 'sandbox');
const STATIC: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/sandbox/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/sandbox/app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
};

/** The pretend people of the sandbox, whom the page lets you be. */
export const SANDBOX_PEOPLE = [
  { id: 'UALICE', name: 'alice', realName: 'Alice Chen', email: 'alice@example.com' },
  { id: 'UBOB', name: 'bob', realName: 'Bob Ortiz', email: 'bob@example.com' },
  { id: 'UCAROL', name: 'carol', realName: 'Carol Diaz', email: 'carol@example.com' },
  { id: 'UDAVE', name: 'dave', realName: 'Dave Kim', email: 'dave@example.com' },
] as const;

/** A request to Hotwash's /slack/events, signed as Slack signs it; resolves with Hotwash's answer. */
export type Deliver = (body: string, contentType: string) => Promise<{ status: number; body: string }>;

/** What a person does on the page. */
const action = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('message'), user: z.string(), channel: z.string(), text: z.string().min(1).max(4_000) }),
  z.object({
    kind: z.literal('click'),
    user: z.string(),
    channel: z.string(),
    ts: z.string(),
    actionId: z.string(),
    value: z.string().optional(),
    selected: z.string().optional(),
  }),
  z.object({ kind: z.literal('submit'), user: z.string(), view: z.number().int().min(0), fields: z.record(z.string(), z.string()) }),
  z.object({ kind: z.literal('dismiss'), user: z.string(), view: z.number().int().min(0) }),
  z.object({ kind: z.literal('react'), user: z.string(), channel: z.string(), ts: z.string(), name: z.string().regex(/^[a-z0-9_+-]+$/), add: z.boolean() }),
  z.object({ kind: z.literal('edit'), user: z.string(), channel: z.string(), ts: z.string(), text: z.string().min(1).max(4_000) }),
  z.object({ kind: z.literal('delete'), user: z.string(), channel: z.string(), ts: z.string() }),
]);
type Action = z.infer<typeof action>;
export type SandboxAction = z.input<typeof action>;

const submitAnswer = z.object({ response_action: z.literal('errors'), errors: z.record(z.string(), z.string()) });
const ackBody = z.object({ text: z.string() });

/**
 * The browser's side of the sandbox: the page, a stream that says when anything changed, the
 * workspace as one person sees it, and what that person does, turned into the requests Slack
 * would send Hotwash (slash commands, clicks, form submissions, events), signed.
 */
export class SandboxWorkspace {
  private readonly markdown = new MarkdownIt({ html: false, linkify: true });
  /** Who each trigger_id belongs to: a modal opened with it shows to that person. */
  private readonly triggers = new Map<string, string>();
  /** Modals closed (submitted or dismissed), by their index in the stand-in's list. */
  private readonly closedViews = new Set<number>();
  /** Field errors Hotwash answered a submission with, by modal. */
  private readonly viewErrors = new Map<number, Record<string, string>>();
  /** Replies only one person sees (ephemeral), by person. */
  private readonly ephemeral: { user: string; channel: string; text: string; at: number }[] = [];
  private readonly streams = new Set<ServerResponse>();
  private sequence = 0;
  private pending: NodeJS.Timeout | undefined;

  constructor(
    private readonly slack: SlackStandIn,
    private readonly deliver: Deliver,
    /** Between the demo's steps: long enough to follow on the page, short enough to see it all in about a minute. */
    private readonly demoPauseMs = 1_500,
  ) {
    slack.watch(() => this.announce());
  }

  get routes(): OpsRoute[] {
    const page: OpsRoute[] = Object.entries(STATIC).map(([path, { file, type }]) => ({
      path,
      method: ['GET'],
      handler: (_req, res) => {
        res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store' });
        res.end(readFileSync(join(PAGE_DIR, file)));
      },
    }));
    return [
      ...page,
      { path: '/sandbox/stream', method: ['GET'], handler: (req, res) => this.stream(req, res) },
      { path: '/sandbox/state', method: ['GET'], handler: (req, res) => this.sendState(req, res) },
      { path: '/sandbox/act', method: ['POST'], handler: (req, res) => void this.act(req, res) },
      { path: '/sandbox/files/:id', method: ['GET'], handler: (req, res) => this.file(req, res) },
      { path: '/sandbox/demo', method: ['POST'], handler: (_req, res) => this.startDemo(res) },
    ];
  }

  /** Plays the demo (once at a time); answers 202 at once, the page shows it unfold. */
  private startDemo(res: ServerResponse): void {
    const running = this.demo !== undefined;
    this.demo ??= playDemo(this, this.slack, this.demoPauseMs)
      .catch((error: unknown) => this.tell(SANDBOX_PEOPLE[0].id, 'CGENERAL', `The demo stopped: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        this.demo = undefined;
      });
    res.writeHead(running ? 409 : 202, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(running ? { error: 'the demo is playing already' } : { playing: true }));
  }

  /** The demo now playing, if any. */
  demo: Promise<void> | undefined;

  /** Ends every open stream, so the server can close. */
  close(): void {
    clearTimeout(this.pending);
    for (const res of this.streams) res.end();
    this.streams.clear();
  }

  /** Tells every open page that something changed (at most every 50 ms); the page reads the state again. */
  private announce(): void {
    if (this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      for (const res of this.streams) res.write(`data: ${Date.now()}\n\n`);
    }, 50);
  }

  private stream(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write('retry: 1000\n\n');
    this.streams.add(res);
    req.on('close', () => this.streams.delete(res));
  }

  private sendState(req: IncomingMessage, res: ServerResponse): void {
    const user = new URL(req.url ?? '/', 'http://sandbox').searchParams.get('user') ?? SANDBOX_PEOPLE[0].id;
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify(this.state(user)));
  }

  /** The workspace as `user` sees it. */
  state(user: string) {
    const slack = this.slack;
    const canSee = (channel: { id: string; members: Set<string> }) => !slack.privateChannels.has(channel.id) || channel.members.has(user);
    const channels = [...slack.channels.values()].filter(canSee).map((c) => ({
      id: c.id,
      name: c.name,
      topic: c.topic ?? '',
      private: slack.privateChannels.has(c.id),
      archived: c.archived,
      member: c.members.has(user),
    }));
    const visible = new Set(channels.map((c) => c.id));
    const show = (m: PostedMessage) => ({
      channel: m.channel,
      ts: m.ts,
      user: m.user ?? 'UBOT',
      text: m.text,
      blocks: m.blocks ?? null,
      thread_ts: m.thread_ts ?? null,
      reactions: m.reactions ?? [],
      pinned: slack.pins.some((p) => p.channel === m.channel && p.timestamp === m.ts),
    });
    const views = slack.views.flatMap((opened, index) =>
      this.triggers.get(opened.triggerId) === user && !this.closedViews.has(index)
        ? [{ index, view: opened.view, errors: this.viewErrors.get(index) ?? {} }]
        : [],
    );
    return {
      people: SANDBOX_PEOPLE,
      channels,
      messages: slack.messages.filter((m) => visible.has(m.channel)).map(show),
      // A message Hotwash posts to a person's ID is a direct message to them.
      direct: slack.messages.filter((m) => m.channel === user).map(show),
      ephemeral: [...this.ephemeral, ...slack.ephemerals].filter((e) => e.user === user).sort((a, b) => a.at - b.at),
      files: [...slack.files.values()]
        .filter((f) => f.channel && visible.has(f.channel))
        .map((f) => ({ id: f.id, title: f.title ?? f.filename, channel: f.channel, comment: f.initialComment ?? '' })),
      modal: views.at(-1) ?? null,
    };
  }

  private async act(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const answer = (status: number, body: Record<string, unknown>) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    let parsed: Action;
    try {
      parsed = action.parse(JSON.parse((await readBody(req, 64 * 1024)).toString('utf8')));
    } catch (error) {
      return answer(400, { error: `not an action the sandbox knows: ${error instanceof Error ? error.message.slice(0, 200) : 'unreadable'}` });
    }
    if (!SANDBOX_PEOPLE.some((p) => p.id === parsed.user)) return answer(400, { error: `no such person: ${parsed.user}` });
    try {
      answer(200, await this.carryOut(parsed));
    } catch (error) {
      answer(502, { error: `Hotwash did not take it: ${error instanceof Error ? error.message : String(error)}` });
    }
  }

  /** Does what a person would do on the page (the demo plays its script through here). */
  perform(act: SandboxAction): Promise<Record<string, unknown>> {
    return this.carryOut(action.parse(act));
  }

  private async carryOut(act: Action): Promise<Record<string, unknown>> {
    switch (act.kind) {
      case 'message':
        return act.text.startsWith('/') ? this.slashCommand(act.user, act.channel, act.text) : this.post(act.user, act.channel, act.text);
      case 'click': {
        const triggerId = this.trigger(act.user);
        const payload = {
          ...blockActionsPayload({
            actionId: act.actionId,
            user: act.user,
            channel: act.channel,
            messageTs: act.ts,
            responseUrl: this.responseUrl(act.user, act.channel),
            ...(act.value !== undefined ? { value: act.value } : {}),
            ...(act.selected !== undefined ? { selected: act.selected } : {}),
          }),
          trigger_id: triggerId,
        };
        const answered = await this.deliver(interactionBody(payload), 'application/x-www-form-urlencoded');
        return { status: answered.status };
      }
      case 'submit': {
        const opened = this.slack.views[act.view];
        if (!opened || this.triggers.get(opened.triggerId) !== act.user) return { error: 'no such form' };
        const answered = await this.deliver(interactionBody(viewSubmissionPayload(opened.view, act.user, act.fields)), 'application/x-www-form-urlencoded');
        const errors = answered.body ? submitAnswer.safeParse(safeJson(answered.body)) : undefined;
        if (errors?.success) {
          this.viewErrors.set(act.view, errors.data.errors);
          this.announce();
          return { status: answered.status, errors: errors.data.errors };
        }
        this.closedViews.add(act.view);
        this.announce();
        return { status: answered.status };
      }
      case 'dismiss':
        this.closedViews.add(act.view);
        this.announce();
        return {};
      case 'react': {
        const message = this.slack.message(act.channel, act.ts);
        if (!message) return { error: 'no such message' };
        this.slack.react(act.channel, act.ts, act.name, act.user, act.add);
        const event = {
          type: act.add ? 'reaction_added' : 'reaction_removed',
          user: act.user,
          reaction: act.name,
          item: { type: 'message', channel: act.channel, ts: act.ts },
          item_user: message.user ?? 'UBOT',
          event_ts: this.eventTs(),
        };
        return this.event(event);
      }
      case 'edit': {
        const text = escapeLikeSlack(act.text);
        const before = this.slack.editAsUser(act.channel, act.ts, act.user, text);
        if (!before) return { error: 'only your own messages can be edited' };
        const edited = { type: 'message', user: act.user, text, ts: act.ts, edited: { user: act.user, ts: this.eventTs() } };
        return this.event({
          type: 'message',
          subtype: 'message_changed',
          channel: act.channel,
          hidden: true,
          message: edited,
          previous_message: { type: 'message', user: act.user, text: before.text, ts: act.ts },
          event_ts: this.eventTs(),
          ts: this.eventTs(),
        });
      }
      case 'delete': {
        const deleted = this.slack.deleteAsUser(act.channel, act.ts, act.user);
        if (!deleted) return { error: 'only your own messages can be deleted' };
        return this.event({
          type: 'message',
          subtype: 'message_deleted',
          channel: act.channel,
          hidden: true,
          deleted_ts: act.ts,
          previous_message: { type: 'message', user: act.user, text: deleted.text, ts: act.ts },
          event_ts: this.eventTs(),
          ts: this.eventTs(),
        });
      }
    }
  }

  /** `/incident …` typed in the composer: Slack's slash command request; the acknowledgement's text shows to that person only. */
  private async slashCommand(user: string, channel: string, typed: string): Promise<Record<string, unknown>> {
    const [command, ...rest] = typed.trim().split(/\s+/);
    if (command !== '/incident') {
      this.tell(user, channel, `${command} is not a command here. Try \`/incident help\`.`);
      return {};
    }
    const body = slashCommandBody({
      text: escapeLikeSlack(rest.join(' ')),
      user_id: user,
      channel_id: channel,
      response_url: this.responseUrl(user, channel),
      trigger_id: this.trigger(user),
      channel_name: this.slack.channels.get(channel)?.name ?? 'directmessage',
    });
    const answered = await this.deliver(body, 'application/x-www-form-urlencoded');
    const text = answered.body ? ackBody.safeParse(safeJson(answered.body)) : undefined;
    if (text?.success) this.tell(user, channel, text.data.text);
    else if (answered.status !== 200) this.tell(user, channel, `Hotwash answered ${answered.status}.`);
    return { status: answered.status };
  }

  /** A plain message: kept in the channel, and delivered to Hotwash as the `message` event Slack sends. */
  private post(user: string, channel: string, text: string): Promise<Record<string, unknown>> {
    // Stored and delivered as Slack would: & < > escaped, @U… mentions as tokens.
    text = escapeLikeSlack(text);
    const ts = this.slack.writeAsUser(channel, user, text);
    const type = this.slack.privateChannels.has(channel) ? 'group' : 'channel';
    return this.event({ type: 'message', channel, user, text, ts, channel_type: type, event_ts: ts });
  }

  private async event(event: Record<string, unknown>): Promise<Record<string, unknown>> {
    const answered = await this.deliver(eventCallbackBody(event, `Ev${Date.now()}${this.next()}`), 'application/json');
    return { status: answered.status };
  }

  /** Hotwash's replies through a response_url land here, addressed to the person who asked. */
  recordResponse(id: string, body: Record<string, unknown>): void {
    const [user, channel] = id.split('~');
    if (user && channel && typeof body.text === 'string') this.tell(user, channel, body.text);
  }

  private tell(user: string, channel: string, text: string): void {
    this.ephemeral.push({ user, channel, text, at: Date.now() });
    this.announce();
  }

  private responseUrl(user: string, channel: string): string {
    return this.slack.responseUrl(`${user}~${channel}~${this.next()}`);
  }

  private trigger(user: string): string {
    const id = `${Date.now()}.${this.next()}.sandbox`;
    this.triggers.set(id, user);
    return id;
  }

  /** A number not used before in this run, for ids. */
  private next(): number {
    this.sequence += 1;
    return this.sequence;
  }

  private eventTs(): string {
    return `${(Date.now() / 1000).toFixed(6)}`;
  }

  /** A shared file: the postmortem, rendered as Markdown, or its bytes with ?download. */
  private file(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const id = /^\/sandbox\/files\/([A-Z0-9]+)$/.exec(url.pathname)?.[1];
    const file = id ? this.slack.files.get(id) : undefined;
    if (!file || file.content === undefined) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('no such file\n');
      return;
    }
    if (url.searchParams.has('download')) {
      res.writeHead(200, {
        'Content-Type': 'text/markdown; charset=utf-8',
        'Content-Disposition': `attachment; filename="${file.filename.replace(/[^\w.-]/g, '_')}"`,
      });
      res.end(file.content);
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(this.markdown.render(file.content));
  }
}
