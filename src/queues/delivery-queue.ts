import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { OutboxEntry } from '../domain/side-effect';
import { settleWithin } from '../lifecycle/settle-within';
import type { DeliveryRetries } from '../ports/outbox';
import { DELIVERY_ATTEMPTS, DELIVERY_QUEUE, deliveryBackoffMs, type DeliveryJob } from './delivery-jobs';

/**
 * Retries of outbox entries as BullMQ jobs. The job id is the entry's id, so queuing an entry
 * that is queued already (by the writer, then by the sweep) is a no-op, and completed jobs are
 * kept for an hour so that a late sweep does not deliver a delivered entry again.
 */
export class DeliveryQueue implements DeliveryRetries {
  readonly queue: Queue<DeliveryJob, void, 'deliver'>;

  constructor(
    connection: Redis,
    prefix: string,
    private readonly retryBaseMs = 1_000,
    onError: (error: Error) => void = () => undefined,
  ) {
    this.queue = new Queue<DeliveryJob, void, 'deliver'>(DELIVERY_QUEUE, { connection, prefix });
    this.queue.on('error', onError);
  }

  async retryLater(entry: OutboxEntry): Promise<void> {
    await this.queue.add(
      'deliver',
      { entryId: entry.id },
      {
        jobId: entry.id,
        delay: deliveryBackoffMs(1, this.retryBaseMs),
        attempts: DELIVERY_ATTEMPTS,
        backoff: { type: 'capped' },
        removeOnComplete: { age: 3_600 },
        removeOnFail: { age: 7 * 86_400 },
      },
    );
  }

  /** Jobs waiting or running, by state. */
  counts(): Promise<Record<string, number>> {
    return this.queue.getJobCounts('waiting', 'delayed', 'active', 'prioritized');
  }

  async close(graceMs = 2_000): Promise<void> {
    await settleWithin(this.queue.close(), graceMs);
  }
}
