import { ClosableRedis, type ConnectionOptions } from './closable-redis';

/**
 * A connection for request handling. It fails fast rather than queueing forever: a command
 * that cannot reach Redis within about two seconds errors, so the user hears about it while
 * Slack is still listening.
 */
export function createRedisConnection(url: string, overrides: ConnectionOptions = {}): ClosableRedis {
  return new ClosableRedis(url, {
    connectTimeout: 2_000,
    commandTimeout: 2_000,
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    ...overrides,
  });
}
