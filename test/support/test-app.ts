import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { Config } from '../../src/config/environment';
import { defaultHourCycle, type HourCycle } from '../../src/domain/format-time';
import { startHotwash, type Hotwash, type StartOptions } from '../../src/main';
import { createLogger, type HotwashLogLevel, type Logger } from '../../src/observability/logger';
import { FakeSlack } from './fake-slack';
import { deleteKeysUnder, keysUnder, testRedisUrl, uniquePrefix } from './redis';
import {
  blockActionsPayload,
  escapeLikeSlack,
  eventCallbackBody,
  interactionBody,
  signedHeaders,
  slashCommandBody,
  viewSubmissionPayload,
  type ButtonClick,
} from './slack-request';

export const SIGNING_SECRET = 'test-signing-secret';

export interface CommandResult {
  status: number;
  /** The acknowledgement's body, parsed when it is JSON. */
  ack: Record<string, unknown> | string;
  /** The response_url id of this invocation, to find what Hotwash answered later. */
  responseId: string;
}

export interface TestAppOptions {
  timeZone?: string;
  /** TIME_FORMAT; the zone's common clock when unset. */
  hourCycle?: HourCycle;
  announceChannel?: string;
  clock?: () => Date;
  redisUrl?: string;
  postmortemTemplatePath?: string;
  /** An escalation policy as YAML text; written to a file for ESCALATION_POLICY. */
  escalationPolicy?: string;
  /** Share a fake Slack and a key prefix with another TestApp: two replicas of one deployment. */
  slack?: FakeSlack;
  redisPrefix?: string;
  /** Connect over Socket Mode (an app token, no signing secret) instead of serving /slack/events. */
  socketMode?: boolean;
  /** How long shutdown waits for acknowledged work. */
  drainMs?: number;
  /** Recovery timing (outbox grace, replay, sweeps, retry delays), shortened by tests that wait for it. */
  recovery?: Pick<StartOptions, 'outboxGraceMs' | 'replayAfterMs' | 'recoverySweepMs' | 'deliveryRetryBaseMs' | 'escalationSweepMs'>;
  /** Redis through Sentinel instead of redisUrl. */
  redisSentinel?: Config['redisSentinel'];
  /** JIRA_*: tasks become issues in this fake Jira. */
  jira?: { url: string; email: string; apiToken: string; project: string };
  /** GITHUB_*: tasks become issues in this fake GitHub. */
  github?: { url: string; token: string; repository: string };
  /** ALERT_TOKEN: enables alert intake. */
  alertToken?: string;
  /** Replicas a write must reach before it is confirmed (REDIS_MIN_REPLICAS_ACK). */
  redisMinReplicasAck?: number;
}

/** One JSON line the app logged, parsed. */
export interface LogLine {
  level: string;
  msg: string;
  err?: { type: string; message: string };
  [field: string]: unknown;
}

/**
 * The app's real logger (pino, with its redaction and scrubbing) writing into memory, so tests
 * can read the JSON lines it writes and the test output stays readable.
 */
export class RecordingLogger {
  readonly raw: string[] = [];
  readonly logger: Logger;

  constructor(level: HotwashLogLevel = 'debug', secrets: string[] = []) {
    this.logger = createLogger({ level, secrets, destination: { write: (line: string) => void this.raw.push(line) } });
  }

  get lines(): LogLine[] {
    return this.raw.map((line) => JSON.parse(line) as LogLine);
  }

  /** Error lines as "message Type: error message". */
  errors(): string[] {
    return this.lines.filter((l) => l.level === 'error').map((l) => (l.err ? `${l.msg} ${l.err.type}: ${l.err.message}` : l.msg));
  }
}

/** The real app on a free port, with Slack faked at the wire and Redis real, under a fresh prefix. */
export class TestApp {
  readonly redis: Redis;
  readonly logger = new RecordingLogger('debug', [SIGNING_SECRET, 'xoxb-test-token']);
  private hotwash?: Hotwash;

  private constructor(
    readonly slack: FakeSlack,
    readonly config: Config,
    private readonly options: TestAppOptions,
  ) {
    // The test's own view of Redis follows a failover the way the app does.
    this.redis = config.redisSentinel
      ? new Redis({
          sentinels: config.redisSentinel.sentinels,
          name: config.redisSentinel.name,
          maxRetriesPerRequest: 5,
          reconnectOnError: (error) => (error.message.startsWith('READONLY') ? 2 : false),
        })
      : new Redis(config.redisUrl, { maxRetriesPerRequest: 1, disconnectTimeout: 100 });
    // A failover makes the test's own connection drop and reconnect too; that is expected.
    this.redis.on('error', () => undefined);
  }

