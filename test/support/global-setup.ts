import { hasRedisServerBinary, REDIS_INSTALL_HINT, redisAnswers, ThrowawayRedis } from './redis-server';

/**
 * Finds the Redis the suite runs against: REDIS_URL when set, else a local one on 6379, else a
 * throwaway redis-server started here. Tests each use their own key prefix, so sharing is safe.
 */
export default async function globalSetup(): Promise<void> {
  const configured = process.env.REDIS_URL;
  if (configured) {
    if (!(await redisAnswers(configured))) throw new Error(`REDIS_URL=${configured} does not answer PING.`);
    return;
  }
  const local = 'redis://127.0.0.1:6379';
  if (await redisAnswers(local)) {
    process.env.REDIS_URL = local;
    return;
  }
  if (!hasRedisServerBinary()) throw new Error(REDIS_INSTALL_HINT);
  const redis = await ThrowawayRedis.start();
  process.env.REDIS_URL = redis.url;
  (globalThis as { __hotwashRedis?: ThrowawayRedis }).__hotwashRedis = redis;
}
