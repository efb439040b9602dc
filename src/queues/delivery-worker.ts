import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { settleWithin } from '../lifecycle/settle-within';
import type { SideEffectDispatcher } from '../service/side-effect-dispatcher';
import { DELIVERY_ATTEMPTS, DELIVERY_QUEUE, deliveryBackoffMs, deliveryJobSchema, type DeliveryJob } from './delivery-jobs';

export interface DeliveryWorkerOptions {
  connection: Redis;
  prefix: string;
  dispatcher: SideEffectDispatcher;
  /** The first retry's delay; later ones double, up to a minute. */
  retryBaseMs?: number;
  concurrency?: number;
  onError: (message: string, error: unknown) => void;
  onConnectionError: (error: Error) => void;
}

/** Carries out queued delivery retries, on every replica; BullMQ gives each job to one worker at a time. */
export class DeliveryWorker {
  private readonly worker: Worker<DeliveryJob, void, 'deliver'>;

  constructor(private readonly options: DeliveryWorkerOptions) {
    const baseMs = options.retryBaseMs ?? 1_000;
    this.worker = new Worker<DeliveryJob, void, 'deliver'>(DELIVERY_QUEUE, (job) => this.process(job), {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency ?? 20,
      autorun: false,
      settings: { backoffStrategy: (attemptsMade: number) => deliveryBackoffMs(attemptsMade + 1, baseMs) },
    });
    this.worker.on('error', (error) => options.onConnectionError(error));
    this.worker.on('failed', (job, error) => {
      if (job && job.attemptsMade >= DELIVERY_ATTEMPTS) options.onError(`delivery ${job.id} failed for good`, error);
    });
  }

  start(): void {
    void this.worker.run();
  }

  /** Like the escalation worker: graceful while Redis answers, forced when it does not. */
  async close(graceMs = 10_000): Promise<void> {
    await settleWithin(this.worker.close(this.options.connection.status !== 'ready'), graceMs);
  }

  private async process(job: Job<DeliveryJob, void, 'deliver'>): Promise<void> {
    const { entryId } = deliveryJobSchema.parse(job.data);
    await this.options.dispatcher.redeliver(entryId, job.attemptsMade + 1 >= DELIVERY_ATTEMPTS);
  }
}
