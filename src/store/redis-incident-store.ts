import { setImmediate as nextTurn } from 'node:timers/promises';
import { storageCall } from './storage-call';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { ChangeResult, Incident } from '../domain/incident';
import { isOpen } from '../domain/incident';
import type { TimelineEntry } from '../domain/timeline-entry';
import { CommandAlreadyAppliedError, CorruptRecordError, type StorageUnavailableError } from '../errors';
import type { OutboxEntry, SideEffect } from '../domain/side-effect';
import type {
  IncidentStore,
  PostmortemDraft,
  ReplaceOptions,
  ReplaceOutcome,
  Saved,
  StoredTimeline,
  VersionedIncident,
  WriteOptions,
} from '../ports/incident-store';
import type { ReplicaWait } from './replica-wait';
import { INTAKE_DONE_TTL_SECONDS, RedisKeys } from './redis-keys';
import { storedIncidentSchema, storedOutboxEntrySchema, storedPostmortemSchema, storedTimelineEntrySchema } from './schemas';
import { decodeJson, encodeJson } from './stored-json';

// What every incident write ends with: its outbox entries kept, and the journaled command it carries
// out (if any) marked done. OUTBOX_AND_INTAKE expects `o` (the ARGV index of the first outbox
// triple: id, JSON, due score), `n` (how many), `createdAt`, and the intake keys at KEYS[k..k+2].
const COMMAND_STILL_PENDING = `
local function commandPending(commandKey, commandId)
  return commandId == '' or redis.call('EXISTS', commandKey) == 1
end
`;
const OUTBOX_AND_INTAKE = `
local function keepOutbox(entriesKey, dueKey, createdKey, first, count, createdAt)
  for i = first, first + 3 * (count - 1), 3 do
    redis.call('HSET', entriesKey, ARGV[i], ARGV[i + 1])
    redis.call('ZADD', dueKey, ARGV[i + 2], ARGV[i])
    redis.call('ZADD', createdKey, createdAt, ARGV[i])
  end
end
local function completeCommand(commandKey, pendingKey, doneKey, commandId, ttl)
  if commandId == '' then return end
  redis.call('DEL', commandKey)
  redis.call('ZREM', pendingKey, commandId)
  redis.call('SET', doneKey, '1', 'EX', ttl)
end
`;

// A new incident: the record, its channel mapping, the open index and its first entries, and the
// alert group it stands for (KEYS[11], which ends in ':' when there is none).
// KEYS: incident, channel, open, timeline, outbox entries/due/created, intake command/pending/done, alert.
// ARGV: data, id, commandId, createdAt, doneTtl, outbox count, outbox triples…, then seq/entry pairs.
const CREATE_INCIDENT_LUA = `${COMMAND_STILL_PENDING}${OUTBOX_AND_INTAKE}
if not commandPending(KEYS[8], ARGV[3]) then return -2 end
if redis.call('EXISTS', KEYS[1]) == 1 then return -1 end
redis.call('HSET', KEYS[1], 'version', 1, 'data', ARGV[1])
redis.call('SET', KEYS[2], ARGV[2])
redis.call('SADD', KEYS[3], ARGV[2])
local outboxCount = tonumber(ARGV[6])
keepOutbox(KEYS[5], KEYS[6], KEYS[7], 7, outboxCount, ARGV[4])
for i = 7 + 3 * outboxCount, #ARGV, 2 do redis.call('HSET', KEYS[4], ARGV[i], ARGV[i + 1]) end
completeCommand(KEYS[8], KEYS[9], KEYS[10], ARGV[3], ARGV[5])
if string.sub(KEYS[11], -1) ~= ':' then redis.call('SET', KEYS[11], ARGV[2]) end
return 1
`;

