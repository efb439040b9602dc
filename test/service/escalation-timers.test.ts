import type { EscalationPolicy } from '../../src/domain/escalation/escalation-policy';
import type { Schedule } from '../../src/domain/oncall/schedule';
import type { AppliedChange } from '../../src/service/incident-service';
import { BOT, serviceHarness } from '../support/service-harness';

/**
 * Escalation timers on a manual clock: what pages, when, and what stops it. The BullMQ adapter
 * firing these timers for real is tested in test/e2e/escalation.test.ts.
 */
const MINUTE = 60_000;
const POLICY: EscalationPolicy = {
  sev1: {
    levels: [
      { notify: ['S0ONCALL'], escalateAfterMs: 5 * MINUTE },
      { notify: ['ULEAD', 'UCTO'], escalateAfterMs: 10 * MINUTE },
    ],
    repeat: 1,
    remindEveryMs: 30 * MINUTE,
  },
  sev2: { levels: [{ notify: ['USECOND'], escalateAfterMs: 5 * MINUTE }], repeat: 0 },
};

const pagesOf = (changes: AppliedChange[]) => changes.flatMap((c) => c.entries.filter((e) => e.kind === 'page'));
const levels = (changes: AppliedChange[]) => pagesOf(changes).map((e) => (e.kind === 'page' ? e.level : 0));

async function declared(severity: 'sev1' | 'sev2' | 'sev3' = 'sev1') {
  const h = serviceHarness({ policy: POLICY });
  const { incident, entries } = await h.service.declare({ title: 'Checkout down', severity, declaredBy: 'UALICE' });
  return { ...h, incident, declaredEntries: entries };
}

