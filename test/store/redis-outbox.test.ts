import type { Redis } from 'ioredis';
import { declareIncident } from '../../src/domain/incident';
import type { SideEffect } from '../../src/domain/side-effect';
import { createRedisConnection } from '../../src/store/redis-connection';
import { RedisIncidentStore } from '../../src/store/redis-incident-store';
import { RedisOutbox } from '../../src/store/redis-outbox';
import { deleteKeysUnder, keysUnder, testRedisUrl, uniquePrefix } from '../support/redis';

describe('RedisOutbox', () => {
  let redis: Redis;
  let prefix: string;
  let store: RedisIncidentStore;
  let outbox: RedisOutbox;

  beforeEach(() => {
    redis = createRedisConnection(testRedisUrl());
    prefix = uniquePrefix('outbox');
    store = new RedisIncidentStore(redis, prefix);
    outbox = new RedisOutbox(redis, prefix);
  });

  afterEach(async () => {
    await deleteKeysUnder(redis, prefix);
    redis.disconnect();
  });

  /** An incident declared with `count` promised effects, as the store writes them. */
  async function declaredWithEffects(count: number): Promise<string[]> {
    const id = await store.nextIncidentId();
    const declared = declareIncident({
      id,
      title: 'Checkout down',
      severity: 'sev2',
      declaredBy: 'UALICE',
      channelId: `C${id}`,
      channelName: `inc-${id}`,
      now: new Date('2024-02-05T10:20:00Z'),
    });
    const effects: SideEffect[] = Array.from({ length: count }, (_, i) => ({ kind: 'invite', incidentId: id, userId: `U${i}` }));
    const saved = await store.create(declared, { effects });
    return saved.outbox.map((entry) => entry.id);
  }

  test('entries forgotten in the same turn go in one transaction, and each is gone from all three keys', async () => {
    const ids = await declaredWithEffects(5);
    const before = await redis.zcard(`${prefix}:outbox:created`);
    const transactions = jest.spyOn(redis, 'multi');
    await Promise.all(ids.map((id) => outbox.done(id)));
    expect(transactions).toHaveBeenCalledTimes(1);
    for (const id of ids) expect(await outbox.has(id)).toBe(false);
    expect(await outbox.backlog()).toEqual({ depth: before - ids.length });
    expect(await outbox.claimOverdue(new Date(Date.now() + 3_600_000), 1_000, 100)).toEqual([]);
    expect((await keysUnder(redis, prefix)).filter((key) => key.includes(':outbox'))).toEqual([]);
  });

  test('entries forgotten in different turns go in transactions of their own', async () => {
    const [first, second] = await declaredWithEffects(2);
    const transactions = jest.spyOn(redis, 'multi');
    await outbox.done(first!);
    await outbox.done(second!);
    expect(transactions).toHaveBeenCalledTimes(2);
    expect(await outbox.has(first!)).toBe(false);
    expect(await outbox.has(second!)).toBe(false);
  });

  test('forgetting an entry twice, or one already gone, is harmless', async () => {
    const [id] = await declaredWithEffects(1);
    await Promise.all([outbox.done(id!), outbox.done(id!), outbox.done('no-such-entry')]);
    expect(await outbox.has(id!)).toBe(false);
  });

  test('when Redis cannot be reached, every caller of that transaction hears it, and the entries stay', async () => {
    const ids = await declaredWithEffects(3);
    const unreachable = createRedisConnection('redis://127.0.0.1:1', { retryStrategy: () => null, maxRetriesPerRequest: 0 });
    const cut = new RedisOutbox(unreachable, prefix);
    const results = await Promise.allSettled(ids.map((id) => cut.done(id)));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    for (const id of ids) expect(await outbox.has(id)).toBe(true);
    unreachable.disconnect();
  });
});
