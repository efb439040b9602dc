import type { Page } from './escalation/escalation';
import type { ChangeResult, Incident } from './incident';
import { isOpen } from './incident';
import type { TimelineEntry, TimelineEntryKind } from './timeline-entry';

/**
 * Something a saved change promises the people involved: shown in the channel, paged, announced.
 * Recorded with the change itself (the outbox), so a crash or an outage of the chat service
 * between the change and its delivery delays it and never loses it. Says what, not how: the
 * chat adapter decides the wording.
 */
export type SideEffect =
  /** Someone brought into the incident's channel (the declarer, at declaration). */
  | { kind: 'invite'; incidentId: string; userId: string }
  /** The summary posted and pinned in a new incident's channel. */
  | { kind: 'pinSummary'; incidentId: string }
  /** A new incident whose severity has no escalation levels: nobody will be paged automatically. */
  | { kind: 'unpaged'; incidentId: string }
  /** The declaration, told outside the incident's channel. */
  | { kind: 'announce'; incidentId: string }
  /** One timeline entry shown in the channel; a page entry pages (`page` says whom and at which level). */
  | { kind: 'entry'; incidentId: string; entry: TimelineEntry; page?: Page }
  /**
   * A page's second way to reach people: each person it names (groups expanded) directly, then
   * into the channel. Its own effect, after the page itself: in a storm every page reaches its
   * channel first, and the direct messages follow.
   */
  | { kind: 'directPage'; incidentId: string; entry: TimelineEntry; page: Page }
  /** The pinned summary brought up to the incident's current state; `latest` is the newest entry to show. */
  | { kind: 'summary'; incidentId: string; latest?: TimelineEntry }
  /** The channel topic brought up to severity and status. */
  | { kind: 'topic'; incidentId: string }
  /** The postmortem draft compiled and shared, at close. */
  | { kind: 'postmortem'; incidentId: string }
  /** The announcement brought up to date, and `entry` (an update, a severity change, the resolution, the close) told in its thread. */
  | { kind: 'announcement'; incidentId: string; entry: TimelineEntry }
  /** A follow-up task exported to the team's tracker, once. */
  | { kind: 'followUp'; incidentId: string; entry: TimelineEntry }
  /** A nudge for a quiet incident. */
  | { kind: 'reminder'; incidentId: string; quietMs: number };

export type SideEffectKind = SideEffect['kind'];

/** A side effect as the outbox keeps it until it is delivered. `id` is stable across retries. */
export interface OutboxEntry {
  id: string;
  effect: SideEffect;
  createdAt: Date;
}

/** What declaring an incident promises: its channel set up, and the declaration announced. */
export function declarationEffects(incident: Incident): SideEffect[] {
  const incidentId = incident.id;
  // An alert's incident is declared by Hotwash itself, already in the channel it opened.
  const effects: SideEffect[] = [
    ...(incident.alert ? [] : [{ kind: 'invite' as const, incidentId, userId: incident.declaredBy }]),
    { kind: 'topic', incidentId },
    { kind: 'pinSummary', incidentId },
  ];
  if (incident.escalation?.state === 'no_policy') effects.push({ kind: 'unpaged', incidentId });
  effects.push({ kind: 'announce', incidentId });
  return effects;
}

/**
 * Entries that are kept for the postmortem but not announced in the channel: the bookkeeping
 * (impact, cause, resolution, fixes, tasks) shows on the pinned summary and is confirmed to its
 * author alone, so the channel stays for what people need to see; captured messages are in the
 * channel already.
 */
const NOT_POSTED: ReadonlySet<TimelineEntryKind> = new Set(['message', 'summary', 'fix', 'task']);

/**
 * The follow-ups a change sends to the tracker: at close every task so far (`tasks`), and after
 * close each task as it is added. Undefined `tasks`: no tracker is configured.
 */
export function followUpEffects(previous: Incident, { incident, entries }: ChangeResult, tasks: readonly TimelineEntry[] | undefined): SideEffect[] {
  if (!tasks) return [];
  const incidentId = incident.id;
  if (isOpen(previous) && !isOpen(incident)) return tasks.filter((e) => e.kind === 'task').map((entry) => ({ kind: 'followUp', incidentId, entry }));
  if (!isOpen(incident)) return entries.filter((e) => e.kind === 'task').map((entry) => ({ kind: 'followUp', incidentId, entry }));
  return [];
}

/** What stakeholders hear of under the announcement. */
const ANNOUNCED: ReadonlySet<TimelineEntryKind> = new Set(['update', 'severity', 'resolved', 'closed']);

export function isBookkeeping(entry: TimelineEntry): boolean {
  return entry.kind === 'summary' || entry.kind === 'fix' || entry.kind === 'task';
}

/**
 * What a change promises: each new entry people need to see posted, then the summary, the topic
 * when severity or status moved, and the postmortem at close.
 */
export function changeEffects(previous: Incident, { incident, entries, page }: ChangeResult): SideEffect[] {
  const incidentId = incident.id;
  const posted = entries.filter((entry) => !NOT_POSTED.has(entry.kind));
  const effects: SideEffect[] = posted.flatMap((entry): SideEffect[] =>
    entry.kind === 'page' && page
      ? [
          { kind: 'entry', incidentId, entry, page },
          { kind: 'directPage', incidentId, entry, page },
        ]
      : [{ kind: 'entry', incidentId, entry }],
  );
  // The summary shows the newest entry, bookkeeping included (captured messages are in the channel).
  // Whoever is given a role is brought into the channel.
  for (const entry of entries) if (entry.kind === 'role' && entry.userId) effects.push({ kind: 'invite', incidentId, userId: entry.userId });
  const latest = posted.at(-1) ?? entries.filter((entry) => entry.kind !== 'message').at(-1);
  if (latest) effects.push({ kind: 'summary', incidentId, latest });
  // Stakeholders follow the arc under the announcement: updates, severity, resolution, close.
  for (const entry of entries) if (ANNOUNCED.has(entry.kind)) effects.push({ kind: 'announcement', incidentId, entry });
  if (incident.severity !== previous.severity || incident.status !== previous.status) effects.push({ kind: 'topic', incidentId });
  if (isOpen(previous) && !isOpen(incident)) effects.push({ kind: 'postmortem', incidentId });
  return effects;
}

/** Whether losing this effect would leave someone unpaged: its permanent failure is told to people. */
export function isPage(effect: SideEffect): boolean {
  return (effect.kind === 'entry' || effect.kind === 'directPage') && effect.entry.kind === 'page';
}
