/** A follow-up task as it is exported to the team's tracker. */
export interface FollowUp {
  incidentId: string;
  /** The task's timeline entry: with the incident id, it names the task for good. */
  seq: number;
  text: string;
  /** Who owns it, by name, when the task named someone. */
  ownerName?: string;
  /** The owner's e-mail, to assign the issue to their tracker account when one has it. */
  ownerEmail?: string;
  severity: string;
  incidentTitle: string;
  /** Where the incident is discussed (a link to its channel). */
  incidentLink: string;
  /** Carried in the issue's body, so a search can find an issue whose creation was not recorded. */
  marker: string;
}

/** An issue in the tracker. */
export interface TrackedIssue {
  /** How people name it: `#42` on GitHub, `OPS-17` on Jira. */
  key: string;
  url: string;
}

/** The team's tracker (GitHub Issues, Jira). Calls that fail throw TrackerCallError. */
export interface Tracker {
  readonly name: string;
  /** The issue whose body carries `marker`, if one exists. */
  find(marker: string): Promise<TrackedIssue | undefined>;
  create(followUp: FollowUp): Promise<TrackedIssue>;
  state(issue: TrackedIssue): Promise<'open' | 'closed'>;
}

/** What is known of one task's export: intended since `since` (the call may have happened), or done. */
export type FollowUpRecord = { state: 'pending'; since: Date } | { state: 'created'; issue: TrackedIssue };

/** The record of each task's export, kept before and after the tracker is called. */
export interface FollowUpRecords {
  get(incidentId: string, seq: number): Promise<FollowUpRecord | undefined>;
  /** Every task of an incident that has an issue, by the task's seq. */
  issuesOf(incidentId: string): Promise<Map<number, TrackedIssue>>;
  /** Records the intent where nothing is recorded yet; false when another attempt recorded it first. */
  claim(incidentId: string, seq: number, now: Date): Promise<boolean>;
  /** Takes over an intent whose attempt died (left pending too long). */
  reclaim(incidentId: string, seq: number, now: Date): Promise<void>;
  markCreated(incidentId: string, seq: number, issue: TrackedIssue): Promise<void>;
}
