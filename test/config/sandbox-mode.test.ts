import { sandboxSettings, wantsSandbox } from '../../src/config/sandbox-mode';

describe('when npm start runs the sandbox', () => {
  test('without a Slack app, outside production', () => {
    expect(wantsSandbox({})).toBe(true);
    expect(wantsSandbox({ NODE_ENV: 'development' })).toBe(true);
  });

  test('never in production without a token: that stays a configuration error', () => {
    expect(wantsSandbox({ NODE_ENV: 'production' })).toBe(false);
  });

  test('not when a Slack app is configured, unless SANDBOX=1 asks for it', () => {
    expect(wantsSandbox({ SLACK_BOT_TOKEN: 'xoxb-1' })).toBe(false);
    expect(wantsSandbox({ SLACK_BOT_TOKEN: 'xoxb-1', SANDBOX: '1' })).toBe(true);
    expect(wantsSandbox({ NODE_ENV: 'production', SANDBOX: '1' })).toBe(true);
  });
});

describe('the sandbox settings', () => {
  test('default to their own prefix and a pace a person can follow', () => {
    expect(sandboxSettings({})).toEqual({ redisPrefix: 'hotwash-sandbox', demoPauseMs: 1_500 });
    expect(sandboxSettings({ SANDBOX_REDIS_PREFIX: 'mine', SANDBOX_DEMO_PAUSE_MS: '0' })).toEqual({ redisPrefix: 'mine', demoPauseMs: 0 });
  });

  test('a bad value stops start-up naming the variable', () => {
    expect(() => sandboxSettings({ SANDBOX_DEMO_PAUSE_MS: 'soon' })).toThrow(/^Configuration error: SANDBOX_DEMO_PAUSE_MS must be a number of milliseconds/);
    expect(() => sandboxSettings({ SANDBOX_REDIS_PREFIX: 'a b' })).toThrow(/SANDBOX_REDIS_PREFIX must be letters/);
  });
});
