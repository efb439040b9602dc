import type { Redis } from 'ioredis';
import { applyChange, declareIncident } from '../../src/domain/incident';
import { CommandAlreadyAppliedError } from '../../src/errors';
import type { CommandJournal } from '../../src/ports/command-journal';
import type { IncidentStore } from '../../src/ports/incident-store';
import { createRedisConnection } from '../../src/store/redis-connection';
import { RedisCommandJournal } from '../../src/store/redis-command-journal';
import { RedisIncidentStore } from '../../src/store/redis-incident-store';
import { InMemoryCommandJournal } from '../support/in-memory/command-journal';
import { InMemoryIncidentStore } from '../support/in-memory/incident-store';
import { deleteKeysUnder, testRedisUrl, uniquePrefix } from '../support/redis';

/**
 * The IncidentStore contract, run against the Redis adapter and the in-memory one the service
 * tests use: what the fast tests rely on is what production does.
 */
const t = (hhmm: string) => new Date(`2024-02-05T${hhmm}:00Z`);

type Pair = { store: IncidentStore; journal: CommandJournal; close: () => Promise<void> };

const adapters: [string, () => Pair][] = [
  [
    'Redis',
    () => {
      const redis: Redis = createRedisConnection(testRedisUrl());
      const prefix = uniquePrefix('contract');
      return {
        store: new RedisIncidentStore(redis, prefix),
        journal: new RedisCommandJournal(redis, prefix),
        close: async () => {
          await deleteKeysUnder(redis, prefix);
          redis.disconnect();
        },
      };
    },
  ],
  [
    'in memory',
    () => {
      const store = new InMemoryIncidentStore();
      const journal = new InMemoryCommandJournal();
      store.onCommandDone = (id) => journal.pending.delete(id);
      return { store, journal, close: async () => undefined };
    },
  ],
];

