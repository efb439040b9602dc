import { Worker } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import { ClosableRedis, type ConnectionOptions } from '../../src/store/closable-redis';
import { ThrowawayRedis } from '../support/redis-server';
import { uniquePrefix } from '../support/redis';

/** Resolves once the connection's status is `status`; throws if it never gets there. */
async function waitForStatus(redis: Redis, status: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (redis.status !== status) {
    if (Date.now() > deadline) throw new Error(`the connection stayed ${redis.status}, never ${status}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const ended = (redis: Redis) => new Promise<void>((resolve) => redis.once('end', () => resolve()));

describe('ClosableRedis', () => {
  let server: ThrowawayRedis;
  beforeEach(async () => {
    server = await ThrowawayRedis.start();
  });
  afterEach(() => server.destroy());

  // Slow reconnection, so the connection is surely between two attempts when disconnect() comes.
  // disconnectTimeout: ioredis' default leaves a 2 s timer behind a refused socket (see createRedisConnection).
  const options: ConnectionOptions = { retryStrategy: () => 60_000, maxRetriesPerRequest: null, disconnectTimeout: 100 };

  /** A connection that was ready, lost its server, and now waits to try again. */
  async function betweenAttempts<T extends Redis>(connection: T): Promise<T> {
    connection.on('error', () => undefined);
    await waitForStatus(connection, 'ready');
    await server.stop();
    await waitForStatus(connection, 'reconnecting');
    return connection;
  }

  test('ioredis itself does not end a connection that disconnect() catches between reconnection attempts', async () => {
    // Why ClosableRedis exists. Should this fail, ioredis has fixed redis/ioredis#1830: drop the class.
    const plain = await betweenAttempts(new Redis(server.url, options));
    let endEmitted = false;
    plain.once('end', () => (endEmitted = true));
    plain.disconnect();
    await new Promise((r) => setTimeout(r, 200)); // ClosableRedis ends within the same tick (next test)
    expect({ endEmitted, status: plain.status }).toEqual({ endEmitted: false, status: 'reconnecting' });
  });

  test('a disconnect between reconnection attempts ends the connection and fails what was queued', async () => {
    const redis = await betweenAttempts(new ClosableRedis(server.url, options));
    const queued = redis.get('some-key'); // waits in the offline queue for a reconnection
    const end = ended(redis);
    redis.disconnect();
    await end;
    expect(redis.status).toBe('end');
    await expect(queued).rejects.toThrow('Connection is closed');
  });

  test('its duplicates are ClosableRedis too, with the same options', () => {
    const redis = new ClosableRedis(server.url, { ...options, lazyConnect: true });
    const copy = redis.duplicate({ connectionName: 'copy' });
    expect(copy).toBeInstanceOf(ClosableRedis);
    expect(copy.options).toMatchObject({ lazyConnect: true, connectionName: 'copy', retryStrategy: options.retryStrategy });
    redis.disconnect();
    copy.disconnect();
  });

  test('a BullMQ worker closes gracefully while its blocking connection waits to reconnect', async () => {
    // The worker's blocking connection (BullMQ names it) waits a minute between attempts; the
    // others come back at once. After an outage the worker is then "ready" while its blocking
    // reads are not: the state in which a graceful close used to wait for ever.
    const retryStrategy = function (this: RedisOptions) {
      return this.connectionName ? 60_000 : 100;
    };
    const connection = new ClosableRedis(server.url, { retryStrategy, maxRetriesPerRequest: null, disconnectTimeout: 100 });
    connection.on('error', () => undefined);
    const worker = new Worker('closing', async () => undefined, { connection, prefix: uniquePrefix('closable') });
    worker.on('error', () => undefined);
    await worker.waitUntilReady();

    await server.stop();
    await server.start();
    await waitForStatus(connection, 'ready');
    let closed = false;
    worker.once('closed', () => (closed = true));
    await worker.close(); // waited for ever (until the test's timeout) with a plain ioredis connection
    expect(closed).toBe(true);
    connection.disconnect();
  });
});
