import { Redis, type RedisOptions } from 'ioredis';
import { closeHandler } from 'ioredis/built/redis/event_handler';
import type { ReplyMappingFromOptions } from 'ioredis/built/types';

/** Options for a connection whose replies come as ioredis has always given them (the default). */
export type ConnectionOptions = RedisOptions & { replyMapping?: 'legacy' };

/**
 * An ioredis connection that always ends when told to disconnect.
 *
 * ioredis does not end a connection that disconnect() catches between two reconnection
 * attempts: it cancels the next attempt and waits for a close event that never comes, so the
 * connection never emits 'end' (redis/ioredis#1830, #1247). BullMQ's graceful worker close waits
 * for that 'end' on its blocking connection, so a worker closed just after Redis came back hung,
 * and its lock-renewal timer kept the process alive for ever. Here such a disconnect runs the
 * close ioredis would have run for a closed stream, as its pending fix does (redis/ioredis#2169):
 * queued commands fail, and the connection ends.
 */
export class ClosableRedis extends Redis {
  override disconnect(reconnect = false): void {
    const betweenAttempts = !reconnect && this.status === 'reconnecting';
    super.disconnect(reconnect);
    if (betweenAttempts) closeHandler(this)();
  }

  /** BullMQ duplicates the connection it is given for its blocking reads: those must end too. */
  override duplicate<Override extends Partial<RedisOptions> | undefined = undefined>(override?: Override): Redis<ReplyMappingFromOptions<'legacy', Override>> {
    // The options keep whatever reply mapping they carry; the type follows Redis's own duplicate().
    const options = { ...this.options, ...override } as ConnectionOptions;
    return new ClosableRedis(options) as Redis<ReplyMappingFromOptions<'legacy', Override>>;
  }
}