// Compare-and-set of one incident: the record, its timeline entries (new, rewritten or removed),
// the open index, the outbox and the commands it carries out change together, and only if nobody
// else wrote the incident since it was read. Several journaled commands may be carried out by one
// write (changes to one incident written together); -(1000 + i) names the i-th (0-based) that was
// carried out already, and nothing is written.
// KEYS: incident, timeline, open, outbox entries/due/created, intake pending, then a command key
// and a done key per command.
// ARGV: version, data, id, open?, createdAt, doneTtl, removed count, outbox count, command count,
// removed seqs…, outbox triples…, command ids…, then seq/entry pairs.
const REPLACE_INCIDENT_LUA = `${OUTBOX_AND_INTAKE}
local commands = tonumber(ARGV[9])
for c = 0, commands - 1 do
  if redis.call('EXISTS', KEYS[8 + 2 * c]) == 0 then return -(1000 + c) end
end
local version = redis.call('HGET', KEYS[1], 'version')
if not version then return -1 end
if version ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'version', tonumber(version) + 1, 'data', ARGV[2])
local removed = tonumber(ARGV[7])
local outboxCount = tonumber(ARGV[8])
for i = 10, 9 + removed do redis.call('HDEL', KEYS[2], ARGV[i]) end
keepOutbox(KEYS[4], KEYS[5], KEYS[6], 10 + removed, outboxCount, ARGV[5])
local firstCommand = 10 + removed + 3 * outboxCount
for c = 0, commands - 1 do
  completeCommand(KEYS[8 + 2 * c], KEYS[7], KEYS[9 + 2 * c], ARGV[firstCommand + c], ARGV[6])
end
for i = firstCommand + commands, #ARGV, 2 do redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1]) end
if ARGV[4] == '1' then redis.call('SADD', KEYS[3], ARGV[3]) else redis.call('SREM', KEYS[3], ARGV[3]) end
return 1
`;

/** A timeline's entries (the hash's values) in one string, joined by ARGV[1]: one reply to read rather than ten thousand. */
const TIMELINE_RECORDS_LUA = "return table.concat(redis.call('HVALS', KEYS[1]), ARGV[1])";

type RedisWithScripts = Redis & {
  hotwashCreateIncident(...args: (string | number)[]): Promise<number>;
  hotwashReplaceIncident(...args: (string | number)[]): Promise<number>;
  hotwashTimelineRecords(key: string, separator: string): Promise<string>;
};

export interface RedisIncidentStoreOptions {
  /** Told of every Redis failure (for the error counter); the failure is still thrown. */
  onUnavailable?: (error: StorageUnavailableError) => void;
  /** How long the writer has to deliver an outbox entry itself before the sweep takes it over. */
  outboxGraceMs?: number;
  /** With REDIS_MIN_REPLICAS_ACK: changes are written on `connection` and WAIT there for replicas. */
  replicas?: { wait: ReplicaWait; connection: Redis };
}

/** Timeline entries decoded between two pauses when a long timeline is read. */
const DECODE_SLICE = 250;
/** Open incidents read and decoded per round trip when all are listed (the escalation sweep). */
const LIST_SLICE = 100;

/** By default the writer has 30 s: more than its own Slack calls can take, retries included. */
export const DEFAULT_OUTBOX_GRACE_MS = 30_000;

export class RedisIncidentStore implements IncidentStore {
  private readonly redis: RedisWithScripts;
  /** Where changes are written: the main connection, or the one that WAITs for replicas. */
  private readonly writer: RedisWithScripts;
  private readonly keys: RedisKeys;
  private readonly onUnavailable: (error: StorageUnavailableError) => void;

  constructor(
    redis: Redis,
    prefix: string,
    private readonly options: RedisIncidentStoreOptions = {},
  ) {
    this.redis = withScripts(redis);
    this.writer = options.replicas ? withScripts(options.replicas.connection) : this.redis;
    this.keys = new RedisKeys(prefix);
    this.onUnavailable = options.onUnavailable ?? (() => undefined);
  }

  async nextIncidentId(): Promise<string> {
    return String(await this.call(() => this.redis.incr(this.keys.incidentSeq())));
  }

  async create({ incident, entries }: ChangeResult, { effects = [], commandId = '' }: WriteOptions = {}): Promise<Saved> {
    // Encode before calling Redis: a value our own schema refuses is a bug, not an outage.
    const data = encodeIncident(incident);
    const outbox = outboxEntries(incident.id, 1, effects);
    const encoded = [...this.outboxArgs(outbox), ...entryFields(entries)];
    const k = this.keys;
    const outcome = await this.call(() =>
      this.writer.hotwashCreateIncident(
        k.incident(incident.id),
        k.channel(incident.channelId),
        k.openIncidents(),
        k.timeline(incident.id),
        ...this.outboxAndIntakeKeys(commandId),
        k.alertIncident(incident.alert?.key),
        data,
        incident.id,
        commandId,
        now(),
        INTAKE_DONE_TTL_SECONDS,
        outbox.length,
        ...encoded,
      ),
    );
    if (outcome === -2) throw new CommandAlreadyAppliedError(commandId);
    if (outcome === -1) throw new CorruptRecordError(`Incident ${incident.id} exists already.`);
    return { outbox, replicated: await this.replicated() };
  }

