import { applyChange, type Incident } from '../../src/domain/incident';
import { CommandAlreadyAppliedError, ConcurrentUpdateError, IncidentRuleError } from '../../src/errors';
import type { IncidentStore, ReplaceOptions, VersionedIncident } from '../../src/ports/incident-store';
import { GroupCommit } from '../../src/service/group-commit';
import { serviceHarness } from '../support/service-harness';

const at = new Date('2024-02-05T10:05:00Z');
const note = (text: string) => ({
  decide: (current: Incident) => applyChange(current, { kind: 'note', text }, 'UBOB', at),
  promise: () => [],
});

/** A store that counts writes and can be told to lose the compare-and-set. */
function countingStore(store: IncidentStore) {
  const writes: ReplaceOptions[] = [];
  let lose = 0;
  return {
    writes,
    loseNext: (n: number) => {
      lose = n;
    },
    replace: async (current: VersionedIncident, change: Parameters<IncidentStore['replace']>[1], options: ReplaceOptions = {}) => {
      writes.push(options);
      if (lose > 0) {
        lose -= 1;
        return { saved: false as const };
      }
      return store.replace(current, change, options);
    },
  };
}

describe('GroupCommit', () => {
  async function withIncident() {
    const h = serviceHarness();
    const declared = await h.service.declare({ title: 'Checkout down', severity: 'sev2', declaredBy: 'UALICE' });
    const read = async () => (await h.store.get(declared.incident.id))!;
    return { h, read, id: declared.incident.id };
  }

  test('changes that arrive while a write is in flight are written together, in order, each told its own entries', async () => {
    const { h, read, id } = await withIncident();
    const store = countingStore(h.store);
    const commit = new GroupCommit(store, { deadlineMs: () => 1_000, backoff: async () => undefined });
    const applied = await Promise.all(Array.from({ length: 20 }, (_, i) => commit.submit('k', read, note(`note ${i}`))));
    expect(store.writes.length).toBeLessThanOrEqual(2);
    expect(applied.map((a) => a.entries.map((e) => e.kind === 'note' && e.text))).toEqual(Array.from({ length: 20 }, (_, i) => [`note ${i}`]));
    const notes = (await h.store.timeline(id)).filter((e) => e.kind === 'note').sort((a, b) => a.seq - b.seq);
    expect(notes.map((e) => e.kind === 'note' && e.text)).toEqual(Array.from({ length: 20 }, (_, i) => `note ${i}`));
  });

  test('a change that does not apply fails alone; the others are written', async () => {
    const { h, read } = await withIncident();
    const commit = new GroupCommit(h.store, { deadlineMs: () => 1_000, backoff: async () => undefined });
    const refused = {
      decide: (): never => {
        throw new IncidentRuleError({ rule: 'closed' });
      },
      promise: () => [],
    };
    const results = await Promise.allSettled([commit.submit('k', read, note('a')), commit.submit('k', read, refused), commit.submit('k', read, note('b'))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  test('a command carried out elsewhere meanwhile is told so alone; the rest are written again', async () => {
    const { h, read } = await withIncident();
    const done = await read();
    await h.store.replace(done, applyChange(done.incident, { kind: 'note', text: 'elsewhere' }, 'UBOB', at), { commandIds: ['cmd-2'] });
    const commit = new GroupCommit(h.store, { deadlineMs: () => 1_000, backoff: async () => undefined });
    const first = commit.submit('k', read, note('warm-up'));
    const results = await Promise.allSettled([
      first,
      commit.submit('k', read, { ...note('one'), intake: { commandId: 'cmd-1' } }),
      commit.submit('k', read, { ...note('two'), intake: { commandId: 'cmd-2' } }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect((results[2] as PromiseRejectedResult).reason).toBeInstanceOf(CommandAlreadyAppliedError);
  });

  test('past its deadline under contention, every change of the batch is told nothing was saved', async () => {
    const { h, read } = await withIncident();
    const store = countingStore(h.store);
    store.loseNext(1_000);
    const commit = new GroupCommit(store, { deadlineMs: () => 0, backoff: async () => undefined });
    await expect(commit.submit('k', read, note('x'))).rejects.toBeInstanceOf(ConcurrentUpdateError);
  });
});
