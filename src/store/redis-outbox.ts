import type { Redis } from 'ioredis';
import type { OutboxEntry } from '../domain/side-effect';
import type { Outbox } from '../ports/outbox';
import { RedisKeys } from './redis-keys';
import { storedOutboxEntrySchema } from './schemas';
import { decodeJson } from './stored-json';
import { CallBatch } from './call-batch';

// Takes up to ARGV[3] entries due by ARGV[1] and pushes their due time to ARGV[2] (a lease), so
// concurrent sweeps on other replicas take other entries. KEYS: due, entries. Returns their JSON.
const CLAIM_OVERDUE_LUA = `
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
local claimed = {}
for _, id in ipairs(ids) do
  local json = redis.call('HGET', KEYS[2], id)
  if json then
    redis.call('ZADD', KEYS[1], ARGV[2], id)
    table.insert(claimed, json)
  else
    redis.call('ZREM', KEYS[1], id)
  end
end
return claimed
`;

/**
 * How long a delivered entry waits for others to be forgotten with it. Slack's answers arrive one
 * per turn of the event loop, so forgetting by the turn made a transaction for nearly every
 * delivery of a burst; the next effect of the same change waits at most this much longer.
 */
export const FORGET_GATHER_MS = 1;

type RedisWithClaim = Redis & { hotwashClaimOverdue(...args: (string | number)[]): Promise<string[]> };

/** The outbox in Redis: entries by id, and two sorted sets (when due for the sweep, when written). */
export class RedisOutbox implements Outbox {
  private readonly redis: RedisWithClaim;
  private readonly keys: RedisKeys;
  /**
   * Entries delivered within FORGET_GATHER_MS of each other (a storm of pages, a burst of notes)
   * are forgotten in one transaction.
   */
  private readonly forgetting = new CallBatch<string, unknown>((ids) => {
    const k = this.keys;
    return this.redis
      .multi()
      .hdel(k.outboxEntries(), ...ids)
      .zrem(k.outboxDue(), ...ids)
      .zrem(k.outboxCreated(), ...ids)
      .exec()
      .then(() => []);
  }, FORGET_GATHER_MS);

  constructor(redis: Redis, prefix: string) {
    if (!('hotwashClaimOverdue' in redis)) redis.defineCommand('hotwashClaimOverdue', { numberOfKeys: 2, lua: CLAIM_OVERDUE_LUA });
    this.redis = redis as RedisWithClaim;
    this.keys = new RedisKeys(prefix);
  }

  async has(id: string): Promise<boolean> {
    return (await this.redis.hexists(this.keys.outboxEntries(), id)) === 1;
  }

  async get(id: string): Promise<OutboxEntry | undefined> {
    const json = await this.redis.hget(this.keys.outboxEntries(), id);
    return json === null ? undefined : decodeOutboxEntry(json);
  }

  /** Forgets a delivered entry (together with the others delivered in the same turn). */
  async done(id: string): Promise<void> {
    await this.forgetting.add(id);
  }

  async claimOverdue(now: Date, leaseMs: number, limit: number): Promise<OutboxEntry[]> {
    const claimed = await this.redis.hotwashClaimOverdue(this.keys.outboxDue(), this.keys.outboxEntries(), now.getTime(), now.getTime() + leaseMs, limit);
    return claimed.map(decodeOutboxEntry);
  }

  async backlog(): Promise<{ depth: number; oldestCreatedAt?: Date }> {
    const [depth, oldest] = await Promise.all([
      this.redis.zcard(this.keys.outboxCreated()),
      this.redis.zrange(this.keys.outboxCreated(), '0', '0', 'WITHSCORES'),
    ]);
    return { depth, ...(oldest[1] ? { oldestCreatedAt: new Date(Number(oldest[1])) } : {}) };
  }
}

function decodeOutboxEntry(json: string): OutboxEntry {
  return decodeJson(storedOutboxEntrySchema, json, 'An outbox entry');
}
