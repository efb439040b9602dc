import pino, { type DestinationStream, type Logger as Pino, type LevelWithSilent } from 'pino';
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';

export type { Pino as Logger };

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const satisfies readonly LevelWithSilent[];
export type HotwashLogLevel = (typeof LOG_LEVELS)[number];

// Slack tokens have well-known shapes (xoxb-, xoxp-, xapp-…): whatever logs them, they never reach the output.
const SLACK_TOKEN = /\bx(?:ox[abeoprs]|app)-[A-Za-z0-9-]+/g;
// A response_url lets whoever holds it post into the channel for half an hour: a credential too.
const RESPONSE_URL = /https:\/\/hooks\.slack\.com\/(?:commands|actions|app)\/[A-Za-z0-9/_-]+/g;

/** Fields that may carry credentials, wherever a library or our own code puts them. */
const REDACTED_PATHS = [
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  '*.headers.authorization',
  '*.headers.Authorization',
  'signingSecret',
  '*.signingSecret',
  'slackBotToken',
  'slackAppToken',
  'slackSigningSecret',
  '*.slackBotToken',
  '*.slackAppToken',
  '*.slackSigningSecret',
  '*.redisSentinel.password',
];

/** A credential that is set is shown as [redacted]; one that is not set stays absent, not "[redacted]". */
const censor = (value: unknown): unknown => (value === undefined ? undefined : '[redacted]');

export interface LoggerOptions {
  level: HotwashLogLevel;
  /** Values that must never be printed, however they reach a log line (the signing secret). */
  secrets?: readonly string[];
  /** Where lines go; standard output when unset. Tests pass a stream they can read. */
  destination?: DestinationStream;
}

/** Replaces every Slack token, response_url and configured secret in a piece of text. */
export function scrubSecrets(text: string, secrets: readonly string[] = []): string {
  let scrubbed = text.replace(SLACK_TOKEN, '[redacted]').replace(RESPONSE_URL, 'https://hooks.slack.com/[redacted]');
  for (const secret of secrets) if (secret.length >= 6) scrubbed = scrubbed.split(secret).join('[redacted]');
  return scrubbed;
}

/**
 * Hotwash's structured JSON logger. Credential fields are redacted by path, and every string
 * that is written is scrubbed of token-shaped text and of the configured secrets, so a library
 * that logs a request at debug level cannot leak them either.
 */
export function createLogger({ level, secrets = [], destination }: LoggerOptions): Pino {
  return pino(
    {
      level,
      base: { service: 'hotwash' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor },
      formatters: { level: (label) => ({ level: label }) },
      hooks: {
        streamWrite: (line) => scrubSecrets(line, secrets),
      },
    },
    destination,
  );
}

/** Bolt, its receivers and Slack's Web API client log through this, into the same JSON stream. */
export function boltLogger(logger: Pino, name = 'bolt'): BoltLogger {
  let child = logger.child({ component: name });
  const write =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...parts: unknown[]) => {
      // Slack's client logs every request at debug level: skip building lines nobody will see.
      if (!logger.isLevelEnabled(level)) return;
      const error = parts.find((part): part is Error => part instanceof Error);
      const message = parts
        .filter((part) => part !== error)
        .map((part) => (typeof part === 'string' ? part : JSON.stringify(part)))
        .join(' ');
      if (error) child[level]({ err: error }, message);
      else child[level](message);
    };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    // The level is LOG_LEVEL's to set, not Bolt's: Bolt calls setLevel with its own default.
    setLevel: () => undefined,
    getLevel: () => {
      const level = logger.level;
      return level === 'debug' || level === 'trace' ? LogLevel.DEBUG : level === 'info' ? LogLevel.INFO : level === 'warn' ? LogLevel.WARN : LogLevel.ERROR;
    },
    setName: (next: string) => {
      child = logger.child({ component: next });
    },
  };
}
