import { CommandAlreadyAppliedError, StorageUnavailableError } from '../../src/errors';
import { serviceHarness } from '../support/service-harness';

/** The incident use cases on in-memory ports: what is stored, what is promised, what is refused. */
describe('declare', () => {
  test('opens a channel named for the date, title and time; saves the incident with its promises', async () => {
    const { service, channels, store } = serviceHarness();
    const declared = await service.declare({ title: 'Checkout down', severity: 'sev2', declaredBy: 'UALICE' });
    expect(channels.opened).toEqual([{ id: declared.incident.channelId, name: 'inc-20240205-checkout-down' }]);
    expect(declared.outbox.map((e) => e.effect.kind)).toEqual(['invite', 'topic', 'pinSummary', 'unpaged', 'announce']);
    expect((await store.findByChannel(declared.incident.channelId))?.incident).toEqual(declared.incident);
  });

  test('a taken channel name gets a number', async () => {
    const { service, channels } = serviceHarness();
    await service.declare({ title: 'Checkout down', severity: 'sev2', declaredBy: 'UALICE' });
    await service.declare({ title: 'Checkout down', severity: 'sev2', declaredBy: 'UALICE' });
    await service.declare({ title: 'Checkout down', severity: 'sev2', declaredBy: 'UALICE' });
    expect(channels.opened.map((c) => c.name)).toEqual(['inc-20240205-checkout-down', 'inc-20240205-checkout-down-2', 'inc-20240205-checkout-down-3']);
  });

  test('Slack refusing the channel stores nothing', async () => {
    const { service, channels, store } = serviceHarness();
    channels.failNext = 'restricted_action';
    await expect(service.declare({ title: 'Checkout down', severity: 'sev2', declaredBy: 'UALICE' })).rejects.toMatchObject({ code: 'slack_call' });
    expect(await store.listOpen()).toEqual([]);
  });

  test('without an intake, a channel whose incident could not be saved is abandoned', async () => {
    const { service, channels, store } = serviceHarness();
    const create = store.create.bind(store);
    store.create = async () => {
      store.create = create;
      throw new StorageUnavailableError('Redis is unavailable');
    };
    await expect(service.declare({ title: 'Checkout down', severity: 'sev2', declaredBy: 'UALICE' })).rejects.toBeInstanceOf(StorageUnavailableError);
    expect(channels.abandoned).toEqual([channels.opened[0]!.id]);
  });

  test('a journaled start records its channel first, and carried out again reuses it and applies once', async () => {
    const { service, channels, attached } = serviceHarness();
    const intake = { commandId: 'cmd-1', receivedAt: new Date('2024-02-05T09:59:00Z') };
    const first = await service.declare({ title: 'Checkout down', severity: 'sev2', declaredBy: 'UALICE' }, intake);
    expect(attached.get('cmd-1')).toEqual(channels.opened[0]);
    expect(first.incident.declaredAt).toEqual(intake.receivedAt);
    await expect(
      service.declare({ title: 'Checkout down', severity: 'sev2', declaredBy: 'UALICE' }, { ...intake, openedChannel: attached.get('cmd-1') }),
    ).rejects.toBeInstanceOf(CommandAlreadyAppliedError);
    expect(channels.opened).toHaveLength(1);
    expect(channels.abandoned).toEqual([]);
  });

  test('with an intake, a channel whose incident could not be saved is abandoned unless the journal still needs it', async () => {
    const { service, channels, store } = serviceHarness();
    const intake = { commandId: 'cmd-2', receivedAt: new Date('2024-02-05T09:59:00Z') };
    store.down = true;
    await expect(service.declare({ title: 'A', severity: 'sev2', declaredBy: 'UALICE' }, intake)).rejects.toBeInstanceOf(StorageUnavailableError);
    // Redis away: the command is carried out again later, with this channel.
    expect(channels.abandoned).toEqual([]);
    store.down = false;
    const create = store.create.bind(store);
    store.create = async () => {
      store.create = create;
      throw new Error('a bug in the store');
    };
    await expect(service.declare({ title: 'B', severity: 'sev2', declaredBy: 'UALICE' }, { ...intake, commandId: 'cmd-3' })).rejects.toThrow('a bug');
    // Not something a retry fixes: the channel would stand empty for ever.
    expect(channels.abandoned).toEqual([channels.opened[1]!.id]);
  });
});

describe('change', () => {
  test('writers racing on one incident all land, none refused', async () => {
    const { service, store } = serviceHarness();
    const { incident } = await service.declare({ title: 'Checkout down', severity: 'sev2', declaredBy: 'UALICE' });
    await Promise.all(Array.from({ length: 50 }, (_, i) => service.change(incident.channelId, { kind: 'note', text: `note ${i}` }, 'UBOB')));
    const notes = (await store.timeline(incident.id)).filter((e) => e.kind === 'note');
    expect(notes).toHaveLength(50);
    expect(new Set(notes.map((e) => e.seq)).size).toBe(50);
  });

  test('a journaled change applies once, at the time it was received', async () => {
    const { service, store } = serviceHarness();
    const { incident } = await service.declare({ title: 'Checkout down', severity: 'sev2', declaredBy: 'UALICE' });
    const intake = { commandId: 'note-1', receivedAt: new Date('2024-02-05T10:05:00Z') };
    const applied = await service.change(incident.channelId, { kind: 'note', text: 'failing over' }, 'UBOB', intake);
    expect(applied.entries[0]!.at).toEqual(intake.receivedAt);
    await expect(service.change(incident.channelId, { kind: 'note', text: 'failing over' }, 'UBOB', intake)).rejects.toBeInstanceOf(CommandAlreadyAppliedError);
    expect((await store.timeline(incident.id)).filter((e) => e.kind === 'note')).toHaveLength(1);
  });

  test('outside an incident channel: refused with its code, nothing stored', async () => {
    const { service, store } = serviceHarness();
    await expect(service.change('CGENERAL', { kind: 'note', text: 'x' }, 'UBOB')).rejects.toMatchObject({ code: 'not_incident_channel' });
    expect(store.outbox.size).toBe(0);
  });

  test('list: most severe first, then the longest running', async () => {
    const { service, clock } = serviceHarness();
    const at = (hhmm: string) => new Date(`2024-02-05T${hhmm}:00Z`);
    await service.declare({ title: 'late sev2', severity: 'sev2', declaredBy: 'U1', at: at('09:50') });
    await service.declare({ title: 'early sev2', severity: 'sev2', declaredBy: 'U1', at: at('09:10') });
    clock.set(at('10:30'));
    await service.declare({ title: 'sev1', severity: 'sev1', declaredBy: 'U1' });
    expect((await service.listOpen()).map((i) => i.title)).toEqual(['sev1', 'early sev2', 'late sev2']);
  });
});
