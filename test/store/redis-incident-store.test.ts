import type { Redis } from 'ioredis';
import { applyChange, declareIncident, type Incident } from '../../src/domain/incident';
import { CorruptRecordError, StorageUnavailableError } from '../../src/errors';
import { IncidentService } from '../../src/service/incident-service';
import { createRedisConnection } from '../../src/store/redis-connection';
import { RedisIncidentStore } from '../../src/store/redis-incident-store';
import { deleteKeysUnder, keysUnder, testRedisUrl, uniquePrefix } from '../support/redis';
import { InThreadPostmortemCompiler } from '../../src/postmortem-compiler/in-thread-postmortem-compiler';

const t = (hhmm: string) => new Date(`2024-02-05T${hhmm}:00Z`);

describe('RedisIncidentStore', () => {
  let redis: Redis;
  let prefix: string;
  let store: RedisIncidentStore;

  beforeEach(() => {
    redis = createRedisConnection(testRedisUrl());
    prefix = uniquePrefix('store');
    store = new RedisIncidentStore(redis, prefix);
  });

  afterEach(async () => {
    await deleteKeysUnder(redis, prefix);
    redis.disconnect();
  });

  async function createIncident(channelId = 'C1'): Promise<Incident> {
    const id = await store.nextIncidentId();
    const declared = declareIncident({
      id,
      title: 'Checkout down',
      severity: 'sev2',
      startedAt: t('10:00'),
      declaredBy: 'UALICE',
      channelId,
      channelName: `inc-${id}`,
      now: t('10:20'),
    });
    await store.create(declared);
    return declared.incident;
  }

  test('ids are sequential and never reused', async () => {
    expect([await store.nextIncidentId(), await store.nextIncidentId()]).toEqual(['1', '2']);
  });

  test('an incident and its timeline round-trip through storage exactly', async () => {
    const incident = await createIncident();
    const found = await store.findByChannel('C1');
    expect(found).toEqual({ version: 1, incident });
    expect(found!.incident.startedAt).toBeInstanceOf(Date);
    const timeline = await store.timeline(incident.id);
    expect(timeline.map((e) => e.kind).sort()).toEqual(['declared', 'started']);
    expect(await store.listOpen()).toEqual([incident]);
    expect(await store.findByChannel('CNOPE')).toBeUndefined();
  });

  test('keys live under the prefix only', async () => {
    await createIncident();
    const keys = await keysUnder(redis, prefix);
    expect(keys).toEqual([
      `${prefix}:channel:C1`,
      `${prefix}:incident:1`,
      `${prefix}:incident:1:timeline`,
      `${prefix}:incident:seq`,
      `${prefix}:incidents:open`,
    ]);
  });

  test('replace is compare-and-set: a stale version writes nothing', async () => {
    const incident = await createIncident();
    const current = (await store.get(incident.id))!;
    const first = applyChange(current.incident, { kind: 'note', text: 'first' }, 'UBOB', t('10:30'));
    const second = applyChange(current.incident, { kind: 'note', text: 'second' }, 'UBOB', t('10:30'));
    expect((await store.replace(current, first)).saved).toBe(true);
    expect((await store.replace(current, second)).saved).toBe(false);
    const notes = (await store.timeline(incident.id)).filter((e) => e.kind === 'note');
    expect(notes.map((e) => e.kind === 'note' && e.text)).toEqual(['first']);
    expect((await store.get(incident.id))!.version).toBe(2);
  });

  test('a captured message is stored, rewritten in place when edited, and deleted when removed', async () => {
    const incident = await createIncident();
    const message = { ts: '1707128700.000100', text: 'disk full', authorId: 'UCAROL', at: t('10:25') };
    const read = async () => (await store.get(incident.id))!;
    const captured = applyChange(incident, { kind: 'capture', message }, 'UBOB', t('10:30'));
    await store.replace(await read(), captured);
    const edited = applyChange(captured.incident, { kind: 'capturedEdited', message: { ...message, text: 'disk full (WAL)' } }, 'UCAROL', t('10:31'));
    await store.replace(await read(), edited);
    const messages = async () => (await store.timeline(incident.id)).filter((e) => e.kind === 'message');
    expect(await messages()).toEqual([expect.objectContaining({ text: 'disk full (WAL)', seq: captured.entries[0]!.seq, at: t('10:25') })]);
    expect((await read()).incident.capturedMessages).toEqual({ [message.ts]: captured.entries[0]!.seq });

    await store.replace(await read(), applyChange(edited.incident, { kind: 'uncapture', messageTs: message.ts }, 'UBOB', t('10:32')));
    expect(await messages()).toEqual([]);
    expect((await store.timeline(incident.id)).map((e) => e.kind)).toEqual(['started', 'declared']);
  });

  test('closing removes the incident from the open list', async () => {
    const incident = await createIncident();
    const current = (await store.get(incident.id))!;
    await store.replace(current, applyChange(current.incident, { kind: 'close' }, 'UBOB', t('12:00')));
    expect(await store.listOpen()).toEqual([]);
    expect((await store.get(incident.id))!.incident.closedAt).toEqual(t('12:00'));
  });

  test('fifty concurrent notes through the service are all kept, with distinct sequence numbers', async () => {
    const incident = await createIncident();
    const service = new IncidentService({
      store,
      channels: { open: async () => ({ id: 'C', name: 'c' }), abandon: async () => undefined, isMember: async () => true },
      users: { names: async () => new Map(), emailOf: async () => undefined },
      scheduler: { schedule: async () => undefined },
      timeZone: 'UTC',
      postmortems: new InThreadPostmortemCompiler({ timeZone: 'UTC' }),
      policy: {},
      botUserId: 'UHOTWASH',
    });
    await Promise.all(Array.from({ length: 50 }, (_, i) => service.change('C1', { kind: 'note', text: `note ${i}` }, 'UBOB')));
    const entries = await store.timeline(incident.id);
    const notes = entries.filter((e) => e.kind === 'note');
    expect(notes).toHaveLength(50);
    expect(new Set(entries.map((e) => e.seq)).size).toBe(entries.length);
    expect((await store.get(incident.id))!.incident.entryCount).toBe(entries.length);
  });

  test('the latest postmortem draft is kept with the incident', async () => {
    const incident = await createIncident();
    expect(await store.latestPostmortem(incident.id)).toBeUndefined();
    await store.savePostmortem(incident.id, { markdown: '# one', generatedAt: t('11:00') });
    await store.savePostmortem(incident.id, { markdown: '# two', generatedAt: t('12:00') });
    expect(await store.latestPostmortem(incident.id)).toEqual({ markdown: '# two', generatedAt: t('12:00') });
  });

  test('data that does not match the schema is reported, not passed on', async () => {
    const incident = await createIncident();
    await redis.hset(`${prefix}:incident:${incident.id}`, 'data', JSON.stringify({ id: incident.id, severity: 'sev9' }));
    await expect(store.get(incident.id)).rejects.toBeInstanceOf(CorruptRecordError);
    await redis.hset(`${prefix}:incident:${incident.id}:timeline`, '99', '{"kind":"note"}');
    await expect(store.timeline(incident.id)).rejects.toBeInstanceOf(CorruptRecordError);
    await redis.hset(`${prefix}:incident:${incident.id}:timeline`, '99', 'not json');
    await expect(store.timeline(incident.id)).rejects.toBeInstanceOf(CorruptRecordError);
  });

  test('a value our own schema refuses is not reported as an outage', async () => {
    const incident = await createIncident();
    const current = (await store.get(incident.id))!;
    const bad = applyChange(current.incident, { kind: 'note', text: 'x' }, 'not-a-user-id', t('10:30'));
    await expect(store.replace(current, bad)).rejects.not.toBeInstanceOf(StorageUnavailableError);
    expect((await store.get(incident.id))!.version).toBe(1);
  });

  test('an unreachable Redis fails fast with StorageUnavailableError', async () => {
    const dead = createRedisConnection('redis://127.0.0.1:1', { retryStrategy: () => null });
    dead.on('error', () => undefined);
    const started = Date.now();
    await expect(new RedisIncidentStore(dead, prefix).findByChannel('C1')).rejects.toBeInstanceOf(StorageUnavailableError);
    expect(Date.now() - started).toBeLessThan(3_000);
    dead.disconnect();
  });
});
