import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogLevel, type Logger } from '@slack/bolt';
import { Redis } from 'ioredis';
import type { Config } from '../../src/config/environment';
import { startHotwash, type Hotwash } from '../../src/main';
import { FakeSlack } from './fake-slack';
import { deleteKeysUnder, keysUnder, testRedisUrl, uniquePrefix } from './redis';
import { escapeLikeSlack, signedHeaders, slashCommandBody } from './slack-request';

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
  announceChannel?: string;
  clock?: () => Date;
  redisUrl?: string;
  postmortemTemplatePath?: string;
  /** An escalation policy as YAML text; written to a file for ESCALATION_POLICY. */
  escalationPolicy?: string;
  /** Share a fake Slack and a key prefix with another TestApp: two replicas of one deployment. */
  slack?: FakeSlack;
  redisPrefix?: string;
}

/** Keeps what the app logs, so tests can assert on it and the output stays readable. */
export class RecordingLogger implements Logger {
  readonly entries: { level: LogLevel; message: string }[] = [];
  private level = LogLevel.DEBUG;
  private record(level: LogLevel, parts: unknown[]) {
    this.entries.push({ level, message: parts.map((p) => (p instanceof Error ? `${p.name}: ${p.message}` : String(p))).join(' ') });
  }
  debug = (...parts: unknown[]) => this.record(LogLevel.DEBUG, parts);
  info = (...parts: unknown[]) => this.record(LogLevel.INFO, parts);
  warn = (...parts: unknown[]) => this.record(LogLevel.WARN, parts);
  error = (...parts: unknown[]) => this.record(LogLevel.ERROR, parts);
  setLevel = (level: LogLevel) => {
    this.level = level;
  };
  getLevel = () => this.level;
  setName = () => undefined;
  errors(): string[] {
    return this.entries.filter((e) => e.level === LogLevel.ERROR).map((e) => e.message);
  }
}

/** The real app on a free port, with Slack faked at the wire and Redis real, under a fresh prefix. */
export class TestApp {
  readonly redis: Redis;
  readonly logger = new RecordingLogger();
  private hotwash?: Hotwash;

  private constructor(
    readonly slack: FakeSlack,
    readonly config: Config,
    private readonly options: TestAppOptions,
  ) {
    this.redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1 });
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
      slackSigningSecret: SIGNING_SECRET,
      slackApiUrl: slack.apiUrl,
      redisUrl: options.redisUrl ?? testRedisUrl(),
      redisPrefix: options.redisPrefix ?? uniquePrefix(),
      port: 0,
      timeZone: options.timeZone ?? 'UTC',
      announceChannel: options.announceChannel,
      postmortemTemplatePath: options.postmortemTemplatePath,
      escalationPolicyPath,
    };
    const app = new TestApp(slack, config, options);
    await app.startHotwash();
    return app;
  }

  async startHotwash(): Promise<void> {
    this.hotwash = await startHotwash(this.config, { clock: this.options.clock, logger: this.logger });
  }

  async stopHotwash(): Promise<void> {
    await this.hotwash?.stop();
    this.hotwash = undefined;
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

  /** Runs a command and waits for Hotwash's reply through response_url. */
  async commandReply(typed: string, who: { user?: string; channel?: string } = {}): Promise<string> {
    const result = await this.command(typed, who);
    if (typeof result.ack === 'object' && typeof result.ack.text === 'string') return result.ack.text;
    const [reply] = await this.slack.waitFor(() => {
      const replies = this.slack.responsesTo(result.responseId);
      return replies.length > 0 ? replies : undefined;
    }, `a reply to "/incident ${typed}"`);
    return String(reply!.text);
  }

  /**
   * Runs a command in an incident channel and waits for its outcome: a post in the channel
   * when it worked, else a reply. Returns the reply, or undefined when there was none.
   */
  async commandInChannel(typed: string, channel: string, user = 'UALICE'): Promise<string | undefined> {
    const before = this.slack.messagesIn(channel).length;
    const result = await this.command(typed, { user, channel });
    if (typeof result.ack === 'object' && typeof result.ack.text === 'string') return result.ack.text;
    await this.slack.waitFor(
      () => this.slack.messagesIn(channel).length > before || this.slack.responsesTo(result.responseId).length > 0,
      `the outcome of "/incident ${typed}"`,
    );
    const reply = this.slack.responsesTo(result.responseId)[0];
    return reply ? String(reply.text) : undefined;
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
    return (await this.keys()).filter((key) => !/:escalation:(meta|stalled-check|events|marker)$/.test(key));
  }

  /**
   * Everything stored under this app's prefix, to prove a command stored nothing: incidents and
   * timers alike. BullMQ's event stream and worker heartbeat are left out: they record that the
   * worker is alive, not what Hotwash keeps.
   */
  async snapshot(): Promise<Record<string, unknown>> {
    const dump: Record<string, unknown> = {};
    for (const key of await this.keys()) {
      if (key.endsWith(':escalation:events') || key.endsWith(':escalation:stalled-check')) continue;
      const type = await this.redis.type(key);
      dump[key] =
        type === 'hash' ? await this.redis.hgetall(key)
        : type === 'set' ? (await this.redis.smembers(key)).sort()
        : type === 'zset' ? await this.redis.zrange(key, '0', '-1', 'WITHSCORES')
        : type === 'list' ? await this.redis.lrange(key, 0, -1)
        : type === 'string' ? await this.redis.get(key)
        : type;
    }
    return dump;
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
    await this.stopHotwash();
    await deleteKeysUnder(this.redis, this.config.redisPrefix).catch(() => undefined);
    this.redis.disconnect();
    if (!this.options.slack) await this.slack.stop();
  }
}
