import { z } from 'zod';
import { defaultHourCycle, type HourCycle } from '../domain/format-time';
import { ConfigError } from '../errors';
import { LOG_LEVELS, type HotwashLogLevel } from '../observability/logger';
import { isTimeZone } from './time-zone';

// `.env` files and compose often carry `NAME=` for "unset": treat an empty value as absent.
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const withDefault = <T extends z.ZodType>(schema: T, fallback: z.input<T>) =>
  z.preprocess((value) => (value === '' || value === undefined ? fallback : value), schema);

/** A whole number within bounds; `kind` says what a value that is no number should have been. */
const wholeNumber = ({ kind, min, max, outOfRange }: { kind: string; min: number; max?: number; outOfRange?: string }) => {
  const atLeast = z.coerce
    .number({ error: `must be ${kind}` })
    .int({ error: 'must be a whole number' })
    .min(min, { error: outOfRange ?? (min === 0 ? 'must be 0 or more' : `must be at least ${min}`) });
  return max === undefined ? atLeast : atLeast.max(max, { error: outOfRange ?? `must be at most ${max}` });
};

export const configSchema = z
  .object({
    SLACK_BOT_TOKEN: z.string({ error: 'is required (the bot token, xoxb-…)' }).startsWith('xoxb-', { error: 'must be a bot token starting with xoxb-' }),
    // Socket Mode needs no signing secret: the connection itself is authenticated by the app token.
    SLACK_SIGNING_SECRET: optional(z.string()),
    SLACK_APP_TOKEN: optional(z.string().startsWith('xapp-', { error: 'must be an app-level token starting with xapp- (or unset for HTTP mode)' })),
    SLACK_API_URL: withDefault(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://slack.com/api/' }), 'https://slack.com/api/'),
    REDIS_URL: withDefault(z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }), 'redis://127.0.0.1:6379'),
    REDIS_PREFIX: withDefault(
      z.string().regex(/^[A-Za-z0-9_:-]{1,64}$/, {
        error: 'may hold only letters, digits, "_", ":" and "-" (at most 64)',
      }),
      'hotwash',
    ),
    PORT: withDefault(wholeNumber({ kind: 'a port number', min: 0, max: 65535, outOfRange: 'must be between 0 and 65535' }), 3000),
    INCIDENT_TIMEZONE: withDefault(z.string().refine(isTimeZone, { error: 'must be an IANA time zone such as UTC or Europe/Berlin' }), 'UTC'),
    ALERT_TOKEN: optional(z.string().min(16, { error: 'must be at least 16 characters (a random secret shared with the alert senders)' })),
    GITHUB_TOKEN: optional(z.string().min(1)),
    GITHUB_REPOSITORY: optional(z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, { error: 'must be owner/name, such as acme/payments' })),
    GITHUB_API_URL: withDefault(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://api.github.com' }), 'https://api.github.com'),
    JIRA_URL: optional(z.url({ protocol: /^https?$/, error: 'must be your Jira site, such as https://acme.atlassian.net' })),
    JIRA_EMAIL: optional(z.string().min(3)),
    JIRA_API_TOKEN: optional(z.string().min(1)),
    JIRA_PROJECT: optional(z.string().regex(/^[A-Z][A-Z0-9_]{1,9}$/, { error: 'must be a project key, such as OPS' })),
    TIME_FORMAT: optional(z.enum(['24h', '12h'], { error: 'must be 24h or 12h' })),
    POSTMORTEM_TEMPLATE: optional(z.string()),
    ESCALATION_POLICY: optional(z.string()),
    ANNOUNCE_CHANNEL: optional(z.string().regex(/^[CG][A-Z0-9]{2,}$/, { error: 'must be a channel ID such as C0123ABCD (not a #name)' })),
    REDIS_SENTINELS: optional(
      z.string().regex(/^[A-Za-z0-9_.-]+:\d{1,5}(,[A-Za-z0-9_.-]+:\d{1,5})*$/, { error: 'must list sentinels as host:port,host:port' }),
    ),
    REDIS_SENTINEL_NAME: withDefault(
      z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, { error: 'must be the name the sentinels monitor, such as mymaster' }),
      'mymaster',
    ),
    REDIS_SENTINEL_PASSWORD: optional(z.string()),
    REDIS_MIN_REPLICAS_ACK: withDefault(wholeNumber({ kind: 'a whole number', min: 0, max: 16 }), 0),
    REDIS_WAIT_TIMEOUT_MS: withDefault(wholeNumber({ kind: 'a number of milliseconds', min: 1, max: 10_000 }), 500),
    COMMAND_REPLAY_AFTER_MS: withDefault(wholeNumber({ kind: 'a number of milliseconds', min: 1_000 }), 15_000),
    OUTBOX_GRACE_MS: withDefault(wholeNumber({ kind: 'a number of milliseconds', min: 1_000 }), 30_000),
    LOG_LEVEL: withDefault(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }), 'info'),
  })
  .check((ctx) => {
    if (!ctx.value.SLACK_APP_TOKEN && !ctx.value.SLACK_SIGNING_SECRET) {
      ctx.issues.push({
        code: 'custom',
        input: ctx.value.SLACK_SIGNING_SECRET,
        path: ['SLACK_SIGNING_SECRET'],
        message: "is required in HTTP mode (Basic Information → Signing Secret in your Slack app's settings), or set SLACK_APP_TOKEN for Socket Mode",
      });
    }
  });

