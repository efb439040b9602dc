import type { IncidentStatus } from './incident-status';
import type { AlertLink, AlertSource } from './alerts/alert-notification';
import type { Severity } from './severity';

export const SUMMARY_FIELDS = ['impact', 'cause', 'resolution'] as const;
export type SummaryField = (typeof SUMMARY_FIELDS)[number];

/** What an entry records; one variant per kind of thing that can happen to an incident. */
export type TimelineEvent =
  | { kind: 'started' }
  /** `source`: an alert declared it (Hotwash is then its author). */
  | { kind: 'declared'; title: string; severity: Severity; source?: AlertSource; links?: AlertLink[] }
  | { kind: 'note'; text: string }
  /** A status update for people outside the channel (stakeholders). */
  | { kind: 'update'; text: string }
  | { kind: 'status'; from: IncidentStatus; to: IncidentStatus }
  | { kind: 'severity'; from: Severity; to: Severity }
  | { kind: 'lead'; from: string; to: string }
  /** A role (other than commander, which is the lead) given to someone, or left empty. */
  | { kind: 'role'; role: string; userId?: string }
  | { kind: 'summary'; field: SummaryField; text: string }
  | { kind: 'fix'; text: string }
  | { kind: 'task'; text: string; ownerId?: string }
  | { kind: 'ack' }
  /** An escalation page: `targets` are Slack user (U…/W…) and user-group (S…) IDs; `timer` pages are the bot's. */
  /** `step` 0 is a run's first page (at declaration, a severity change, a reopening): nobody was yet too slow to answer. */
  | { kind: 'page'; level: number; targets: string[]; trigger: 'timer' | 'manual'; step?: number }
  | { kind: 'resolved' }
  | { kind: 'closed' }
  /** An alert of the incident's group started firing or resolved; `group`: the whole group resolved. */
  | { kind: 'alert'; status: 'firing' | 'resolved'; name: string; source: AlertSource; group?: boolean }
  /** `userId` took the turn of schedule `schedule` for `durationMs` (recorded by the entry's author). */
  | { kind: 'cover'; schedule: string; userId: string; durationMs: number }
  /** A Slack message captured with a 📌: its author is the entry's author, its time the entry's time. */
  | { kind: 'message'; text: string; messageTs: string };

export type TimelineEntryKind = TimelineEvent['kind'];

export type TimelineEntry = TimelineEvent & {
  /** Sequence number within the incident, in the order entries were recorded. */
  seq: number;
  /** When it happened: the backdated time when one was typed, else when it was recorded. */
  at: Date;
  /** When Hotwash recorded it. */
  recordedAt: Date;
  /** Slack user ID of whoever caused it. */
  authorId: string;
};

/** Time order; entries at the same instant keep the order in which they were recorded. */
export function sortTimeline(entries: readonly TimelineEntry[]): TimelineEntry[] {
  return [...entries].sort((a, b) => a.at.getTime() - b.at.getTime() || a.seq - b.seq);
}

export function isBackdated(entry: TimelineEntry): boolean {
  return entry.at.getTime() !== entry.recordedAt.getTime();
}