  static async start(options: TestAppOptions = {}): Promise<TestApp> {
    const slack = options.slack ?? (await new FakeSlack().start());
    let escalationPolicyPath: string | undefined;
    if (options.escalationPolicy !== undefined) {
      escalationPolicyPath = join(mkdtempSync(join(tmpdir(), 'hotwash-policy-')), 'policy.yaml');
      writeFileSync(escalationPolicyPath, options.escalationPolicy);
    }
    const config: Config = {
      slackBotToken: 'xoxb-test-token',
      slackSigningSecret: options.socketMode ? undefined : SIGNING_SECRET,
      slackAppToken: options.socketMode ? 'xapp-1-A0TEST-test-app-token' : undefined,
      slackApiUrl: slack.apiUrl,
      redisUrl: options.redisUrl ?? testRedisUrl(),
      redisPrefix: options.redisPrefix ?? uniquePrefix(),
      ...(options.redisSentinel ? { redisSentinel: options.redisSentinel } : {}),
      redisMinReplicasAck: options.redisMinReplicasAck ?? 0,
      redisWaitTimeoutMs: 500,
      commandReplayAfterMs: 15_000,
      outboxGraceMs: 30_000,
      port: 0,
      timeZone: options.timeZone ?? 'UTC',
      hourCycle: options.hourCycle ?? defaultHourCycle(options.timeZone ?? 'UTC'),
      logLevel: 'debug',
      announceChannel: options.announceChannel,
      ...(options.alertToken ? { alertToken: options.alertToken } : {}),
      ...(options.jira ? { jira: options.jira } : {}),
      ...(options.github ? { github: { token: options.github.token, repository: options.github.repository, apiUrl: options.github.url } } : {}),
      postmortemTemplatePath: options.postmortemTemplatePath,
      escalationPolicyPath,
    };
    const app = new TestApp(slack, config, options);
    await app.startHotwash();
    return app;
  }

  async startHotwash(): Promise<void> {
    this.hotwash = await startHotwash(this.config, {
      clock: this.options.clock,
      logger: this.logger.logger,
      drainMs: this.options.drainMs,
      // Slack's client retries server errors; tests that fail calls on purpose need not wait 300 ms each.
      slackRetryMs: 20,
      ...this.options.recovery,
    });
  }

  async stopHotwash(): Promise<void> {
    await this.hotwash?.stop();
    this.hotwash = undefined;
  }

  /** Waits until every request sent so far is wholly handled: what it would have done is done. */
  async settled(): Promise<void> {
    if (!this.hotwash) throw new Error('Hotwash is not running');
    if (!(await this.hotwash.settled(10_000))) throw new Error('requests still running after 10 s');
  }

  get url(): string {
    if (!this.hotwash) throw new Error('Hotwash is not running');
    return `http://127.0.0.1:${this.hotwash.port}`;
  }

  /** POSTs `/incident <typed>` exactly as Slack would; `typed` is escaped the way Slack escapes it. */
  async command(typed: string, { user = 'UALICE', channel = 'CGENERAL' }: { user?: string; channel?: string } = {}): Promise<CommandResult> {
    const responseId = randomBytes(6).toString('hex');
    const body = slashCommandBody({
      text: escapeLikeSlack(typed),
      user_id: user,
      channel_id: channel,
      response_url: this.slack.responseUrl(responseId),
    });
    const res = await fetch(`${this.url}/slack/events`, {
      method: 'POST',
      headers: signedHeaders(SIGNING_SECRET, body, 'application/x-www-form-urlencoded'),
      body,
    });
    const text = await res.text();
    let ack: CommandResult['ack'] = text;
    try {
      ack = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // an empty acknowledgement is not JSON
    }
    return { status: res.status, ack, responseId };
  }

  /** Sends `/incident <typed>` over Socket Mode; resolves with the acknowledgement's payload. */
  async commandOverSocket(typed: string, { user = 'UALICE', channel = 'CGENERAL' }: { user?: string; channel?: string } = {}) {
    const responseId = randomBytes(6).toString('hex');
    const payload = Object.fromEntries(
      new URLSearchParams(
        slashCommandBody({ text: escapeLikeSlack(typed), user_id: user, channel_id: channel, response_url: this.slack.responseUrl(responseId) }),
      ),
    );
    return { ack: await this.slack.sendOverSocket('slash_commands', payload), responseId };
  }

