import type { Redis } from 'ioredis';
import { StorageUnavailableError } from '../../src/errors';
import type { JournaledCommand } from '../../src/ports/command-journal';
import { JOURNAL_BATCHED_COMMANDS, KEEP_GATHER_MS, RedisCommandJournal } from '../../src/store/redis-command-journal';
import { createRedisConnection } from '../../src/store/redis-connection';
import { deleteKeysUnder, testRedisUrl, uniquePrefix } from '../support/redis';

const command = (id: string): JournaledCommand => ({
  id,
  receivedAt: new Date(),
  userId: 'UBOB',
  channelId: 'C1',
  via: 'slash',
  command: { name: 'note', text: id },
});

describe('RedisCommandJournal', () => {
  let redis: Redis;
  let prefix: string;

  beforeEach(() => {
    redis = createRedisConnection(testRedisUrl());
    prefix = uniquePrefix('journal');
  });

  afterEach(async () => {
    await deleteKeysUnder(redis, prefix);
    redis.disconnect();
  });

  test('a burst of commands in one turn of the event loop is kept by one script call, each answered on its own', async () => {
    const journal = new RedisCommandJournal(redis, prefix);
    await journal.accept(command('seen-before'));
    const calls = jest.spyOn(redis as Redis & { hotwashAcceptCommands: () => Promise<number[]> }, 'hotwashAcceptCommands');
    const ids = [...Array.from({ length: 50 }, (_, i) => `burst-${i}`), 'seen-before'];
    const kept = await Promise.all(ids.map((id) => journal.accept(command(id))));
    expect(calls).toHaveBeenCalledTimes(1);
    expect(kept).toEqual([...Array.from({ length: 50 }, () => true), false]);
    expect(await redis.zcard(`${prefix}:intake:pending`)).toBe(51);
  });

  test('on a connection that auto-pipelines, the batch is written to Redis when its gathering ends, not one turn later', async () => {
    const pipelining = createRedisConnection(testRedisUrl(), { enableAutoPipelining: true, autoPipeliningIgnoredCommands: JOURNAL_BATCHED_COMMANDS });
    const held = createRedisConnection(testRedisUrl(), { enableAutoPipelining: true });
    try {
      const sent = new RedisCommandJournal(pipelining, prefix).accept(command('sent'));
      const waiting = new RedisCommandJournal(held, prefix).accept(command('held'));
      // A timer of the same length, made in the same turn after the journals' own, fires right
      // after theirs: each journal has just handed its batch to its connection.
      const queued = await new Promise((resolve) => setTimeout(() => resolve([pipelining.autoPipelineQueueSize, held.autoPipelineQueueSize]), KEEP_GATHER_MS));
      expect(queued).toEqual([0, 1]); // on the wire; and what ioredis does otherwise: one more turn
      expect(await Promise.all([sent, waiting])).toEqual([true, true]);
    } finally {
      pipelining.disconnect();
      held.disconnect();
    }
  });

  test('commands further apart than the gathering are kept by calls of their own', async () => {
    const journal = new RedisCommandJournal(redis, prefix);
    const calls = jest.spyOn(redis as Redis & { hotwashAcceptCommands: () => Promise<number[]> }, 'hotwashAcceptCommands');
    expect(await journal.accept(command('one'))).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, KEEP_GATHER_MS + 1));
    expect(await journal.accept(command('two'))).toBe(true);
    expect(calls).toHaveBeenCalledTimes(2);
  });

  test('with Redis away, every command of the burst hears that it was not kept', async () => {
    const away = createRedisConnection('redis://127.0.0.1:1', { retryStrategy: () => null, maxRetriesPerRequest: 0 });
    const journal = new RedisCommandJournal(away, prefix);
    const results = await Promise.allSettled(['a', 'b', 'c'].map((id) => journal.accept(command(id))));
    for (const result of results) {
      expect(result.status).toBe('rejected');
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(StorageUnavailableError);
    }
    away.disconnect();
  });
});
