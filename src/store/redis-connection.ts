import { ClosableRedis, type ConnectionOptions } from './closable-redis';

/** Where Redis is: one server by URL, or the primary that Sentinel names (with the URL's password and database). */
export interface RedisTarget {
  url: string;
  sentinel?: {
    sentinels: { host: string; port: number }[];
    /** The primary's name as the sentinels know it (`sentinel monitor <name> …`). */
    name: string;
    password?: string;
  };
}

/**
 * A connection for request handling. It fails fast rather than queueing forever: a command
 * that cannot reach Redis within about two seconds errors, so the user hears about it while
 * Slack is still listening. With Sentinel, ioredis asks the sentinels for the primary and, on a
 * failover, reconnects to the new one by itself.
 */
export function createRedisConnection(target: RedisTarget | string, overrides: ConnectionOptions = {}): ClosableRedis {
  const { url, sentinel } = typeof target === 'string' ? { url: target, sentinel: undefined } : target;
  const base: ConnectionOptions = {
    connectTimeout: 2_000,
    commandTimeout: 2_000,
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    // On disconnect ioredis waits this long for the socket's 'close', which a refused socket
    // has already emitted: its default 2 s timer then outlives stop() (and kept jest up).
    disconnectTimeout: 100,
    ...overrides,
  };
  if (!sentinel) return new ClosableRedis(url, base);
  const parsed = new URL(url);
  return new ClosableRedis({
    ...base,
    sentinels: sentinel.sentinels,
    name: sentinel.name,
    ...(sentinel.password ? { sentinelPassword: sentinel.password } : {}),
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    db: Number(parsed.pathname.replace('/', '') || 0),
    // A failover is a reconnection like any other: retry the way requests are retried.
    sentinelRetryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    // Not ioredis' failoverDetector: when +switch-master arrives while a connection is between two
    // attempts, it ends that connection for good ("Connection is closed"), as the failover tests
    // showed. A lost primary shows as a dropped connection, and a demoted one as READONLY:
    // after a planned failover the old primary answers writes with READONLY, so reconnect (to the
    // primary the sentinels name now) and send the command again. NOREPLICAS (a primary with
    // min-replicas-to-write and no replica) is not retried: the write was refused, and the person
    // hears at once that nothing was saved.
    reconnectOnError: (error) => (error.message.startsWith('READONLY') ? 2 : false),
  });
}
