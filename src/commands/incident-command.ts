import type { AlertNotification } from '../domain/alerts/alert-notification';
import type { IncidentStatus } from '../domain/incident-status';
import type { Severity } from '../domain/severity';
import type { SummaryField } from '../domain/timeline-entry';

/** One `/incident` invocation, understood. */
export type IncidentCommand =
  | { name: 'start'; severity: Severity; title: string; at?: Date; private?: boolean }
  /** `start` with no title: open the declaration form, prefilled with what was typed. */
  | { name: 'startForm'; severity?: Severity; at?: Date; private?: boolean }
  | { name: 'note'; text: string; at?: Date }
  | { name: 'update'; text: string }
  /** In the incident's channel, or naming it (`subscribe 12`) anywhere. */
  | { name: 'subscribe' | 'unsubscribe'; incidentId?: string }
  | { name: 'status'; status: IncidentStatus }
  | { name: 'sev'; severity: Severity }
  | { name: 'lead'; userId: string }
  | { name: 'role'; role: string; userId?: string }
  | { name: SummaryField; text: string }
  | { name: 'fix'; text: string }
  | { name: 'task'; text: string; ownerId?: string }
  | { name: 'ack' }
  | { name: 'escalate' }
  | { name: 'resolve'; at?: Date }
  | { name: 'close' }
  | { name: 'timeline' }
  /** The incident's tasks, with their tracker issues and whether those are open or closed. */
  | { name: 'followups' }
  | { name: 'postmortem' }
  | { name: 'list' }
  | { name: 'help' }
  /** Who is on call now, for each schedule. */
  | { name: 'oncall' }
  /** `oncall cover <schedule> <duration> [@user]`: someone takes a schedule's turn for a while (the typer, unless named). */
  | { name: 'oncallCover'; schedule: string; durationMs: number; userId?: string }
  /** Not typed: a notification from monitoring, which enters like a command from another door. */
  | { name: 'alert'; notification: AlertNotification };

/** The subcommands people type (the form is `start` without a title, not a subcommand of its own). */
export type SubcommandName = Exclude<IncidentCommand['name'], 'startForm' | 'alert' | 'oncallCover'>;
