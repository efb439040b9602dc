import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { ChangeResult, Incident } from '../domain/incident';
import { isOpen } from '../domain/incident';
import type { TimelineEntry } from '../domain/timeline-entry';
import { CorruptRecordError, StorageUnavailableError } from '../errors';
import type { IncidentStore, PostmortemDraft, VersionedIncident } from '../ports/incident-store';
import { storedIncidentSchema, storedPostmortemSchema, storedTimelineEntrySchema } from './schemas';

// Compare-and-set of one incident: the record, its timeline entries (new, rewritten or removed)
// and the open index change together, and only if nobody else wrote the incident since it was read.
// ARGV: version, data, id, open?, number of removed entries, their seqs, then seq/entry pairs.
const REPLACE_INCIDENT_LUA = `
local version = redis.call('HGET', KEYS[1], 'version')
if not version then return -1 end
if version ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'version', tonumber(version) + 1, 'data', ARGV[2])
local removed = tonumber(ARGV[5])
for i = 6, 5 + removed do redis.call('HDEL', KEYS[2], ARGV[i]) end
for i = 6 + removed, #ARGV, 2 do redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1]) end
if ARGV[4] == '1' then redis.call('SADD', KEYS[3], ARGV[3]) else redis.call('SREM', KEYS[3], ARGV[3]) end
return 1
`;

type RedisWithScripts = Redis & {
  hotwashReplaceIncident(...args: (string | number)[]): Promise<number>;
};

export class RedisIncidentStore implements IncidentStore {
  private readonly redis: RedisWithScripts;

  constructor(
    redis: Redis,
    private readonly prefix: string,
    /** Told of every Redis failure (for the error counter); the failure is still thrown. */
    private readonly onUnavailable: (error: StorageUnavailableError) => void = () => undefined,
  ) {
    if (!('hotwashReplaceIncident' in redis)) {
      redis.defineCommand('hotwashReplaceIncident', { numberOfKeys: 3, lua: REPLACE_INCIDENT_LUA });
    }
    this.redis = redis as RedisWithScripts;
  }

  private key(...parts: string[]): string {
    return [this.prefix, ...parts].join(':');
  }

  async nextIncidentId(): Promise<string> {
    return String(await this.call(() => this.redis.incr(this.key('incident', 'seq'))));
  }

  async create({ incident, entries }: ChangeResult): Promise<void> {
    const data = encodeIncident(incident);
    const fields = entryFields(entries);
    const tx = this.redis
      .multi()
      .hset(this.key('incident', incident.id), 'version', 1, 'data', data)
      .set(this.key('channel', incident.channelId), incident.id)
      .sadd(this.key('incidents', 'open'), incident.id);
    if (fields.length > 0) tx.hset(this.key('incident', incident.id, 'timeline'), ...fields);
    const results = await this.call(() => tx.exec());
    const failed = results?.find(([error]) => error);
    if (!results || failed) {
      const refused = new StorageUnavailableError(`Redis refused the write: ${failed?.[0]?.message ?? 'transaction aborted'}`);
      this.onUnavailable(refused);
      throw refused;
    }
  }

  async get(id: string): Promise<VersionedIncident | undefined> {
    const record = await this.call(() => this.redis.hmget(this.key('incident', id), 'version', 'data'));
    const [version, data] = record;
    if (version === null || version === undefined || data === null || data === undefined) return undefined;
    return { version: Number(version), incident: decodeIncident(data, id) };
  }

  async findByChannel(channelId: string): Promise<VersionedIncident | undefined> {
    const id = await this.call(() => this.redis.get(this.key('channel', channelId)));
    return id === null ? undefined : this.get(id);
  }

  async replace(current: VersionedIncident, { incident, entries, removed = [] }: ChangeResult): Promise<boolean> {
    const id = incident.id;
    // Encode before calling Redis: a value our own schema refuses is a bug, not an outage.
    const data = encodeIncident(incident);
    const fields = entryFields(entries);
    const outcome = await this.call(() =>
      this.redis.hotwashReplaceIncident(
        this.key('incident', id),
        this.key('incident', id, 'timeline'),
        this.key('incidents', 'open'),
        String(current.version),
        data,
        id,
        isOpen(incident) ? '1' : '0',
        removed.length,
        ...removed.map(String),
        ...fields,
      ),
    );
    if (outcome === -1) throw new CorruptRecordError(`Incident ${id} vanished from storage while it was being changed.`);
    return outcome === 1;
  }

  async timeline(id: string): Promise<TimelineEntry[]> {
    const fields = await this.call(() => this.redis.hgetall(this.key('incident', id, 'timeline')));
    return Object.values(fields).map((json) => decodeEntry(json, id));
  }

  async listOpen(): Promise<Incident[]> {
    const ids = await this.call(() => this.redis.smembers(this.key('incidents', 'open')));
    const found = await Promise.all(ids.map((id) => this.get(id)));
    return found.flatMap((record) => (record ? [record.incident] : []));
  }

  async countOpen(): Promise<number> {
    return this.call(() => this.redis.scard(this.key('incidents', 'open')));
  }

  async savePostmortem(incidentId: string, draft: PostmortemDraft): Promise<void> {
    const fields = z.encode(storedPostmortemSchema, draft);
    await this.call(() => this.redis.hset(this.key('incident', incidentId, 'postmortem'), fields));
  }

  async latestPostmortem(incidentId: string): Promise<PostmortemDraft | undefined> {
    const fields = await this.call(() => this.redis.hgetall(this.key('incident', incidentId, 'postmortem')));
    if (Object.keys(fields).length === 0) return undefined;
    const parsed = storedPostmortemSchema.safeDecode(fields as z.input<typeof storedPostmortemSchema>);
    if (!parsed.success) throw new CorruptRecordError(`The postmortem of incident ${incidentId} is malformed: ${parsed.error.message}`);
    return parsed.data;
  }

  async ping(): Promise<void> {
    await this.call(() => this.redis.ping());
  }

  /** Turns every Redis failure into one error the user-facing layer knows how to explain. */
  private async call<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      if (error instanceof CorruptRecordError) throw error;
      const unavailable =
        error instanceof StorageUnavailableError ? error
        : new StorageUnavailableError(`Redis is unavailable: ${(error as Error).message}`, { cause: error });
      this.onUnavailable(unavailable);
      throw unavailable;
    }
  }
}

function encodeIncident(incident: Incident): string {
  return JSON.stringify(z.encode(storedIncidentSchema, incident));
}

function parseJson(json: string, what: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    throw new CorruptRecordError(`${what} in storage is not JSON.`);
  }
}

function decodeIncident(json: string, id: string): Incident {
  // The cast only satisfies the signature: safeDecode checks the shape at run time.
  const parsed = storedIncidentSchema.safeDecode(parseJson(json, `Incident ${id}`) as z.input<typeof storedIncidentSchema>);
  if (!parsed.success) throw new CorruptRecordError(`Incident ${id} in storage is malformed: ${parsed.error.message}`);
  return parsed.data;
}

function entryFields(entries: readonly TimelineEntry[]): string[] {
  return entries.flatMap((entry) => [String(entry.seq), JSON.stringify(z.encode(storedTimelineEntrySchema, entry))]);
}

function decodeEntry(json: string, id: string): TimelineEntry {
  const parsed = storedTimelineEntrySchema.safeDecode(
    parseJson(json, `A timeline entry of incident ${id}`) as z.input<typeof storedTimelineEntrySchema>,
  );
  if (!parsed.success) throw new CorruptRecordError(`A timeline entry of incident ${id} is malformed: ${parsed.error.message}`);
  return parsed.data;
}
