import { z } from 'zod';

/** The escalation queue's name; its keys live under `<REDIS_PREFIX>:escalation:`. */
export const ESCALATION_QUEUE = 'escalation';

const incidentId = z.string().regex(/^\d+$/);
const count = z.number().int().nonnegative();

/** A page timer: step `step` of paging run `run` of an incident. */
export const pageJobSchema = z.object({ incidentId, run: count, step: count });
export type PageJob = z.infer<typeof pageJobSchema>;

/** A reminder timer: the `seq`th reminder clock of an incident. */
export const reminderJobSchema = z.object({ incidentId, seq: count });
export type ReminderJob = z.infer<typeof reminderJobSchema>;

export type EscalationJobName = 'page' | 'remind';

// Deterministic ids: scheduling the same timer twice is a no-op, and a replica or a restart
// that schedules it again cannot double it. (BullMQ ids may not contain ':'.)
export const pageJobId = ({ incidentId, run, step }: PageJob) => `page-${incidentId}-${run}-${step}`;
export const reminderJobId = ({ incidentId, seq }: ReminderJob) => `remind-${incidentId}-${seq}`;
