import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Incident } from '../domain/incident';
import type { EscalationScheduler } from '../service/escalation-scheduler';
import { ESCALATION_QUEUE, pageJobId, reminderJobId, type PageJob, type ReminderJob } from './escalation-jobs';

const JOB_OPTIONS: JobsOptions = {
  // Completed timers are removed so their ids can be scheduled again by the sweep; a rerun is a no-op.
  removeOnComplete: true,
  removeOnFail: { count: 1000 },
  attempts: 5,
  backoff: { type: 'exponential', delay: 1_000 },
};

/** Escalation timers as BullMQ delayed jobs, in the same Redis and under REDIS_PREFIX. */
export class EscalationQueue implements EscalationScheduler {
  readonly queue: Queue;

  constructor(
    connection: Redis,
    prefix: string,
    private readonly now: () => Date = () => new Date(),
    onError: (error: Error) => void = () => undefined,
  ) {
    this.queue = new Queue(ESCALATION_QUEUE, { connection, prefix });
    // Connection errors surface where they matter (the command that scheduled); this only logs.
    this.queue.on('error', onError);
  }

  async schedule(incident: Incident): Promise<void> {
    const escalation = incident.escalation;
    if (!escalation) return;
    const work: Promise<unknown>[] = [];
    const current: PageJob = { incidentId: incident.id, run: escalation.run, step: escalation.nextStep };
    if (escalation.state === 'paging' && escalation.nextPageAt) {
      work.push(this.add('page', current, pageJobId(current), escalation.nextPageAt));
    } else {
      work.push(this.queue.remove(pageJobId(current))); // tidy-up only: a stale timer would do nothing
    }
    const reminder: ReminderJob = { incidentId: incident.id, seq: escalation.reminderSeq };
    if (escalation.nextReminderAt) work.push(this.add('remind', reminder, reminderJobId(reminder), escalation.nextReminderAt));
    if (escalation.reminderSeq > 0) work.push(this.queue.remove(reminderJobId({ ...reminder, seq: escalation.reminderSeq - 1 })));
    await Promise.all(work);
  }

  private add(name: 'page' | 'remind', data: PageJob | ReminderJob, jobId: string, at: Date) {
    return this.queue.add(name, data, { ...JOB_OPTIONS, jobId, delay: Math.max(0, at.getTime() - this.now().getTime()) });
  }

  async close(graceMs = 2_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.queue.close(), new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
  }
}
