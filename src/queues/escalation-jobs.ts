/** The escalation queue's name; its keys live under `<REDIS_PREFIX>:escalation:`. */
export const ESCALATION_QUEUE = 'escalation';

export interface PageJob {
  incidentId: string;
  run: number;
  step: number;
}

export interface ReminderJob {
  incidentId: string;
  seq: number;
}

// Deterministic ids: scheduling the same timer twice is a no-op, and a replica or a restart
// that schedules it again cannot double it. (BullMQ ids may not contain ':'.)
export const pageJobId = ({ incidentId, run, step }: PageJob) => `page-${incidentId}-${run}-${step}`;
export const reminderJobId = ({ incidentId, seq }: ReminderJob) => `remind-${incidentId}-${seq}`;
