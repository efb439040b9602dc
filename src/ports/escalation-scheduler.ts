import type { Incident } from '../domain/incident';

/**
 * Keeps timers in step with an incident's escalation state. The BullMQ adapter implements it.
 * `schedule` is idempotent (timers have deterministic ids), so calling it after every write,
 * and again from the periodic sweep, never doubles a timer.
 */
export interface EscalationScheduler {
  /**
   * `previous` (the incident before the write) lets timers that no longer apply be tidied away.
   * `firing` names the page timer whose run made the write: it is left alone, as it ends itself.
   */
  schedule(incident: Incident, previous?: Incident, firing?: PageTimer): Promise<void>;
}

/** One page timer: step `step` of escalation run `run`. */
export interface PageTimer {
  run: number;
  step: number;
}
