import { type ChangeResult, type Incident, isOpen } from '../../../src/domain/incident';
import type { OutboxEntry, SideEffect } from '../../../src/domain/side-effect';
import type { TimelineEntry } from '../../../src/domain/timeline-entry';
import { CommandAlreadyAppliedError, CorruptRecordError, StorageUnavailableError } from '../../../src/errors';
import type {
  IncidentStore,
  PostmortemDraft,
  ReplaceOptions,
  ReplaceOutcome,
  Saved,
  StoredTimeline,
  VersionedIncident,
  WriteOptions,
} from '../../../src/ports/incident-store';
import { encodeTimelineRecord, TIMELINE_RECORD_SEPARATOR } from '../../../src/store/redis-incident-store';

interface Record {
  version: number;
  incident: Incident;
  timeline: Map<number, TimelineEntry>;
}

/**
 * The IncidentStore port in memory, with the Redis store's semantics: compare-and-set on a
 * version, a change and its outbox entries kept together, a command applied once, values copied
 * in and out (nothing aliases what a caller holds). test/ports/incident-store.test.ts runs the
 * same contract against both. `down` makes every call fail as Redis being away does.
 */
export class InMemoryIncidentStore implements IncidentStore {
  private readonly incidents = new Map<string, Record>();
  private readonly channels = new Map<string, string>();
  private readonly alertKeys = new Map<string, string>();
  private readonly postmortems = new Map<string, PostmortemDraft>();
  /** Outbox entries written with changes and not yet done, in the order they were written. */
  readonly outbox = new Map<string, OutboxEntry>();
  /** Ids of journaled commands whose change was saved. */
  readonly doneCommands = new Set<string>();
  private sequence = 0;
  down = false;
  /** Told of each journaled command whose change was saved (the Redis store deletes it from the journal in the same script). */
  onCommandDone: (id: string) => void = () => undefined;

  async nextIncidentId(): Promise<string> {
    this.reachable();
    this.sequence += 1;
    return String(this.sequence);
  }

  async create({ incident, entries }: ChangeResult, { effects = [], commandId }: WriteOptions = {}): Promise<Saved> {
    this.reachable();
    this.refuseIfDone(commandId);
    if (this.incidents.has(incident.id)) throw new CorruptRecordError(`Incident ${incident.id} exists already.`);
    this.markDone(commandId);
    this.incidents.set(incident.id, { version: 1, incident: structuredClone(incident), timeline: new Map(entries.map((e) => [e.seq, structuredClone(e)])) });
    this.channels.set(incident.channelId, incident.id);
    if (incident.alert) this.alertKeys.set(incident.alert.key, incident.id);
    return { outbox: this.keep(incident.id, 1, effects), replicated: true };
  }

  async get(id: string): Promise<VersionedIncident | undefined> {
    this.reachable();
    const record = this.incidents.get(id);
    return record && { version: record.version, incident: structuredClone(record.incident) };
  }

  async findByAlertKey(key: string): Promise<VersionedIncident | undefined> {
    this.reachable();
    const id = this.alertKeys.get(key);
    return id === undefined ? undefined : this.get(id);
  }

  async findByChannel(channelId: string): Promise<VersionedIncident | undefined> {
    this.reachable();
    const id = this.channels.get(channelId);
    return id === undefined ? undefined : this.get(id);
  }

  async replace(current: VersionedIncident, { incident, entries, removed = [] }: ChangeResult, options: ReplaceOptions = {}): Promise<ReplaceOutcome> {
    this.reachable();
    for (const id of options.commandIds ?? []) this.refuseIfDone(id);
    const record = this.incidents.get(incident.id);
    if (!record) throw new CorruptRecordError(`Incident ${incident.id} vanished from storage while it was being changed.`);
    if (record.version !== current.version) return { saved: false };
    for (const id of options.commandIds ?? []) this.markDone(id);
    record.version += 1;
    record.incident = structuredClone(incident);
    for (const seq of removed) record.timeline.delete(seq);
    for (const entry of entries) record.timeline.set(entry.seq, structuredClone(entry));
    return { saved: true, outbox: this.keep(incident.id, record.version, options.effects ?? []), replicated: true };
  }

  async timeline(id: string): Promise<TimelineEntry[]> {
    this.reachable();
    return [...(this.incidents.get(id)?.timeline.values() ?? [])].map((entry) => structuredClone(entry));
  }

  async timelineRecords(id: string): Promise<StoredTimeline> {
    return (await this.timeline(id)).map((entry) => encodeTimelineRecord(withLocalDates(entry))).join(TIMELINE_RECORD_SEPARATOR);
  }

  async listOpen(): Promise<Incident[]> {
    this.reachable();
    return [...this.incidents.values()].filter((r) => isOpen(r.incident)).map((r) => structuredClone(r.incident));
  }

  async countOpen(): Promise<number> {
    return (await this.listOpen()).length;
  }

  async savePostmortem(incidentId: string, draft: PostmortemDraft): Promise<void> {
    this.reachable();
    this.postmortems.set(incidentId, structuredClone(draft));
  }

  async latestPostmortem(incidentId: string): Promise<PostmortemDraft | undefined> {
    this.reachable();
    return structuredClone(this.postmortems.get(incidentId));
  }

  async ping(): Promise<void> {
    this.reachable();
  }

  /** Removes an incident as someone deleting its keys by hand would. */
  forget(id: string): void {
    const record = this.incidents.get(id);
    if (record) this.channels.delete(record.incident.channelId);
    this.incidents.delete(id);
  }

  private keep(incidentId: string, version: number, effects: readonly SideEffect[]): OutboxEntry[] {
    const createdAt = new Date();
    const entries = effects.map((effect, i) => ({ id: `${incidentId}-v${version}-${i}`, effect: structuredClone(effect), createdAt }));
    for (const entry of entries) this.outbox.set(entry.id, entry);
    return entries;
  }

  private refuseIfDone(commandId: string | undefined): void {
    if (commandId && this.doneCommands.has(commandId)) throw new CommandAlreadyAppliedError(commandId);
  }

  private markDone(commandId: string | undefined): void {
    if (!commandId) return;
    this.doneCommands.add(commandId);
    this.onCommandDone(commandId);
  }

  private reachable(): void {
    if (this.down) throw new StorageUnavailableError('Redis is unavailable: connection refused (in-memory store set down)');
  }
}

/**
 * `value` with every Date made again in this realm: jest's structuredClone makes Dates of
 * another one, which zod's encoding does not take for Dates.
 */
function withLocalDates<T>(value: T): T {
  if (Object.prototype.toString.call(value) === '[object Date]') return new Date((value as Date).getTime()) as T;
  if (Array.isArray(value)) return value.map(withLocalDates) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withLocalDates(v)])) as T;
  return value;
}
