import type { ChangeResult, Incident } from '../domain/incident';
import type { OutboxEntry, SideEffect } from '../domain/side-effect';
import type { TimelineEntry } from '../domain/timeline-entry';

/** A compiled postmortem draft, as last generated. */
export interface PostmortemDraft {
  markdown: string;
  generatedAt: Date;
}

/** An incident as read, with the version a later write must still find to succeed. */
export interface VersionedIncident {
  incident: Incident;
  version: number;
}

/** What is written in the same atomic step as a change. */
export interface WriteOptions {
  /** The side effects the change promises: they go into the outbox with it. */
  effects?: readonly SideEffect[];
  /**
   * The journaled command this change carries out: it is marked done with the change, and a
   * write for a command already done is refused (CommandAlreadyAppliedError), so it applies once.
   */
  commandId?: string;
}

/** A replace may carry out several journaled commands at once (changes to one incident written together). */
export interface ReplaceOptions {
  effects?: readonly SideEffect[];
  /** As WriteOptions' commandId, for each; the error names the first one found done already. */
  commandIds?: readonly string[];
}

/**
 * A saved change: its outbox entries, and whether enough replicas hold it that its effects may
 * be delivered at once (false: the recovery sweep delivers them after the grace period).
 */
export interface Saved {
  outbox: OutboxEntry[];
  replicated: boolean;
}

export type ReplaceOutcome = { saved: false } | ({ saved: true } & Saved);

/**
 * A timeline as the store keeps it: its entries encoded, in no particular order, in one string
 * (the store adapter's decodeTimelineInTurns reads it). One string is read from Redis and handed
 * to another thread in one piece, where ten thousand would each be an object to collect.
 */
export type StoredTimeline = string;

/** Where incidents and their timelines are kept. Every write of one change is atomic. */
export interface IncidentStore {
  /** A new, never reused incident id. */
  nextIncidentId(): Promise<string>;
  /** Saves a newly declared incident with its first entries and maps its channel to it. */
  create(declared: ChangeResult, options?: WriteOptions): Promise<Saved>;
  get(id: string): Promise<VersionedIncident | undefined>;
  findByChannel(channelId: string): Promise<VersionedIncident | undefined>;
  /** The incident an alert group last declared (open or closed), by the group's key. */
  findByAlertKey(key: string): Promise<VersionedIncident | undefined>;
  /**
   * Saves `change` if the incident is still at `current.version`; `saved: false` when someone
   * else changed it first (read again and retry).
   */
  replace(current: VersionedIncident, change: ChangeResult, options?: ReplaceOptions): Promise<ReplaceOutcome>;
  /** The incident's timeline, in the order it was recorded (by seq). */
  timeline(id: string): Promise<TimelineEntry[]>;
  /**
   * The timeline as kept, each entry still encoded (in no particular order), for a reader that
   * decodes it elsewhere: the postmortem worker, so that a long one is not decoded on the thread
   * that answers Slack.
   */
  timelineRecords(id: string): Promise<StoredTimeline>;
  listOpen(): Promise<Incident[]>;
  /** How many incidents are not closed, without reading them. */
  countOpen(): Promise<number>;
  /** Keeps the latest postmortem draft with the incident (replacing any earlier one). */
  savePostmortem(incidentId: string, draft: PostmortemDraft): Promise<void>;
  latestPostmortem(incidentId: string): Promise<PostmortemDraft | undefined>;
  /** Resolves when storage answers; rejects with StorageUnavailableError when it does not. */
  ping(): Promise<void>;
}