  async get(id: string): Promise<VersionedIncident | undefined> {
    const record = await this.call(() => this.redis.hmget(this.keys.incident(id), 'version', 'data'));
    const [version, data] = record;
    if (version === null || version === undefined || data === null || data === undefined) return undefined;
    return { version: Number(version), incident: decodeIncident(data, id) };
  }

  async findByAlertKey(key: string): Promise<VersionedIncident | undefined> {
    const id = await this.call(() => this.redis.get(this.keys.alertIncident(key)));
    return id === null ? undefined : this.get(id);
  }

  async findByChannel(channelId: string): Promise<VersionedIncident | undefined> {
    const id = await this.call(() => this.redis.get(this.keys.channel(channelId)));
    return id === null ? undefined : this.get(id);
  }

  async replace(
    current: VersionedIncident,
    { incident, entries, removed = [] }: ChangeResult,
    { effects = [], commandIds = [] }: ReplaceOptions = {},
  ): Promise<ReplaceOutcome> {
    const id = incident.id;
    // Encode before calling Redis: a value our own schema refuses is a bug, not an outage.
    const data = encodeIncident(incident);
    const outbox = outboxEntries(id, current.version + 1, effects);
    const k = this.keys;
    const keys = [
      k.incident(id),
      k.timeline(id),
      k.openIncidents(),
      k.outboxEntries(),
      k.outboxDue(),
      k.outboxCreated(),
      k.intakePending(),
      ...commandIds.flatMap((commandId) => [k.intakeCommand(commandId), k.intakeDone(commandId)]),
    ];
    const args = [
      String(current.version),
      data,
      id,
      isOpen(incident) ? '1' : '0',
      now(),
      INTAKE_DONE_TTL_SECONDS,
      removed.length,
      outbox.length,
      commandIds.length,
      ...removed.map(String),
      ...this.outboxArgs(outbox),
      ...commandIds,
      ...entryFields(entries),
    ];
    const outcome = await this.call(() => this.writer.hotwashReplaceIncident(keys.length, ...keys, ...args));
    if (outcome <= -1000) throw new CommandAlreadyAppliedError(commandIds[-outcome - 1000]!);
    if (outcome === -1) throw new CorruptRecordError(`Incident ${id} vanished from storage while it was being changed.`);
    if (outcome === 0) return { saved: false };
    return { saved: true, outbox, replicated: await this.replicated() };
  }

  private async replicated(): Promise<boolean> {
    return this.options.replicas ? this.options.replicas.wait.settle(this.options.replicas.connection) : true;
  }

  /** The keys both scripts end with (OUTBOX_AND_INTAKE): the outbox's, then the journaled command's. */
  private outboxAndIntakeKeys(commandId: string): string[] {
    const k = this.keys;
    return [k.outboxEntries(), k.outboxDue(), k.outboxCreated(), k.intakeCommand(commandId), k.intakePending(), k.intakeDone(commandId)];
  }

  /** id, JSON and due time of each entry, as the scripts read them. */
  private outboxArgs(outbox: readonly OutboxEntry[]): string[] {
    const graceMs = this.options.outboxGraceMs ?? DEFAULT_OUTBOX_GRACE_MS;
    return outbox.flatMap((entry) => [entry.id, encodeJson(storedOutboxEntrySchema, entry), String(entry.createdAt.getTime() + graceMs)]);
  }

  async timeline(id: string): Promise<TimelineEntry[]> {
    return decodeTimelineInTurns(await this.timelineRecords(id), id);
  }

  async timelineRecords(id: string): Promise<StoredTimeline> {
    return this.call(() => this.redis.hotwashTimelineRecords(this.keys.timeline(id), TIMELINE_RECORD_SEPARATOR));
  }

  async listOpen(): Promise<Incident[]> {
    const ids = await this.call(() => this.redis.smembers(this.keys.openIncidents()));
    const open: Incident[] = [];
    // A slice at a time, each its own round trip: the replies of a thousand reads arrive together,
    // and decoding them all in one go held the event loop for tens of milliseconds.
    for (let i = 0; i < ids.length; i += LIST_SLICE) {
      const found = await Promise.all(ids.slice(i, i + LIST_SLICE).map((id) => this.get(id)));
      for (const record of found) if (record) open.push(record.incident);
    }
    return open;
  }

  async countOpen(): Promise<number> {
    return this.call(() => this.redis.scard(this.keys.openIncidents()));
  }

