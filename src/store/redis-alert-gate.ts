import type { Redis } from 'ioredis';
import { StorageUnavailableError, messageOf } from '../errors';
import type { AlertGate } from '../ports/alert-gate';
import { RedisKeys } from './redis-keys';

/** How long a declaration may hold its group's claim: far more than opening a channel takes. */
const CLAIM_SECONDS = 60;

/** The alert gate in Redis: SET NX for claims, a counter a minute for storm control. */
export class RedisAlertGate implements AlertGate {
  private readonly keys: RedisKeys;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.keys = new RedisKeys(prefix);
  }

  async claim(key: string): Promise<boolean> {
    return (await this.call(() => this.redis.set(this.keys.alertClaim(key), '1', 'EX', CLAIM_SECONDS, 'NX'))) === 'OK';
  }

  async release(key: string): Promise<void> {
    await this.call(() => this.redis.del(this.keys.alertClaim(key)));
  }

  async admit(now: Date, perMinute: number): Promise<boolean> {
    const counter = this.keys.alertsDeclared(Math.floor(now.getTime() / 60_000));
    const replies = await this.call(() => this.redis.multi().incr(counter).expire(counter, 120).exec());
    return Number(replies?.[0]?.[1] ?? 0) <= perMinute;
  }

  private async call<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw new StorageUnavailableError(`Redis is unavailable: ${messageOf(error)}`, { cause: error });
    }
  }
}
