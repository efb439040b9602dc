import { LogLevel } from '@slack/bolt';
import { boltLogger, createLogger, scrubSecrets } from '../../src/observability/logger';

function recorder(level: 'debug' | 'info' = 'debug', secrets: string[] = []) {
  const raw: string[] = [];
  const logger = createLogger({ level, secrets, destination: { write: (line: string) => void raw.push(line) } });
  return { logger, raw, lines: () => raw.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('scrubSecrets', () => {
  test('Slack tokens of every kind and the configured secrets are replaced', () => {
    expect(scrubSecrets('Bearer xoxb-123-456-abc and xapp-1-A0-99-ff and xoxp-9-9', ['s3cr3t-value'])).toBe('Bearer [redacted] and [redacted] and [redacted]');
    expect(scrubSecrets('signing with s3cr3t-value now', ['s3cr3t-value'])).toBe('signing with [redacted] now');
  });

  test('response_urls, which let their holder post for half an hour, are scrubbed too', () => {
    expect(scrubSecrets('{"response_url":"https://hooks.slack.com/commands/T0/123/abcDEF"}')).toBe('{"response_url":"https://hooks.slack.com/[redacted]"}');
  });

  test('ordinary text is left alone, and very short "secrets" are not used to mangle it', () => {
    expect(scrubSecrets('xoxo, the incident is over', ['a'])).toBe('xoxo, the incident is over');
  });
});

describe('createLogger', () => {
  test('writes JSON lines with level names, time and the service', () => {
    const { logger, lines } = recorder();
    logger.info({ incident: '7' }, 'hello');
    expect(lines()).toEqual([expect.objectContaining({ level: 'info', service: 'hotwash', incident: '7', msg: 'hello', time: expect.any(String) })]);
  });

  test('credential fields are redacted and secret text is scrubbed, wherever it appears', () => {
    const { logger, raw } = recorder('debug', ['the-signing-secret']);
    logger.info({ config: { slackBotToken: 'xoxb-1-2-3', slackSigningSecret: 'the-signing-secret' } }, 'starting');
    logger.debug({ headers: { authorization: 'Bearer xoxb-1-2-3' } }, 'request');
    logger.warn('a library printed xoxb-1-2-3 and the-signing-secret in a message');
    const output = raw.join('');
    expect(output).not.toContain('xoxb-1-2-3');
    expect(output).not.toContain('the-signing-secret');
    expect(output.match(/\[redacted\]/g)).toHaveLength(5);
  });

  test('a credential that is not set is not shown as [redacted]', () => {
    const { logger, lines } = recorder('info');
    logger.info({ config: { slackBotToken: 'xoxb-1-2-3', slackAppToken: undefined, redisSentinel: { password: 'sentinel-pw' } } }, 'starting');
    const [line] = lines();
    expect(line!.config).toEqual({ slackBotToken: '[redacted]', redisSentinel: { password: '[redacted]' } });
  });

  test('the level filters', () => {
    const { logger, lines } = recorder('info');
    logger.debug('hidden');
    logger.info('shown');
    expect(lines().map((line) => line.msg)).toEqual(['shown']);
  });
});

describe('boltLogger', () => {
  test("Bolt's log calls become JSON lines with the error kept as a field", () => {
    const { logger, lines } = recorder();
    const bolt = boltLogger(logger);
    bolt.setLevel(LogLevel.ERROR); // ignored: LOG_LEVEL decides
    bolt.debug('a', 'b');
    bolt.error('failed:', new Error('boom'));
    expect(bolt.getLevel()).toBe(LogLevel.DEBUG);
    expect(lines()).toEqual([
      expect.objectContaining({ level: 'debug', component: 'bolt', msg: 'a b' }),
      expect.objectContaining({ level: 'error', component: 'bolt', msg: 'failed:', err: expect.objectContaining({ type: 'Error', message: 'boom' }) }),
    ]);
  });
});
