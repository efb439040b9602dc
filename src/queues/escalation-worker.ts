import { DelayedError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { AppliedChange, IncidentService } from '../service/incident-service';
import { settleWithin } from '../lifecycle/settle-within';
import { ESCALATION_QUEUE, type EscalationJobName, pageJobSchema, type PageJob, reminderJobSchema, type ReminderJob } from './escalation-jobs';

export interface EscalationWorkerOptions {
  connection: Redis;
  prefix: string;
  service: IncidentService;
  /** Delivers what a fired timer promised (the page, the reminder), from the outbox. */
  deliver: (change: AppliedChange) => Promise<void>;
  onError: (message: string, error: unknown) => void;
  /** Connection trouble (Redis down): BullMQ reconnects by itself, so this is a warning, once per attempt. */
  onConnectionError: (error: Error) => void;
  /** How often to re-create timers open incidents need (safety net); 0 turns the sweep off. */
  sweepEveryMs?: number;
  concurrency?: number;
  /** A sweep that failed (Redis away, most likely): the next sweep tries again, so this is a warning. */
  onSweepError?: (error: unknown) => void;
  /** Told how late each timed page was recorded, after its due time (milliseconds). */
  onPageRecorded?: (latenessMs: number) => void;
}

/**
 * Runs fired timers. Every replica runs one; BullMQ hands each job to one worker at a time and
 * may deliver it again after a crash, and the service's compare-and-set makes sure each step is
 * paged exactly once however often its job runs.
 */
export class EscalationWorker {
  private readonly worker: Worker<PageJob | ReminderJob, void, EscalationJobName>;
  private sweepTimer?: NodeJS.Timeout;

  constructor(private readonly options: EscalationWorkerOptions) {
    this.worker = new Worker<PageJob | ReminderJob, void, EscalationJobName>(ESCALATION_QUEUE, (job, token) => this.process(job, token), {
      connection: options.connection,
      prefix: options.prefix,
      // Firing a timer is mostly waiting on Redis and Slack, so many run at once.
      concurrency: options.concurrency ?? 100,
      autorun: false,
    });
    this.worker.on('error', (error) => options.onConnectionError(error));
    this.worker.on('failed', (job, error) => options.onError(`escalation job ${job?.id} failed`, error));
  }

  start(): void {
    void this.worker.run();
    const every = this.options.sweepEveryMs ?? 60_000;
    if (every > 0) {
      void this.sweep();
      this.sweepTimer = setInterval(() => void this.sweep(), every);
      this.sweepTimer.unref();
    }
  }

  /**
   * Stops taking jobs and lets running ones finish, for at most `graceMs`. With Redis out of
   * reach it closes by force at once: a graceful close would wait for Redis forever, and BullMQ
   * cannot turn a close already under way into a forced one. A job cut short is delivered again
   * later, and the compare-and-set keeps that harmless.
   */
  async close(graceMs = 10_000): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    await settleWithin(this.worker.close(this.options.connection.status !== 'ready'), graceMs);
  }

  private async sweep(): Promise<void> {
    try {
      await this.options.service.rescheduleOpenIncidents();
    } catch (error) {
      (this.options.onSweepError ?? ((e: unknown) => this.options.onError('escalation sweep failed', e)))(error);
    }
  }

  private async process(job: Job<PageJob | ReminderJob, void, EscalationJobName>, token?: string): Promise<void> {
    if (job.name === 'page') {
      const { incidentId, run, step } = pageJobSchema.parse(job.data);
      const outcome = await this.options.service.firePageTimer(incidentId, run, step);
      if (outcome.kind === 'early') {
        // Fired before its time by our clock: put it back rather than lose it.
        await job.moveToDelayed(outcome.dueAt.getTime(), token);
        throw new DelayedError();
      }
      if (outcome.kind === 'done') {
        const recordedAt = outcome.result.entries.find((entry) => entry.kind === 'page')?.at;
        if (recordedAt) this.options.onPageRecorded?.(Math.max(0, recordedAt.getTime() - outcome.dueAt.getTime()));
        await this.deliver('page', () => this.options.deliver(outcome.result));
      }
      return;
    }
    if (job.name === 'remind') {
      const { incidentId, seq } = reminderJobSchema.parse(job.data);
      const due = await this.options.service.fireReminderTimer(incidentId, seq);
      if (due) await this.deliver('reminder', () => this.options.deliver(due));
    }
  }

  /**
   * The page is recorded with its delivery in the outbox, which retries what fails; a retried
   * timer job would find the step already taken and do nothing, so a failure here is only logged.
   */
  private async deliver(what: string, send: () => Promise<void>): Promise<void> {
    try {
      await send();
    } catch (error) {
      this.options.onError(`escalation ${what} was recorded but could not be posted to Slack`, error);
    }
  }
}
