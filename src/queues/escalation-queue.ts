import { type Clock, wallClock } from '../domain/clock';
import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { pendingPageAt } from '../domain/escalation/escalation';
import type { Incident } from '../domain/incident';
import { settleWithin } from '../lifecycle/settle-within';
import type { EscalationScheduler, PageTimer } from '../ports/escalation-scheduler';
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
    private readonly now: Clock = wallClock,
    onError: (error: Error) => void = () => undefined,
  ) {
    this.queue = new Queue(ESCALATION_QUEUE, { connection, prefix });
    // Connection errors surface where they matter (the command that scheduled); this only logs.
    this.queue.on('error', onError);
  }

  async schedule(incident: Incident, previous?: Incident, firing?: PageTimer): Promise<void> {
    const escalation = incident.escalation;
    if (!escalation) return;
    const work: Promise<unknown>[] = [];
    const before = previous?.escalation;
    // A change that leaves a timer as it was (a note, a capture) adds nothing to the queue: the
    // timer is there already, and the sweep re-creates any that went missing.
    const samePage =
      before?.state === 'paging' &&
      before.run === escalation.run &&
      before.nextStep === escalation.nextStep &&
      before.nextPageAt?.getTime() === escalation.nextPageAt?.getTime();
    const sameReminder = before?.reminderSeq === escalation.reminderSeq && before.nextReminderAt?.getTime() === escalation.nextReminderAt?.getTime();
    if (escalation.state === 'paging' && escalation.nextPageAt && !samePage) {
      const page: PageJob = { incidentId: incident.id, run: escalation.run, step: escalation.nextStep };
      work.push(this.add('page', page, pageJobId(page), escalation.nextPageAt));
    }
    if (escalation.nextReminderAt && !sameReminder) {
      const reminder: ReminderJob = { incidentId: incident.id, seq: escalation.reminderSeq };
      work.push(this.add('remind', reminder, reminderJobId(reminder), escalation.nextReminderAt));
    }
    // Tidy-up only (a stale timer would find nothing due): drop the timers the change replaced.
    // Not the job that is firing: BullMQ removes it as it completes, and until then it is locked,
    // so a remove would be a script call on Redis for nothing, once for every page of a storm.
    const firedNow = firing !== undefined && firing.run === before?.run && firing.step === before.nextStep;
    if (before && !firedNow && pendingPageAt(before, before.run, before.nextStep) && !pendingPageAt(escalation, before.run, before.nextStep)) {
      work.push(this.queue.remove(pageJobId({ incidentId: incident.id, run: before.run, step: before.nextStep })));
    }
    if (before?.nextReminderAt && before.reminderSeq !== escalation.reminderSeq) {
      work.push(this.queue.remove(reminderJobId({ incidentId: incident.id, seq: before.reminderSeq })));
    }
    await Promise.all(work);
  }

  private add(name: 'page' | 'remind', data: PageJob | ReminderJob, jobId: string, at: Date) {
    return this.queue.add(name, data, { ...JOB_OPTIONS, jobId, delay: Math.max(0, at.getTime() - this.now().getTime()) });
  }

  async close(graceMs = 2_000): Promise<void> {
    await settleWithin(this.queue.close(), graceMs);
  }
}
