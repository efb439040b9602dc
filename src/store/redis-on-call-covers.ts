import type { Redis } from 'ioredis';
import { z } from 'zod';
import { storageCall } from './storage-call';
import type { Cover, OnCallCovers } from '../ports/on-call-covers';
import { RedisKeys } from './redis-keys';
import { instant } from './schemas';
import { decodeJson, encodeJson } from './stored-json';

const storedCoverSchema = z.object({ schedule: z.string().min(1), userId: z.string(), byUserId: z.string(), from: instant, to: instant });

/** Covers in a sorted set by when they end; ended ones are dropped as they are read. */
export class RedisOnCallCovers implements OnCallCovers {
  private readonly keys: RedisKeys;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.keys = new RedisKeys(prefix);
  }

  async add(cover: Cover): Promise<void> {
    // The same cover given twice (a command carried out again after a crash) is one member.
    await storageCall(() => this.redis.zadd(this.keys.covers(), cover.to.getTime(), encodeJson(storedCoverSchema, cover)));
  }

  async current(now: Date): Promise<Cover[]> {
    const key = this.keys.covers();
    const [, members] = await storageCall(() =>
      Promise.all([this.redis.zremrangebyscore(key, '-inf', String(now.getTime())), this.redis.zrangebyscore(key, `(${now.getTime()}`, '+inf')]),
    );
    return members.map((json) => decodeJson(storedCoverSchema, json, 'An on-call cover')).sort((a, b) => a.from.getTime() - b.from.getTime());
  }
}