  async savePostmortem(incidentId: string, draft: PostmortemDraft): Promise<void> {
    const fields = z.encode(storedPostmortemSchema, draft);
    await this.call(() => this.redis.hset(this.keys.postmortem(incidentId), fields));
  }

  async latestPostmortem(incidentId: string): Promise<PostmortemDraft | undefined> {
    const fields = await this.call(() => this.redis.hgetall(this.keys.postmortem(incidentId)));
    if (Object.keys(fields).length === 0) return undefined;
    const parsed = storedPostmortemSchema.safeDecode(fields as z.input<typeof storedPostmortemSchema>);
    if (!parsed.success) throw new CorruptRecordError(`The postmortem of incident ${incidentId} is malformed: ${parsed.error.message}`);
    return parsed.data;
  }

  async ping(): Promise<void> {
    await this.call(() => this.redis.ping());
  }

  /** Turns every Redis failure into one error the user-facing layer knows how to explain. */
  private call<T>(operation: () => Promise<T>): Promise<T> {
    return storageCall(operation, { onUnavailable: this.onUnavailable });
  }
}

function withScripts(redis: Redis): RedisWithScripts {
  if (!('hotwashReplaceIncident' in redis)) {
    redis.defineCommand('hotwashCreateIncident', { numberOfKeys: 11, lua: CREATE_INCIDENT_LUA });
    // The number of keys varies with the commands carried out: it is passed first on every call.
    redis.defineCommand('hotwashReplaceIncident', { lua: REPLACE_INCIDENT_LUA });
    redis.defineCommand('hotwashTimelineRecords', { numberOfKeys: 1, lua: TIMELINE_RECORDS_LUA });
  }
  return redis as RedisWithScripts;
}

/** The wall clock, not the incident clock: outbox timing is about this process, not the incident. */
function now(): number {
  return Date.now();
}

/** Ids are stable for a change (the incident's new version), so writing the change twice cannot double them. */
function outboxEntries(incidentId: string, version: number, effects: readonly SideEffect[]): OutboxEntry[] {
  const createdAt = new Date(now());
  return effects.map((effect, i) => ({ id: `${incidentId}-v${version}-${i}`, effect, createdAt }));
}

/** An incident as the store encodes it (for a reader in another thread: the postmortem worker). */
export function encodeIncident(incident: Incident): string {
  return encodeJson(storedIncidentSchema, incident);
}

/** An incident as encodeIncident wrote it; CorruptRecordError when it does not decode. */
export function decodeIncident(json: string, id: string): Incident {
  return decodeJson(storedIncidentSchema, json, `Incident ${id}`);
}

function entryFields(entries: readonly TimelineEntry[]): string[] {
  return entries.flatMap((entry) => [String(entry.seq), encodeTimelineRecord(entry)]);
}

/**
 * Between two entries of a StoredTimeline: ASCII's record separator, a control character, which
 * valid JSON never holds raw (not as whitespace, and escaped inside strings).
 */
export const TIMELINE_RECORD_SEPARATOR = '\u001e';

/** The entries of a StoredTimeline, each still encoded. */
function splitRecords(records: StoredTimeline): string[] {
  return records === '' ? [] : records.split(TIMELINE_RECORD_SEPARATOR);
}

function decodeEntry(json: string, id: string): TimelineEntry {
  return decodeJson(storedTimelineEntrySchema, json, `A timeline entry of incident ${id}`);
}

/**
 * Timeline entries of incident `id` as timelineRecords gives them, in recording order;
 * CorruptRecordError for one that does not decode. A slice at a time: checking each entry against
 * its schema is the costly part of reading a long timeline, so other work gets turns in between.
 */
export async function decodeTimelineInTurns(stored: StoredTimeline, id: string): Promise<TimelineEntry[]> {
  const records = splitRecords(stored);
  const entries: TimelineEntry[] = [];
  // A long one's first slice waits a turn too: reading the reply was a block of its own.
  for (let start = 0; start < records.length; start += DECODE_SLICE) {
    if (records.length > DECODE_SLICE) await nextTurn();
    for (const json of records.slice(start, start + DECODE_SLICE)) entries.push(decodeEntry(json, id));
  }
  // Redis keeps a hash's fields in no order that lasts (a large hash is a hash table): by seq.
  return entries.sort((a, b) => a.seq - b.seq);
}

/** A timeline entry as timelineRecords gives it. */
export function encodeTimelineRecord(entry: TimelineEntry): string {
  return encodeJson(storedTimelineEntrySchema, entry);
}
