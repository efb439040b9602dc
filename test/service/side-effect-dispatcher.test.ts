import type { Incident } from '../../src/domain/incident';
import type { OutboxEntry, SideEffect } from '../../src/domain/side-effect';
import type { TimelineEntry } from '../../src/domain/timeline-entry';
import { BackgroundLane } from '../../src/service/background-lane';
import { SideEffectDispatcher } from '../../src/service/side-effect-dispatcher';
import { InMemoryOutbox, RecordingRetries } from '../support/in-memory/outbox';

const page: TimelineEntry = {
  kind: 'page',
  seq: 3,
  at: new Date('2024-02-05T10:05:00Z'),
  recordedAt: new Date('2024-02-05T10:05:00Z'),
  authorId: 'UBOT',
  level: 1,
  targets: ['UBOB'],
  trigger: 'timer',
};
const pageOf = { run: 0, step: 0, level: 1, levelCount: 1, targets: ['UBOB'], last: true };
const entry = (id: string, effect: SideEffect): OutboxEntry => ({ id, effect, createdAt: new Date() });

/** A dispatcher over an in-memory outbox whose deliveries run `deliver`; failures are final unless `transient`. */
function dispatcherOver(
  outbox: Map<string, OutboxEntry>,
  deliver: (entry: OutboxEntry, incident: Incident) => Promise<void>,
  { retries = new RecordingRetries(), transient = false }: { retries?: RecordingRetries; transient?: boolean } = {},
): SideEffectDispatcher {
  return new SideEffectDispatcher({
    outbox: new InMemoryOutbox(outbox),
    delivery: { deliver, reportUndeliverable: async () => undefined },
    retries,
    incidentById: async () => undefined,
    isTransient: () => transient,
  });
}

describe('delivering what a timer promised, channel first', () => {
  test('the page reaches its channel while the timer waits; the direct messages and the summary follow in the background, in order', async () => {
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const outbox = new Map<string, OutboxEntry>();
    const entries = [
      entry('1', { kind: 'entry', incidentId: '1', entry: page, page: pageOf }),
      entry('2', { kind: 'directPage', incidentId: '1', entry: page, page: pageOf }),
      entry('3', { kind: 'summary', incidentId: '1', latest: page }),
    ];
    for (const e of entries) outbox.set(e.id, e);
    const dispatcher = dispatcherOver(outbox, async (e) => {
      if (e.effect.kind === 'directPage') await held;
      order.push(e.effect.kind);
    });
    const incident = { id: '1' } as Incident;
    expect(await dispatcher.dispatchChannelFirst({ outbox: entries, replicated: true, incident })).toEqual([]);
    expect(order).toEqual(['entry']);
    expect(await dispatcher.drain(20)).toBe(false); // the direct messages are still under way
    release();
    expect(await dispatcher.drain(5_000)).toBe(true);
    expect(order).toEqual(['entry', 'directPage', 'summary']);
    expect([...outbox.keys()]).toEqual([]); // each delivered entry left the outbox
  });

  test('in a storm, the follow-ups wait until no timer has posted for a moment: every page reaches its channel first', async () => {
    const order: string[] = [];
    const outbox = new Map<string, OutboxEntry>();
    const dispatcher = dispatcherOver(outbox, async (e) => {
      await new Promise((r) => setTimeout(r, 2)); // a post takes a little while
      order.push(`${e.effect.kind} ${e.effect.incidentId}`);
    });
    // Thirty timers fire one after another, a few milliseconds apart, as in a storm.
    for (let i = 1; i <= 30; i += 1) {
      const incidentId = String(i);
      const entries = [
        entry(`${i}-page`, { kind: 'entry', incidentId, entry: page, page: pageOf }),
        entry(`${i}-dm`, { kind: 'directPage', incidentId, entry: page, page: pageOf }),
      ];
      for (const e of entries) outbox.set(e.id, e);
      await dispatcher.dispatchChannelFirst({ outbox: entries, replicated: true, incident: { id: incidentId } as Incident });
    }
    expect(await dispatcher.drain(5_000)).toBe(true);
    const firstFollowUp = order.findIndex((o) => o.startsWith('directPage'));
    expect(order.slice(0, firstFollowUp)).toHaveLength(30);
    expect(order.slice(0, firstFollowUp).every((o) => o.startsWith('entry'))).toBe(true);
    expect(order.filter((o) => o.startsWith('directPage'))).toHaveLength(30);
  });
});

