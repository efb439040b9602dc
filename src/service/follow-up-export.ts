import type { Incident } from '../domain/incident';
import type { OutboxEntry } from '../domain/side-effect';
import type { TimelineEntry } from '../domain/timeline-entry';
import type { FollowUpRecords, TrackedIssue, Tracker } from '../ports/tracker';
import type { UserDirectory } from '../ports/user-directory';
import { TrackerCallError } from '../errors';

/** Tells the incident's people what was created in the tracker (the chat adapter words it). */
export interface FollowUpNotices {
  exported(incident: Incident, task: TimelineEntry & { kind: 'task' }, issue: TrackedIssue, trackerName: string): Promise<void>;
}

export interface FollowUpExportDeps {
  tracker: Tracker;
  records: FollowUpRecords;
  users: UserDirectory;
  notices: FollowUpNotices;
  /** A link to an incident's channel, for the issue's body. */
  linkTo: (incident: Incident) => string;
  clock?: () => Date;
}

/**
 * An intent younger than this with no issue yet may be another attempt's, still in flight (two
 * replicas at once): wait for it. Older, with no issue in the tracker, its attempt failed or died.
 */
const IN_FLIGHT_MS = 5_000;

/** What every exported issue's body carries, so a crash between creating it and recording it is recovered. */
export function followUpMarker(incidentId: string, seq: number): string {
  return `hotwash-followup:${incidentId}-${seq}`;
}

/**
 * Exports a task to the tracker exactly once. The intent is recorded before the call; a retry
 * that finds it (the call may have happened, its answer lost) looks for the issue by its marker
 * before creating one; the issue is recorded as soon as it exists.
 */
export class FollowUpExport {
  constructor(private readonly deps: FollowUpExportDeps) {}

  async deliver({ effect }: OutboxEntry, incident: Incident): Promise<void> {
    if (effect.kind !== 'followUp' || effect.entry.kind !== 'task') return;
    const task = { ...effect.entry, kind: 'task' as const };
    const { tracker, records } = this.deps;
    const now = (this.deps.clock ?? (() => new Date()))();
    const marker = followUpMarker(incident.id, task.seq);
    let issue: TrackedIssue | undefined;
    if (!(await records.claim(incident.id, task.seq, now))) {
      // Recorded before: done, or another attempt (this one before a crash, or another replica) is at it.
      const record = await records.get(incident.id, task.seq);
      if (record?.state === 'created') return;
      issue = await tracker.find(marker);
      if (!issue) {
        if (record && now.getTime() - record.since.getTime() < IN_FLIGHT_MS) {
          throw new TrackerCallError(tracker.name, 0, 'another attempt is creating this issue; trying again later');
        }
        await records.reclaim(incident.id, task.seq, now);
      }
    }
    if (!issue) {
      const owner = task.ownerId ? ((await this.deps.users.names([task.ownerId])).get(task.ownerId) ?? task.ownerId) : undefined;
      const ownerEmail = task.ownerId ? await this.deps.users.emailOf(task.ownerId) : undefined;
      try {
        issue = await tracker.create({
          incidentId: incident.id,
          seq: task.seq,
          text: task.text,
          ...(owner ? { ownerName: owner } : {}),
          ...(ownerEmail ? { ownerEmail } : {}),
          severity: incident.severity,
          incidentTitle: incident.title,
          incidentLink: this.deps.linkTo(incident),
          marker,
        });
      } catch (error) {
        // This attempt is over, its outcome unknown: the next one looks for the issue first, and need not wait.
        await records.reclaim(incident.id, task.seq, new Date(0)).catch(() => undefined);
        throw error;
      }
    }
    await records.markCreated(incident.id, task.seq, issue);
    await this.deps.notices.exported(incident, task, issue, tracker.name);
  }
}
