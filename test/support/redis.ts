import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export function testRedisUrl(): string {
  const url = process.env.REDIS_URL;
  if (!url) throw new Error('REDIS_URL is not set: the jest global setup should have set it.');
  return url;
}

/** A key prefix no other test run uses. */
export function uniquePrefix(label = 'test'): string {
  return `hotwash-test-${label}-${randomBytes(4).toString('hex')}`;
}

/** Every key under `prefix`, for assertions about what was (not) stored. */
export async function keysUnder(redis: Redis, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  return keys.sort();
}

export async function deleteKeysUnder(redis: Redis, prefix: string): Promise<void> {
  const keys = await keysUnder(redis, prefix);
  if (keys.length > 0) await redis.del(...keys);
}

/** Deletes every key under `prefix`, on a connection of its own: for tests whose app made the keys. */
export async function forgetPrefix(prefix: string): Promise<void> {
  const redis = new Redis(testRedisUrl());
  try {
    await deleteKeysUnder(redis, prefix);
  } finally {
    redis.disconnect();
  }
}