describe.each(adapters)('IncidentStore: %s', (_name, open) => {
  let pair: Pair;
  beforeEach(() => {
    pair = open();
  });
  afterEach(() => pair.close());

  async function created(channelId = 'C1') {
    const id = await pair.store.nextIncidentId();
    const declared = declareIncident({
      id,
      title: 'Checkout down',
      severity: 'sev2',
      declaredBy: 'UALICE',
      channelId,
      channelName: `inc-${id}`,
      now: t('10:00'),
    });
    const saved = await pair.store.create(declared, { effects: [{ kind: 'announce', incidentId: id }] });
    return { declared, saved };
  }

  test('a created incident is found by id and by channel, at version 1, with its outbox entries', async () => {
    const { declared, saved } = await created();
    expect(saved.outbox.map((e) => [e.id, e.effect.kind])).toEqual([[`${declared.incident.id}-v1-0`, 'announce']]);
    expect(await pair.store.get(declared.incident.id)).toEqual({ version: 1, incident: declared.incident });
    expect(await pair.store.findByChannel('C1')).toEqual({ version: 1, incident: declared.incident });
    expect(await pair.store.findByChannel('C2')).toBeUndefined();
    expect(await pair.store.timeline(declared.incident.id)).toEqual(declared.entries);
  });

  test('replace is a compare-and-set: a stale version saves nothing', async () => {
    const { declared } = await created();
    const current = (await pair.store.get(declared.incident.id))!;
    const note = applyChange(current.incident, { kind: 'note', text: 'first' }, 'UBOB', t('10:05'));
    expect(await pair.store.replace(current, note)).toMatchObject({ saved: true });
    const late = applyChange(current.incident, { kind: 'note', text: 'second' }, 'UBOB', t('10:06'));
    expect(await pair.store.replace(current, late)).toEqual({ saved: false });
    expect((await pair.store.timeline(declared.incident.id)).map((e) => e.kind === 'note' && e.text).filter(Boolean)).toEqual(['first']);
  });

  test('a journaled command applies once; a lost compare-and-set does not use it up', async () => {
    const { declared } = await created();
    await pair.journal.accept({ id: 'cmd-1', receivedAt: t('10:05'), userId: 'UBOB', channelId: 'C1', via: 'slash', command: { name: 'note', text: 'x' } });
    const current = (await pair.store.get(declared.incident.id))!;
    const other = applyChange(current.incident, { kind: 'ack' }, 'UCAROL', t('10:05'));
    await pair.store.replace(current, other);
    const note = applyChange(current.incident, { kind: 'note', text: 'x' }, 'UBOB', t('10:05'));
    expect(await pair.store.replace(current, note, { commandIds: ['cmd-1'] })).toEqual({ saved: false });
    const fresh = (await pair.store.get(declared.incident.id))!;
    const retried = applyChange(fresh.incident, { kind: 'note', text: 'x' }, 'UBOB', t('10:05'));
    expect(await pair.store.replace(fresh, retried, { commandIds: ['cmd-1'] })).toMatchObject({ saved: true });
    const again = (await pair.store.get(declared.incident.id))!;
    await expect(
      pair.store.replace(again, applyChange(again.incident, { kind: 'note', text: 'x' }, 'UBOB', t('10:05')), { commandIds: ['cmd-1'] }),
    ).rejects.toBeInstanceOf(CommandAlreadyAppliedError);
    expect(await pair.journal.overdue(t('23:00'), 10)).toEqual([]);
  });

  test('commands kept at the same moment are each kept once; the same id again, then or later, is refused', async () => {
    const now = new Date();
    const command = (id: string) => ({
      id,
      receivedAt: now,
      userId: 'UBOB',
      channelId: 'C1',
      via: 'slash' as const,
      command: { name: 'note' as const, text: id },
    });
    const kept = await Promise.all(['burst-a', 'burst-b', 'burst-a', 'burst-c'].map((id) => pair.journal.accept(command(id))));
    expect(kept).toEqual([true, true, false, true]);
    expect(await pair.journal.accept(command('burst-b'))).toBe(false);
    const pending = await pair.journal.overdue(new Date(Date.now() + 60_000), 10);
    expect(pending.map((c) => c.id).sort()).toEqual(['burst-a', 'burst-b', 'burst-c']);
    expect(pending.find((c) => c.id === 'burst-b')?.command).toEqual({ name: 'note', text: 'burst-b' });
  });

  test('one write can carry out several journaled commands; one done already refuses the write and is named', async () => {
    const { declared } = await created();
    for (const id of ['cmd-a', 'cmd-b'])
      await pair.journal.accept({ id, receivedAt: t('10:05'), userId: 'UBOB', channelId: 'C1', via: 'slash', command: { name: 'note', text: id } });
    const current = (await pair.store.get(declared.incident.id))!;
    const first = applyChange(current.incident, { kind: 'note', text: 'a' }, 'UBOB', t('10:05'));
    const second = applyChange(first.incident, { kind: 'note', text: 'b' }, 'UBOB', t('10:05'));
    const both = { incident: second.incident, entries: [...first.entries, ...second.entries] };
    expect(await pair.store.replace(current, both, { commandIds: ['cmd-a', 'cmd-b'] })).toMatchObject({ saved: true });
    expect(await pair.journal.overdue(t('23:00'), 10)).toEqual([]);

    await pair.journal.accept({ id: 'cmd-c', receivedAt: t('10:06'), userId: 'UBOB', channelId: 'C1', via: 'slash', command: { name: 'note', text: 'c' } });
    const fresh = (await pair.store.get(declared.incident.id))!;
    const third = applyChange(fresh.incident, { kind: 'note', text: 'c' }, 'UBOB', t('10:06'));
    const refused = pair.store.replace(fresh, third, { commandIds: ['cmd-c', 'cmd-b'] });
    await expect(refused).rejects.toBeInstanceOf(CommandAlreadyAppliedError);
    await expect(refused).rejects.toMatchObject({ commandId: 'cmd-b' });
    expect((await pair.store.get(declared.incident.id))!.version).toBe(fresh.version);
    // cmd-c was not used up by the refused write.
    expect(await pair.store.replace(fresh, third, { commandIds: ['cmd-c'] })).toMatchObject({ saved: true });
  });

  test('closed incidents leave the open list', async () => {
    const { declared } = await created();
    await created('C2');
    const current = (await pair.store.get(declared.incident.id))!;
    await pair.store.replace(current, applyChange(current.incident, { kind: 'close' }, 'UALICE', t('11:00')));
    expect((await pair.store.listOpen()).map((i) => i.channelId)).toEqual(['C2']);
    expect(await pair.store.countOpen()).toBe(1);
  });
});