describe('delivering what a command promised', () => {
  const note = (seq: number): TimelineEntry => ({
    kind: 'note',
    seq,
    at: new Date('2024-02-05T10:05:00Z'),
    recordedAt: new Date('2024-02-05T10:05:00Z'),
    authorId: 'UBOB',
    text: `note ${seq}`,
  });
  /** Thirty notes into one incident, dispatched as their changes are saved, concurrently as in a burst. */
  const burstOfNotes = (dispatcher: SideEffectDispatcher, outbox: Map<string, OutboxEntry>) =>
    Promise.all(
      Array.from({ length: 30 }, (_, i) => {
        const seq = i + 1;
        const entries = [
          entry(`${seq}-post`, { kind: 'entry', incidentId: '1', entry: note(seq) }),
          entry(`${seq}-summary`, { kind: 'summary', incidentId: '1', latest: note(seq) }),
        ];
        for (const e of entries) outbox.set(e.id, e);
        // The incident as each change left it: the later the change, the more entries.
        return dispatcher.dispatch({ outbox: entries, replicated: true, incident: { id: '1', entryCount: seq } as Incident });
      }),
    );

  test('every note reaches the channel first; then one summary rewrite, with the newest state, serves them all', async () => {
    const order: string[] = [];
    const outbox = new Map<string, OutboxEntry>();
    const dispatcher = dispatcherOver(outbox, async (e, incident) => {
      await new Promise((r) => setTimeout(r, 1 + (Number.parseInt(e.id, 10) % 3))); // posts take a little while, and end out of order
      order.push(e.effect.kind === 'summary' ? `summary of ${incident.entryCount}` : e.effect.kind);
    });
    expect((await burstOfNotes(dispatcher, outbox)).flat()).toEqual([]);
    expect(order).toEqual(Array.from({ length: 30 }, () => 'entry')); // the commands waited for their posts, not for the summary
    expect(await dispatcher.drain(5_000)).toBe(true);
    expect(order.slice(30)).toEqual(['summary of 30']);
    expect([...outbox.keys()]).toEqual([]); // every summary entry left the outbox with the one rewrite
  });

  test('a rewrite that fails for a passing reason is retried once, for every summary it covers', async () => {
    const outbox = new Map<string, OutboxEntry>();
    const retries = new RecordingRetries();
    const dispatcher = dispatcherOver(
      outbox,
      async (e) => {
        if (e.effect.kind === 'summary') throw Object.assign(new Error('http_503'), { transient: true });
      },
      { retries, transient: true },
    );
    await burstOfNotes(dispatcher, outbox);
    expect(await dispatcher.drain(5_000)).toBe(true);
    expect(retries.queued.map((e) => e.id)).toEqual(['30-summary']);
    expect([...outbox.keys()]).toEqual(['30-summary']); // the retry reads the incident afresh: the older ones are covered
  });
});

describe('BackgroundLane', () => {
  test('runs a few at a time, in order, and a failing task does not stop the others', async () => {
    const lane = new BackgroundLane(2);
    let running = 0;
    let most = 0;
    const done: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      lane.run(async () => {
        running += 1;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, 5));
        running -= 1;
        if (i === 2) throw new Error('Slack is away');
        done.push(i);
      });
    }
    expect(await lane.drain(5_000)).toBe(true);
    expect(most).toBe(2);
    expect(done).toEqual([0, 1, 3, 4, 5]);
  });

  test('waits while more urgent work runs, but a task that has waited maxWaitMs starts anyway', async () => {
    const lane = new BackgroundLane(8, () => false, 30);
    const started: number[] = [];
    const since = performance.now();
    lane.run(async () => void started.push(performance.now() - since));
    await new Promise((r) => setTimeout(r, 10));
    expect(started).toEqual([]); // not yet overdue, and never allowed
    expect(await lane.drain(5_000)).toBe(true);
    expect(started).toHaveLength(1);
    expect(started[0]).toBeGreaterThanOrEqual(25); // (timers may fire a millisecond early)
  });
});
