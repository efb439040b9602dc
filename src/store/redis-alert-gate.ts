import type { Redis } from 'ioredis';
import { storageCall } from './storage-call';
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
    return (await storageCall(() => this.redis.set(this.keys.alertClaim(key), '1', 'EX', CLAIM_SECONDS, 'NX'))) === 'OK';
  }

  async release(key: string): Promise<void> {
    await storageCall(() => this.redis.del(this.keys.alertClaim(key)));
  }

  async admit(now: Date, perMinute: number): Promise<boolean> {
    const counter = this.keys.alertsDeclared(Math.floor(now.getTime() / 60_000));
    const replies = await storageCall(() => this.redis.multi().incr(counter).expire(counter, 120).exec());
    return Number(replies?.[0]?.[1] ?? 0) <= perMinute;
  }
}
