import { pendingPageAt } from '../../../src/domain/escalation/escalation';
import type { Incident } from '../../../src/domain/incident';
import type { EscalationScheduler } from '../../../src/ports/escalation-scheduler';
import { pageJobId, reminderJobId } from '../../../src/queues/escalation-jobs';
import type { AppliedChange, IncidentService } from '../../../src/service/incident-service';

/** A clock that moves only when told to. */
export class ManualClock {
  constructor(private current: Date) {}

  readonly now = (): Date => new Date(this.current);

  set(at: Date): void {
    this.current = new Date(at);
  }
}

type Timer = { kind: 'page'; incidentId: string; run: number; step: number; dueAt: Date } | { kind: 'remind'; incidentId: string; seq: number; dueAt: Date };

/**
 * The EscalationScheduler port on a manual clock: the same timers, ids and tidy-up as the BullMQ
 * adapter (src/queues/escalation-queue.ts), fired by `advance` in due order, each with the clock
 * at its due time, the way the worker fires them.
 */
export class ClockScheduler implements EscalationScheduler {
  readonly timers = new Map<string, Timer>();
  service?: IncidentService;

  constructor(readonly clock: ManualClock) {}

  async schedule(incident: Incident, previous?: Incident): Promise<void> {
    const escalation = incident.escalation;
    if (!escalation) return;
    if (escalation.state === 'paging' && escalation.nextPageAt) {
      const page = { incidentId: incident.id, run: escalation.run, step: escalation.nextStep };
      this.add(pageJobId(page), { kind: 'page', ...page, dueAt: escalation.nextPageAt });
    }
    if (escalation.nextReminderAt) {
      const reminder = { incidentId: incident.id, seq: escalation.reminderSeq };
      this.add(reminderJobId(reminder), { kind: 'remind', ...reminder, dueAt: escalation.nextReminderAt });
    }
    const before = previous?.escalation;
    if (before && pendingPageAt(before, before.run, before.nextStep) && !pendingPageAt(escalation, before.run, before.nextStep)) {
      this.timers.delete(pageJobId({ incidentId: incident.id, run: before.run, step: before.nextStep }));
    }
    if (before?.nextReminderAt && before.reminderSeq !== escalation.reminderSeq) {
      this.timers.delete(reminderJobId({ incidentId: incident.id, seq: before.reminderSeq }));
    }
  }

  /** Timer ids not yet fired, sorted. */
  pending(): string[] {
    return [...this.timers.keys()].sort();
  }

  /**
   * Moves the clock forward by `ms`, firing every timer that falls due on the way (timers that
   * firing schedules included); returns the changes they made, in order.
   */
  async advance(ms: number): Promise<AppliedChange[]> {
    if (!this.service) throw new Error('ClockScheduler.service is not set');
    const until = new Date(this.clock.now().getTime() + ms);
    const changes: AppliedChange[] = [];
    for (;;) {
      const next = [...this.timers.entries()].filter(([, t]) => t.dueAt <= until).sort(([, a], [, b]) => a.dueAt.getTime() - b.dueAt.getTime())[0];
      if (!next) break;
      const [id, timer] = next;
      this.timers.delete(id);
      if (timer.dueAt > this.clock.now()) this.clock.set(timer.dueAt);
      if (timer.kind === 'page') {
        const outcome = await this.service.firePageTimer(timer.incidentId, timer.run, timer.step);
        if (outcome.kind === 'done') changes.push(outcome.result);
        if (outcome.kind === 'early') this.add(id, { ...timer, dueAt: outcome.dueAt });
      } else {
        const due = await this.service.fireReminderTimer(timer.incidentId, timer.seq);
        if (due) changes.push(due);
      }
    }
    this.clock.set(until);
    return changes;
  }

  /** As BullMQ: adding a timer whose id exists already changes nothing. */
  private add(id: string, timer: Timer): void {
    if (!this.timers.has(id)) this.timers.set(id, timer);
  }
}