export type Config = {
  slackBotToken: string;
  /** Verifies requests in HTTP mode; unused in Socket Mode. */
  slackSigningSecret?: string;
  /** An app-level token (xapp-…): set, Hotwash connects over Socket Mode instead of serving /slack/events. */
  slackAppToken?: string;
  slackApiUrl: string;
  redisUrl: string;
  /** With Sentinel: the sentinels to ask for the primary (the URL still gives password and database). */
  redisSentinel?: { sentinels: { host: string; port: number }[]; name: string; password?: string };
  redisPrefix: string;
  /** Replicas that must hold a write before a person is told it is kept (WAIT); 0 waits for none. */
  redisMinReplicasAck: number;
  /** How long to wait for them before confirming on the primary alone. */
  redisWaitTimeoutMs: number;
  /** An acknowledged command not carried out this long after it came in was dropped by a crash: carry it out. */
  commandReplayAfterMs: number;
  /** How long the process that recorded a side effect has to deliver it before the recovery sweep takes over. */
  outboxGraceMs: number;
  port: number;
  timeZone: string;
  /** Where follow-up tasks become issues; unset: tasks stay in the postmortem only. */
  github?: { token: string; repository: string; apiUrl: string };
  /** Jira Cloud, the other place follow-ups can go (GitHub wins when both are set). */
  jira?: { url: string; email: string; apiToken: string; project: string };
  /** The secret alert senders present (Bearer token, or PagerDuty routing_key); unset: no alert intake. */
  alertToken?: string;
  /** The clock times are shown on: TIME_FORMAT, else the zone's common one (24h for UTC). */
  hourCycle: HourCycle;
  logLevel: HotwashLogLevel;
  announceChannel?: string;
  /** A Handlebars file replacing the default postmortem template. */
  postmortemTemplatePath?: string;
  /** A YAML escalation policy replacing the built-in default. */
  escalationPolicyPath?: string;
};

/** Reads the configuration from environment variables; a bad value throws one line naming it. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
    throw new ConfigError(`Configuration error: ${problems.join('; ')}`);
  }
  const v = parsed.data;
  return {
    slackBotToken: v.SLACK_BOT_TOKEN,
    slackSigningSecret: v.SLACK_SIGNING_SECRET,
    slackAppToken: v.SLACK_APP_TOKEN,
    slackApiUrl: v.SLACK_API_URL,
    redisUrl: v.REDIS_URL,
    ...(v.REDIS_SENTINELS
      ? {
          redisSentinel: {
            sentinels: v.REDIS_SENTINELS.split(',').map((address) => {
              const [host, port] = address.split(':');
              return { host: host!, port: Number(port) };
            }),
            name: v.REDIS_SENTINEL_NAME,
            ...(v.REDIS_SENTINEL_PASSWORD ? { password: v.REDIS_SENTINEL_PASSWORD } : {}),
          },
        }
      : {}),
    redisPrefix: v.REDIS_PREFIX,
    redisMinReplicasAck: v.REDIS_MIN_REPLICAS_ACK,
    redisWaitTimeoutMs: v.REDIS_WAIT_TIMEOUT_MS,
    commandReplayAfterMs: v.COMMAND_REPLAY_AFTER_MS,
    outboxGraceMs: v.OUTBOX_GRACE_MS,
    port: v.PORT,
    timeZone: v.INCIDENT_TIMEZONE,
    hourCycle: v.TIME_FORMAT ?? defaultHourCycle(v.INCIDENT_TIMEZONE),
    ...(v.ALERT_TOKEN ? { alertToken: v.ALERT_TOKEN } : {}),
    ...(v.JIRA_URL && v.JIRA_EMAIL && v.JIRA_API_TOKEN && v.JIRA_PROJECT
      ? { jira: { url: v.JIRA_URL, email: v.JIRA_EMAIL, apiToken: v.JIRA_API_TOKEN, project: v.JIRA_PROJECT } }
      : {}),
    ...(v.GITHUB_TOKEN && v.GITHUB_REPOSITORY ? { github: { token: v.GITHUB_TOKEN, repository: v.GITHUB_REPOSITORY, apiUrl: v.GITHUB_API_URL } } : {}),
    logLevel: v.LOG_LEVEL,
    announceChannel: v.ANNOUNCE_CHANNEL,
    postmortemTemplatePath: v.POSTMORTEM_TEMPLATE,
    escalationPolicyPath: v.ESCALATION_POLICY,
  };
}
