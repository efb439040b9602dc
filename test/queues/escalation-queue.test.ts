import type { Redis } from 'ioredis';
import { DEFAULT_ESCALATION_POLICY, type EscalationPolicy } from '../../src/domain/escalation/escalation-policy';
import { applyChange, declareIncident, firePageTimer, type Incident } from '../../src/domain/incident';
import { deliveryBackoffMs } from '../../src/queues/delivery-jobs';
import { EscalationQueue } from '../../src/queues/escalation-queue';
import { createRedisConnection } from '../../src/store/redis-connection';
import { deleteKeysUnder, testRedisUrl, uniquePrefix } from '../support/redis';

/** The BullMQ scheduler on a real Redis, a fresh queue per test: which delayed jobs exist, by id. */
const POLICY: EscalationPolicy = {
  ...DEFAULT_ESCALATION_POLICY,
  sev1: {
    levels: [
      { notify: ['UONE'], escalateAfterMs: 60_000 },
      { notify: ['UTWO'], escalateAfterMs: 60_000 },
    ],
    repeat: 0,
    remindEveryMs: 15 * 60_000,
  },
};
const now = new Date();

describe('EscalationQueue', () => {
  let redis: Redis;
  let prefix: string;
  let queue: EscalationQueue;
  beforeEach(() => {
    redis = createRedisConnection(testRedisUrl());
    prefix = uniquePrefix('queue');
    queue = new EscalationQueue(redis, prefix, () => now);
  });
  afterEach(async () => {
    await queue.close();
    await deleteKeysUnder(redis, prefix);
    redis.disconnect();
  });

  const jobs = async () => (await queue.queue.getJobs(['delayed', 'wait'])).map((job) => [job.id, job.name, job.data]).sort();
  const declared = (): Incident =>
    declareIncident({ id: '7', title: 'x', severity: 'sev1', declaredBy: 'UALICE', channelId: 'C1', channelName: 'inc-x', now, policy: POLICY }).incident;

  test('schedules the due page and the reminder, once however often it is asked', async () => {
    const incident = declared();
    await queue.schedule(incident);
    await queue.schedule(incident);
    expect(await jobs()).toEqual([
      ['page-7-0-0', 'page', { incidentId: '7', run: 0, step: 0 }],
      ['remind-7-1', 'remind', { incidentId: '7', seq: 1 }],
    ]);
  });

  test('a change that stops paging removes the timers it replaced', async () => {
    const incident = declared();
    await queue.schedule(incident);
    const resolved = applyChange(incident, { kind: 'resolve' }, 'UALICE', now).incident;
    await queue.schedule(resolved, incident);
    expect(await jobs()).toEqual([]);
  });

  test('a page timer that fired leaves its own job, which ends itself, and adds the next step', async () => {
    const incident = declared();
    await queue.schedule(incident);
    const paged = firePageTimer(incident, 0, 0, 'UHOTWASH', new Date(now.getTime() + 60_000))!.incident;
    await queue.schedule(paged, incident, { run: 0, step: 0 });
    expect((await jobs()).map(([id]) => id)).toEqual(['page-7-0-0', 'page-7-0-1', 'remind-7-1']);
    // The same change made by anything else (the sweep, a replica) tidies the replaced timer away.
    await queue.schedule(paged, incident);
    expect((await jobs()).map(([id]) => id)).toEqual(['page-7-0-1', 'remind-7-1']);
  });
});

describe('delivery backoff', () => {
  test('doubles from the base, with jitter, up to a minute', () => {
    for (let i = 0; i < 50; i += 1) {
      expect(deliveryBackoffMs(1, 1_000)).toBeGreaterThanOrEqual(500);
      expect(deliveryBackoffMs(1, 1_000)).toBeLessThanOrEqual(1_000);
      expect(deliveryBackoffMs(4, 1_000)).toBeGreaterThanOrEqual(4_000);
      expect(deliveryBackoffMs(30, 1_000)).toBeLessThanOrEqual(60_000);
    }
  });
});