  /** GET /metrics, parsed into "name{labels}" → value. */
  async metrics(): Promise<Map<string, number>> {
    const text = await (await fetch(`${this.url}/metrics`)).text();
    const values = new Map<string, number>();
    for (const line of text.split('\n')) {
      const match = /^([a-z_:]+(?:\{[^}]*\})?) (\S+)$/.exec(line);
      if (match) values.set(match[1]!, Number(match[2]));
    }
    return values;
  }

  /** POSTs a signed request to /slack/events; returns the status and the body (parsed when JSON). */
  async post(
    body: string,
    contentType: string,
    extraHeaders: Record<string, string> = {},
  ): Promise<{ status: number; body: Record<string, unknown> | string }> {
    const res = await fetch(`${this.url}/slack/events`, {
      method: 'POST',
      headers: { ...signedHeaders(SIGNING_SECRET, body, contentType), ...extraHeaders },
      body,
    });
    const text = await res.text();
    try {
      return { status: res.status, body: JSON.parse(text) as Record<string, unknown> };
    } catch {
      return { status: res.status, body: text };
    }
  }

  /** Clicks a button (or picks an option) on a message, as Slack reports it; returns the response_url id. */
  async click(click: Omit<ButtonClick, 'responseUrl'>): Promise<{ status: number; responseId: string }> {
    const responseId = randomBytes(6).toString('hex');
    const payload = blockActionsPayload({ ...click, responseUrl: this.slack.responseUrl(responseId) });
    const { status } = await this.post(interactionBody(payload), 'application/x-www-form-urlencoded');
    return { status, responseId };
  }

  /** Submits the modal the app opened last, with `fields` filled in (by block ID); returns Hotwash's answer. */
  async submitView(fields: Record<string, string | undefined>, user = 'UALICE', view = this.slack.lastView()) {
    return this.post(interactionBody(viewSubmissionPayload(view, user, fields)), 'application/x-www-form-urlencoded');
  }

  /** Delivers an Events API event; `retryNum` marks it as Slack's redelivery. */
  async sendEvent(event: Record<string, unknown>, eventId = `Ev${randomBytes(5).toString('hex').toUpperCase()}`, retryNum?: number) {
    const headers: Record<string, string> = retryNum ? { 'X-Slack-Retry-Num': String(retryNum), 'X-Slack-Retry-Reason': 'http_timeout' } : {};
    return this.post(eventCallbackBody(event, eventId), 'application/json', headers);
  }

  /** Waits for the replies sent to a response_url id. */
  async repliesTo(responseId: string, count = 1): Promise<string[]> {
    const replies = await this.slack.waitFor(() => {
      const found = this.slack.responsesTo(responseId);
      return found.length >= count ? found : undefined;
    }, `${count} reply(ies) to ${responseId}`);
    return replies.map((reply) => String(reply.text));
  }

  /** Runs a command and waits for Hotwash's reply: in the acknowledgement, or through response_url. */
  async commandReply(typed: string, who: { user?: string; channel?: string } = {}): Promise<string> {
    const result = await this.commandToTheEnd(typed, who);
    if (typeof result.ack === 'object' && typeof result.ack.text === 'string') return result.ack.text;
    const [reply] = await this.repliesTo(result.responseId);
    return reply!;
  }

  /**
   * Runs a command in an incident channel and waits for its outcome: a post in the channel
   * when it worked, else a reply. Returns the reply, or undefined when there was none.
   */
  async commandInChannel(typed: string, channel: string, user = 'UALICE'): Promise<string | undefined> {
    const result = await this.commandToTheEnd(typed, { user, channel });
    if (typeof result.ack === 'object' && typeof result.ack.text === 'string') return result.ack.text;
    const reply = this.slack.responsesTo(result.responseId)[0];
    return reply ? String(reply.text) : undefined;
  }

  /**
   * Runs a command and waits for the log line the app writes once it is handled (its posts, the
   * topic, the reply and the metrics are done by then), and then for the background lane, where
   * the summary is rewritten. A first post or the reply is not enough: the topic and the log line
   * follow them, the summary follows the log line.
   */
  private async commandToTheEnd(typed: string, { user = 'UALICE', channel = 'CGENERAL' }: { user?: string; channel?: string }): Promise<CommandResult> {
    // Commands sent before (without waiting) finish first: their log lines must not count as this one's.
    await this.settled();
    const finishedBefore = this.commandsFinished(channel, user);
    const result = await this.command(typed, { user, channel });
    await this.slack.waitFor(() => this.commandsFinished(channel, user) > finishedBefore, `the end of "/incident ${typed}"`);
    await this.settled();
    return result;
  }

  /** How many commands by `user` in `channel` the app has finished, by its one log line per command. */
  private commandsFinished(channel: string, user: string): number {
    return this.logger.lines.filter((l) => l.component === 'commands' && l.channel === channel && l.user === user).length;
  }

  /** Declares an incident and returns its channel id. */
  async declare(typed: string, who: { user?: string } = {}): Promise<string> {
    const reply = await this.commandReply(`start ${typed}`, who);
    const channel = /<#(C[A-Z0-9]+)>/.exec(reply)?.[1];
    if (!channel) throw new Error(`No channel in the reply to start: ${reply}`);
    return channel;
  }

  keys(): Promise<string[]> {
    return keysUnder(this.redis, this.config.redisPrefix);
  }

  /** Keys that hold Hotwash's data: all of them but the queue's own bookkeeping, which exists once the worker runs. */
  async dataKeys(): Promise<string[]> {
    return (await this.keys()).filter((key) => !/:(escalation|delivery):(meta|stalled-check|events|marker)$/.test(key));
  }

  /**
   * Everything stored under this app's prefix, to prove a command stored nothing: incidents and
   * timers alike. BullMQ's event stream and worker heartbeat are left out: they record that the
   * worker is alive, not what Hotwash keeps.
   */
  async snapshot(): Promise<Record<string, unknown>> {
    const dump: Record<string, unknown> = {};
    for (const key of await this.keys()) {
      if (/:(escalation|delivery):(events|stalled-check)$/.test(key)) continue;
      const type = await this.redis.type(key);
      dump[key] =
        type === 'hash'
          ? await this.redis.hgetall(key)
          : type === 'set'
            ? (await this.redis.smembers(key)).sort()
            : type === 'zset'
              ? await this.redis.zrange(key, '0', '-1', 'WITHSCORES')
              : type === 'list'
                ? await this.redis.lrange(key, 0, -1)
                : type === 'string'
                  ? await this.redis.get(key)
                  : type;
    }
    return dump;
  }

  /** Ids of the escalation timers not yet run (waiting, delayed or running), such as `page-1-1-2`. */
  async pendingTimers(): Promise<string[]> {
    const q = `${this.config.redisPrefix}:escalation`;
    const [delayed, prioritized, wait, active] = await Promise.all([
      this.redis.zrange(`${q}:delayed`, '0', '-1'),
      this.redis.zrange(`${q}:prioritized`, '0', '-1'),
      this.redis.lrange(`${q}:wait`, 0, -1),
      this.redis.lrange(`${q}:active`, 0, -1),
    ]);
    return [...delayed, ...prioritized, ...wait, ...active].sort();
  }

  /** The stored incident record and timeline of a channel, parsed from Redis directly. */
  async stored(channel: string): Promise<{ incident: Record<string, unknown>; timeline: Record<string, unknown>[] }> {
    const p = this.config.redisPrefix;
    const id = await this.redis.get(`${p}:channel:${channel}`);
    if (!id) throw new Error(`No incident stored for ${channel}`);
    const incident = JSON.parse((await this.redis.hget(`${p}:incident:${id}`, 'data'))!) as Record<string, unknown>;
    const timeline = Object.values(await this.redis.hgetall(`${p}:incident:${id}:timeline`))
      .map((json) => JSON.parse(json) as Record<string, unknown>)
      .sort((a, b) => String(a.at).localeCompare(String(b.at)) || Number(a.seq) - Number(b.seq));
    return { incident, timeline };
  }

  async stop(): Promise<void> {
    try {
      await this.stopHotwash();
    } finally {
      // Whatever stop() did, nothing of this test may outlive it: jest runs in band on small machines.
      await deleteKeysUnder(this.redis, this.config.redisPrefix).catch(() => undefined);
      this.redis.disconnect();
      if (!this.options.slack) await this.slack.stop();
    }
  }
}
