import type { Incident } from '../domain/incident';

/**
 * Keeps timers in step with an incident's escalation state. The BullMQ adapter implements it.
 * `schedule` is idempotent (timers have deterministic ids), so calling it after every write,
 * and again from the periodic sweep, never doubles a timer.
 */
export interface EscalationScheduler {
  /** `previous` (the incident before the write) lets timers that no longer apply be tidied away. */
  schedule(incident: Incident, previous?: Incident): Promise<void>;
}