describe('escalation timers on a manual clock', () => {
  test('level 1 is due at declaration; each next level after the previous had its time; repeated, then exhausted', async () => {
    const { scheduler, store, incident } = await declared();
    expect(levels(await scheduler.advance(0))).toEqual([1]);
    expect(await scheduler.advance(5 * MINUTE - 1)).toEqual([]);
    const first = await scheduler.advance(1);
    expect(levels(first)).toEqual([2]);
    expect(levels(await scheduler.advance(10 * MINUTE))).toEqual([1]);
    expect(levels(await scheduler.advance(5 * MINUTE))).toEqual([2]);
    expect(levels(await scheduler.advance(24 * 60 * MINUTE))).toEqual([]);
    const { incident: now } = (await store.get(incident.id))!;
    expect(now.escalation).toMatchObject({ state: 'exhausted' });
    expect(scheduler.pending().filter((id) => id.startsWith('page'))).toEqual([]);
    const timeline = await store.timeline(incident.id);
    expect(timeline.filter((e) => e.kind === 'page').map((e) => [e.kind === 'page' && e.level, e.kind === 'page' && e.trigger, e.authorId])).toEqual([
      [1, 'timer', BOT],
      [2, 'timer', BOT],
      [1, 'timer', BOT],
      [2, 'timer', BOT],
    ]);
  });

  test('ack stops paging: the timer is removed, and a stale one that fires anyway pages nobody', async () => {
    const { service, scheduler, incident } = await declared();
    await scheduler.advance(0);
    const pending = scheduler.pending();
    await service.change(incident.channelId, { kind: 'ack' }, 'UONCALL1');
    expect(scheduler.pending().filter((id) => id.startsWith('page'))).toEqual([]);
    // The same timer, had its removal failed: it finds nothing due.
    const [run, step] = pending
      .find((id) => id.startsWith('page'))!
      .split('-')
      .slice(2)
      .map(Number);
    expect(await service.firePageTimer(incident.id, run!, step!)).toEqual({ kind: 'not_due' });
    expect(pagesOf(await scheduler.advance(60 * MINUTE))).toEqual([]);
  });

  test.each([
    ['resolve', { kind: 'resolve' }],
    ['close', { kind: 'close' }],
  ] as const)('%s stops every timer, reminders included', async (_name, change) => {
    const { service, scheduler, incident } = await declared();
    expect(scheduler.pending()).toHaveLength(2);
    await service.change(incident.channelId, change, 'UALICE');
    expect(scheduler.pending()).toEqual([]);
    expect(await scheduler.advance(24 * 60 * MINUTE)).toEqual([]);
  });

  test('escalate pages the next level now, and the timer carries on from there', async () => {
    const { service, scheduler, incident, clock } = await declared();
    expect(levels(await scheduler.advance(MINUTE))).toEqual([1]);
    const manual = await service.change(incident.channelId, { kind: 'escalate' }, 'UONCALL1');
    expect(pagesOf([manual]).map((e) => e.kind === 'page' && [e.level, e.trigger])).toEqual([[2, 'manual']]);
    const escalatedAt = clock.now().getTime();
    const next = await scheduler.advance(10 * MINUTE);
    expect(levels(next)).toEqual([1]);
    expect(pagesOf(next)[0]!.at.getTime() - escalatedAt).toBe(10 * MINUTE);
  });

  test('raising the severity of an unacknowledged incident restarts at level 1 of the new policy', async () => {
    const { service, scheduler, incident } = await declared('sev2');
    expect(pagesOf(await scheduler.advance(0)).map((e) => e.kind === 'page' && e.targets)).toEqual([['USECOND']]);
    const raised = await service.change(incident.channelId, { kind: 'severity', severity: 'sev1' }, 'UALICE');
    expect(raised.incident.escalation).toMatchObject({ run: 1 });
    const restarted = await scheduler.advance(5 * MINUTE);
    expect(pagesOf(restarted).map((e) => e.kind === 'page' && [e.level, e.targets])).toEqual([
      [1, ['S0ONCALL']],
      [2, ['ULEAD', 'UCTO']],
    ]);
  });

  test('a severity with no levels schedules no page, and escalate is refused', async () => {
    const { service, scheduler, incident } = await declared('sev3');
    expect(scheduler.pending()).toEqual([]);
    await expect(service.change(incident.channelId, { kind: 'escalate' }, 'UALICE')).rejects.toMatchObject({ code: 'rule' });
  });

  test('a timer whose incident was deleted by hand does nothing', async () => {
    const { store, scheduler, incident } = await declared();
    await scheduler.advance(0);
    store.forget(incident.id); // the reminder timer too finds nothing: no error for a failed job to log

    expect(await scheduler.advance(60 * MINUTE)).toEqual([]);
  });

  test('a timer that fires early by this clock is put back for its due time, not lost', async () => {
    const { service, scheduler, incident, clock } = await declared();
    await scheduler.advance(0);
    const early = await service.firePageTimer(incident.id, 0, 1);
    expect(early).toEqual({ kind: 'early', dueAt: new Date(clock.now().getTime() + 5 * MINUTE) });
    expect(levels(await scheduler.advance(5 * MINUTE))).toEqual([2]);
  });

  test('an incident with no status update for remind_every is reminded; an update restarts the clock, a note does not', async () => {
    const { service, scheduler, incident } = await declared();
    await service.change(incident.channelId, { kind: 'ack' }, 'UONCALL1');
    await scheduler.advance(20 * MINUTE);
    await service.change(incident.channelId, { kind: 'update', text: 'failing over' }, 'UONCALL1');
    await scheduler.advance(10 * MINUTE);
    await service.change(incident.channelId, { kind: 'note', text: 'replica promoted' }, 'UONCALL1');
    expect(await scheduler.advance(19 * MINUTE)).toEqual([]);
    const [reminded] = await scheduler.advance(MINUTE);
    expect(reminded?.outbox.map((e) => e.effect)).toEqual([{ kind: 'reminder', incidentId: incident.id, quietMs: 30 * MINUTE }]);
  });

  test('the sweep re-creates every lost timer, a few incidents at a time, letting the event loop turn between them', async () => {
    const h = serviceHarness({ policy: POLICY });
    for (let i = 0; i < 60; i += 1) await h.service.declare({ title: `Checkout down ${i}`, severity: 'sev1', declaredBy: 'UALICE' });
    const scheduled = h.scheduler.pending();
    expect(scheduled).toHaveLength(120); // a page and a reminder each
    h.scheduler.timers.clear(); // lost, as with a flushed Redis
    let turns = 0;
    const counting = setInterval(() => (turns += 1), 0);
    try {
      expect(await h.service.rescheduleOpenIncidents()).toBe(60);
    } finally {
      clearInterval(counting);
    }
    expect(h.scheduler.pending()).toEqual(scheduled);
    expect(turns).toBeGreaterThan(0); // all at once, the in-memory scheduler never lets a timer run
  });
});

describe('levels that page a schedule', () => {
  test('page whoever is on call when the level is paged, and the timeline names them', async () => {
    const schedules: Schedule[] = [
      {
        name: 'primary',
        timeZone: 'UTC',
        rotation: { userIds: ['UALICE', 'UBOB'], everyMinutes: 60, handoff: { year: 2024, month: 2, day: 5, hour: 9, minute: 0 } },
        overrides: [],
      },
    ];
    const policy: EscalationPolicy = {
      sev1: { levels: [{ notify: ['schedule:primary', 'S0LEADS'], escalateAfterMs: 75 * MINUTE }], repeat: 1 },
    };
    // 10:00 to 11:00 is UBOB's hour; the repeat falls due at 11:15, in UALICE's.
    const h = serviceHarness({ policy, schedules });
    await h.service.declare({ title: 'Checkout down', severity: 'sev1', declaredBy: 'UCAROL' });
    const [first] = await h.scheduler.advance(0);
    expect(first!.page?.targets).toEqual(['UBOB', 'S0LEADS']);
    const [second] = await h.scheduler.advance(90 * MINUTE);
    expect(pagesOf([second!]).map((e) => e.kind === 'page' && e.targets)).toEqual([['UALICE', 'S0LEADS']]);
  });
});
