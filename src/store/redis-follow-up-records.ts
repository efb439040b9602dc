import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { FollowUpRecord, FollowUpRecords, TrackedIssue } from '../ports/tracker';
import { RedisKeys } from './redis-keys';
import { instant } from './schemas';
import { storageCall } from './storage-call';
import { decodeJson, encodeJson } from './stored-json';

const recordSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('pending'), since: instant }),
  z.object({ state: z.literal('created'), issue: z.object({ key: z.string(), url: z.string() }) }),
]);

/** Export records in one hash per incident: task seq → record. */
export class RedisFollowUpRecords implements FollowUpRecords {
  private readonly keys: RedisKeys;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.keys = new RedisKeys(prefix);
  }

  async get(incidentId: string, seq: number): Promise<FollowUpRecord | undefined> {
    const json = await storageCall(() => this.redis.hget(this.keys.followUps(incidentId), String(seq)));
    return json === null ? undefined : decodeJson(recordSchema, json, `The export record of task ${seq} of incident ${incidentId}`);
  }

  async issuesOf(incidentId: string): Promise<Map<number, TrackedIssue>> {
    const all = await storageCall(() => this.redis.hgetall(this.keys.followUps(incidentId)));
    const issues = new Map<number, TrackedIssue>();
    for (const [seq, json] of Object.entries(all)) {
      const record = decodeJson(recordSchema, json, `The export record of task ${seq} of incident ${incidentId}`);
      if (record.state === 'created') issues.set(Number(seq), record.issue);
    }
    return issues;
  }

  async claim(incidentId: string, seq: number, now: Date): Promise<boolean> {
    // Only where nothing is recorded: one attempt claims, and a created issue is never forgotten.
    const set = await storageCall(() =>
      this.redis.hsetnx(this.keys.followUps(incidentId), String(seq), encodeJson(recordSchema, { state: 'pending', since: now })),
    );
    return set === 1;
  }

  async reclaim(incidentId: string, seq: number, now: Date): Promise<void> {
    await storageCall(() => this.redis.hset(this.keys.followUps(incidentId), String(seq), encodeJson(recordSchema, { state: 'pending', since: now })));
  }

  async markCreated(incidentId: string, seq: number, issue: TrackedIssue): Promise<void> {
    await storageCall(() => this.redis.hset(this.keys.followUps(incidentId), String(seq), encodeJson(recordSchema, { state: 'created', issue })));
  }
}
