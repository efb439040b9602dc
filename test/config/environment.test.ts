import { loadConfig } from '../../src/config/environment';
import { ConfigError } from '../../src/errors';

const required = { SLACK_BOT_TOKEN: 'xoxb-1-2', SLACK_SIGNING_SECRET: 'secret' };

describe('loadConfig', () => {
  test('defaults', () => {
    expect(loadConfig(required)).toEqual({
      slackBotToken: 'xoxb-1-2',
      slackSigningSecret: 'secret',
      slackApiUrl: 'https://slack.com/api/',
      redisUrl: 'redis://127.0.0.1:6379',
      redisPrefix: 'hotwash',
      redisMinReplicasAck: 0,
      redisWaitTimeoutMs: 500,
      commandReplayAfterMs: 15_000,
      outboxGraceMs: 30_000,
      port: 3000,
      timeZone: 'UTC',
      hourCycle: '24h',
      logLevel: 'info',
      announceChannel: undefined,
    });
  });

  test("TIME_FORMAT: set, else the zone's common clock (24 hours for UTC and Berlin, 12 for New York)", () => {
    expect(loadConfig({ ...required, TIME_FORMAT: '12h' }).hourCycle).toBe('12h');
    expect(loadConfig({ ...required, INCIDENT_TIMEZONE: 'Europe/Berlin' }).hourCycle).toBe('24h');
    expect(loadConfig({ ...required, INCIDENT_TIMEZONE: 'America/New_York' }).hourCycle).toBe('12h');
    expect(loadConfig({ ...required, INCIDENT_TIMEZONE: 'America/New_York', TIME_FORMAT: '24h' }).hourCycle).toBe('24h');
    expect(() => loadConfig({ ...required, TIME_FORMAT: 'ampm' })).toThrow('TIME_FORMAT must be 24h or 12h');
  });

  test("REDIS_SENTINELS selects Sentinel, with the primary's name and the sentinels' password", () => {
    expect(loadConfig({ ...required, REDIS_SENTINELS: 'sentinel-1:26379,10.0.0.2:26380', REDIS_SENTINEL_PASSWORD: 's3cret' }).redisSentinel).toEqual({
      sentinels: [
        { host: 'sentinel-1', port: 26379 },
        { host: '10.0.0.2', port: 26380 },
      ],
      name: 'mymaster',
      password: 's3cret',
    });
    expect(() => loadConfig({ ...required, REDIS_SENTINELS: 'sentinel-1' })).toThrow('REDIS_SENTINELS must list sentinels as host:port,host:port');
    expect(() => loadConfig({ ...required, REDIS_MIN_REPLICAS_ACK: '-1' })).toThrow('REDIS_MIN_REPLICAS_ACK must be 0 or more');
  });

  test('an app token selects Socket Mode, where no signing secret is needed', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1-2', SLACK_APP_TOKEN: 'xapp-1-A-2' })).toMatchObject({
      slackAppToken: 'xapp-1-A-2',
      slackSigningSecret: undefined,
    });
  });

  test('every variable is read', () => {
    const config = loadConfig({
      ...required,
      SLACK_API_URL: 'http://127.0.0.1:9999/api/',
      REDIS_URL: 'redis://redis:6379/2',
      REDIS_PREFIX: 'hw-staging',
      PORT: '8080',
      INCIDENT_TIMEZONE: 'Europe/Berlin',
      ANNOUNCE_CHANNEL: 'C0123ABCD',
      LOG_LEVEL: 'debug',
    });
    expect(config).toMatchObject({
      logLevel: 'debug',
      slackApiUrl: 'http://127.0.0.1:9999/api/',
      redisUrl: 'redis://redis:6379/2',
      redisPrefix: 'hw-staging',
      port: 8080,
      timeZone: 'Europe/Berlin',
      announceChannel: 'C0123ABCD',
    });
  });

  test('empty values mean unset', () => {
    expect(loadConfig({ ...required, ANNOUNCE_CHANNEL: '', PORT: '' })).toMatchObject({ announceChannel: undefined, port: 3000 });
  });

  test.each([
    [{ SLACK_SIGNING_SECRET: 'x' }, /^Configuration error: SLACK_BOT_TOKEN is required/],
    [{ ...required, SLACK_BOT_TOKEN: 'xoxp-user' }, /SLACK_BOT_TOKEN must be a bot token starting with xoxb-/],
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, /SLACK_SIGNING_SECRET is required in HTTP mode .*or set SLACK_APP_TOKEN for Socket Mode/],
    [{ ...required, SLACK_APP_TOKEN: 'xoxb-not-an-app-token' }, /SLACK_APP_TOKEN must be an app-level token starting with xapp-/],
    [{ ...required, LOG_LEVEL: 'verbose' }, /LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/],
    [{ ...required, PORT: 'eighty' }, /PORT must be a port number/],
    [{ ...required, PORT: '70000' }, /PORT must be between 0 and 65535/],
    [{ ...required, REDIS_URL: 'http://redis' }, /REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/],
    [{ ...required, INCIDENT_TIMEZONE: 'Mars/Olympus' }, /INCIDENT_TIMEZONE must be an IANA time zone/],
    [{ ...required, ANNOUNCE_CHANNEL: '#incidents' }, /ANNOUNCE_CHANNEL must be a channel ID/],
    [{ ...required, REDIS_PREFIX: 'has space' }, /REDIS_PREFIX may hold only/],
    [{ ...required, SLACK_API_URL: 'not a url' }, /SLACK_API_URL must be an http\(s\) URL/],
  ])('%j is refused in one line', (env, message) => {
    let error: unknown;
    try {
      loadConfig(env as NodeJS.ProcessEnv);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });
});
