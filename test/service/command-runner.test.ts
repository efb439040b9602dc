import { runnerHarness } from '../support/service-harness';

/** The command runner on in-memory ports: one path for typed, clicked and replayed commands. */
describe('CommandRunner', () => {
  const intake = (commandId: string) => ({ commandId, receivedAt: new Date('2024-02-05T10:00:00Z') });

  test('start: declared, its set-up delivered in order, and the outbox emptied', async () => {
    const { runner, delivery, store } = runnerHarness();
    const result = await runner.run({ name: 'start', title: 'Checkout down', severity: 'sev2' }, 'UALICE', 'CGENERAL');
    expect(result).toMatchObject({ outcome: 'ok', incidentId: '1', done: { kind: 'declared', backdated: false, failures: [] } });
    expect(delivery.delivered.map((e) => e.effect.kind)).toEqual(['invite', 'topic', 'pinSummary', 'unpaged', 'announce']);
    expect(store.outbox.size).toBe(0);
  });

  test('a change whose post fails for a passing reason is saved, reported partial, and queued for retry', async () => {
    const { runner, dispatcher, delivery, retries, store } = runnerHarness();
    const { done } = await runner.run({ name: 'start', title: 'Checkout down', severity: 'sev2' }, 'UALICE', 'CGENERAL');
    const channel = done.kind === 'declared' ? done.incident.channelId : '';
    delivery.failures.set('entry', Object.assign(new Error('http_503'), { transient: true }));
    const result = await runner.run({ name: 'note', text: 'failing over' }, 'UBOB', channel);
    expect(result.outcome).toBe('partial');
    expect(result.done).toMatchObject({ kind: 'changed', failures: [{ willRetry: true, entry: { effect: { kind: 'entry' } } }] });
    expect(retries.queued.map((e) => e.effect.kind)).toEqual(['entry']);
    // The summary follows in the background lane; once it is delivered, only the failed post is left.
    expect(await dispatcher.drain(5_000)).toBe(true);
    expect([...store.outbox.values()].map((e) => e.effect.kind)).toEqual(['entry']);
    expect((await store.timeline('1')).some((e) => e.kind === 'note')).toBe(true);
  });

  test('a refusal ends the journaled command; a storage outage keeps it for later', async () => {
    const { runner, released, store } = runnerHarness();
    const refused = await runner.run({ name: 'ack' }, 'UBOB', 'CGENERAL', {}, intake('ack-1'));
    expect(refused).toMatchObject({ outcome: 'refused', done: { kind: 'failed', kept: false } });
    expect(released).toEqual(['ack-1']);
    store.down = true;
    const kept = await runner.run({ name: 'note', text: 'x' }, 'UBOB', 'C1', {}, intake('note-1'));
    expect(kept).toMatchObject({ outcome: 'storage_unavailable', done: { kind: 'failed', kept: true } });
    expect(released).toEqual(['ack-1']);
  });

  test('a change saved with its journaled command is let go by that write: the journal is not asked again', async () => {
    const { runner, released, store } = runnerHarness();
    const done: string[] = [];
    store.onCommandDone = (id) => void done.push(id);
    const declared = await runner.run({ name: 'start', title: 'Checkout down', severity: 'sev2' }, 'UALICE', 'CGENERAL', {}, intake('start-1'));
    const channel = declared.done.kind === 'declared' ? declared.done.incident.channelId : '';
    expect((await runner.run({ name: 'note', text: 'failing over' }, 'UBOB', channel, {}, intake('note-1'))).done.kind).toBe('changed');
    expect(done).toEqual(['start-1', 'note-1']);
    expect(released).toEqual([]);
  });

  test('a command carried out already elsewhere ends quietly', async () => {
    const { runner } = runnerHarness();
    await runner.run({ name: 'start', title: 'A', severity: 'sev2' }, 'UALICE', 'CGENERAL', {}, intake('start-1'));
    const again = await runner.run({ name: 'start', title: 'A', severity: 'sev2' }, 'UALICE', 'CGENERAL', {}, intake('start-1'));
    expect(again).toMatchObject({ outcome: 'ok', done: { kind: 'nothing' } });
  });

  test('reads with storage away fail as reads: nothing was going to be saved', async () => {
    const { runner, store } = runnerHarness();
    store.down = true;
    for (const name of ['list', 'timeline'] as const) {
      expect((await runner.run({ name }, 'UBOB', 'C1')).done).toMatchObject({ kind: 'failed', readOnly: true, kept: false });
    }
  });

  test('postmortem: compiled, kept and shared', async () => {
    const { runner, shared, store } = runnerHarness();
    const { done } = await runner.run({ name: 'start', title: 'Checkout down', severity: 'sev2' }, 'UALICE', 'CGENERAL');
    const channel = done.kind === 'declared' ? done.incident.channelId : '';
    expect((await runner.run({ name: 'postmortem' }, 'UALICE', channel)).outcome).toBe('ok');
    expect(shared[0]!.markdown).toContain('Checkout down');
    expect((await store.latestPostmortem('1'))?.markdown).toBe(shared[0]!.markdown);
  });
});
