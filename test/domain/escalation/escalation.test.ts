import { acknowledge, describeEscalation, startEscalation } from '../../../src/domain/escalation/escalation';
import { parseDuration } from '../../../src/domain/escalation/duration';
import type { EscalationPolicy } from '../../../src/domain/escalation/escalation-policy';
import { firePageTimer, fireReminderTimer, type Incident } from '../../../src/domain/incident';
import { IncidentRuleError } from '../../../src/errors';
import { brokenRule } from '../../support/broken-rule';
import { IncidentScript } from '../../support/incident-script';

const MIN = 60_000;
const policy: EscalationPolicy = {
  sev1: {
    levels: [
      { notify: ['S0ONCALL'], escalateAfterMs: 5 * MIN },
      { notify: ['ULEAD', 'UCTO'], escalateAfterMs: 10 * MIN },
    ],
    repeat: 1,
    remindEveryMs: 30 * MIN,
  },
  sev2: { levels: [{ notify: ['S0SECOND'], escalateAfterMs: 15 * MIN }], repeat: 0 },
};
const T0 = new Date('2024-02-05T10:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * MIN);
const declare = (severity: 'sev1' | 'sev2' | 'sev3' = 'sev1') => new IncidentScript({ title: 'x', severity, declaredBy: 'UALICE', now: T0, policy });

/** Fires timers the way the worker would: page step `step` of `run` at `minutes`. */
function fire(incident: Incident, run: number, step: number, minutes: number) {
  return firePageTimer(incident, run, step, 'UHOTWASH', at(minutes));
}

describe('durations', () => {
  test.each([
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['2m30s', 150_000],
  ])('%s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });
  test.each(['', '5', 'm', '5x', '1m1h', '0m', '-5m', '5 m'])('%j is not a duration', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('escalation', () => {
  test('declaring makes level 1 due at once', () => {
    expect(declare().incident.escalation).toMatchObject({ state: 'paging', run: 0, nextStep: 0, nextPageAt: T0 });
  });

  test('levels page in order, each after the previous level had its time, then repeat, then stop', () => {
    let incident = declare().incident;
    const pages: [number, string[], boolean][] = [];
    const due = [0, 5, 15, 20]; // level 1, +5m level 2, +10m level 1 again, +5m level 2 again
    due.forEach((minutes, step) => {
      expect(fire(incident, 0, step, minutes - 0.5)).toBeUndefined(); // not yet: 30 s early
      const result = fire(incident, 0, step, minutes)!;
      expect(result.entries).toEqual([expect.objectContaining({ kind: 'page', trigger: 'timer', authorId: 'UHOTWASH', at: at(minutes) })]);
      pages.push([result.page!.level, result.page!.targets, result.page!.last]);
      incident = result.incident;
    });
    expect(pages).toEqual([
      [1, ['S0ONCALL'], false],
      [2, ['ULEAD', 'UCTO'], false],
      [1, ['S0ONCALL'], false],
      [2, ['ULEAD', 'UCTO'], true],
    ]);
    expect(incident.escalation).toMatchObject({ state: 'exhausted', nextStep: 4 });
    expect(incident.escalation!.nextPageAt).toBeUndefined();
    expect(fire(incident, 0, 4, 60)).toBeUndefined();
  });

  test('a timer that fires twice pages once', () => {
    const first = fire(declare().incident, 0, 0, 0)!;
    expect(fire(first.incident, 0, 0, 0)).toBeUndefined();
  });

  test('ack stops paging; resolve and close stop every timer', () => {
    const paged = fire(declare().incident, 0, 0, 0)!.incident;
    const acked = new IncidentScript({ title: 'x', severity: 'sev1', declaredBy: 'UALICE', now: T0, policy });
    acked.incident = paged;
    acked.apply({ kind: 'ack' }, 'UBOB', at(2));
    expect(acked.incident.escalation).toMatchObject({ state: 'acknowledged' });
    expect(fire(acked.incident, 0, 1, 5)).toBeUndefined();
    expect(acked.incident.escalation!.nextReminderAt).toEqual(at(30)); // reminders go on: an ack is not a status update

    for (const change of [{ kind: 'resolve' }, { kind: 'close' }] as const) {
      const s = declare();
      s.apply(change, 'UBOB', at(1));
      expect(s.incident.escalation).toMatchObject({ state: 'resolved' });
      expect(s.incident.escalation!.nextPageAt).toBeUndefined();
      expect(s.incident.escalation!.nextReminderAt).toBeUndefined();
      expect(fire(s.incident, 0, 0, 1)).toBeUndefined();
    }
  });

  test('a severity change before acknowledgement restarts at level 1 of the new policy; old timers stop matching', () => {
    const s = declare();
    s.incident = fire(s.incident, 0, 0, 0)!.incident;
    s.apply({ kind: 'severity', severity: 'sev2' }, 'UALICE', at(3));
    expect(s.incident.escalation).toMatchObject({ state: 'paging', run: 1, nextStep: 0, nextPageAt: at(3) });
    expect(fire(s.incident, 0, 1, 5)).toBeUndefined();
    const page = fire(s.incident, 1, 0, 3)!;
    expect(page.page).toMatchObject({ level: 1, targets: ['S0SECOND'], last: true });
  });

  test('a severity change after acknowledgement does not page again', () => {
    const s = declare().apply({ kind: 'ack' }, 'UBOB', at(1)).apply({ kind: 'severity', severity: 'sev2' }, 'UBOB', at(2));
    expect(s.incident.escalation).toMatchObject({ state: 'acknowledged', run: 0 });
  });

  test('a severity without a policy pages nobody', () => {
    const s = declare('sev3');
    expect(s.incident.escalation).toMatchObject({ state: 'no_policy' });
    expect(s.incident.escalation!.nextPageAt).toBeUndefined();
    expect(brokenRule(() => s.apply({ kind: 'escalate' }, 'UBOB', at(1)))).toEqual({ rule: 'no_escalation_levels', severity: 'sev3' });
    expect(() => s.apply({ kind: 'escalate' }, 'UBOB', at(1))).toThrow(IncidentRuleError);
  });

  test('escalate pages the next level now; the timer for the skipped wait no longer matches', () => {
    const s = declare();
    s.incident = fire(s.incident, 0, 0, 0)!.incident;
    s.apply({ kind: 'escalate' }, 'UBOB', at(1));
    expect(s.entries.at(-1)).toMatchObject({ kind: 'page', level: 2, trigger: 'manual', authorId: 'UBOB' });
    expect(s.incident.escalation).toMatchObject({ state: 'paging', nextStep: 2, nextPageAt: at(11) });
    expect(fire(s.incident, 0, 1, 5)).toBeUndefined();
  });

  test('escalate after ack pages the next level once and starts no timer', () => {
    const s = declare();
    s.incident = fire(s.incident, 0, 0, 0)!.incident;
    s.apply({ kind: 'ack' }, 'UBOB', at(1)).apply({ kind: 'escalate' }, 'UBOB', at(2));
    expect(s.entries.at(-1)).toMatchObject({ kind: 'page', level: 2 });
    expect(s.incident.escalation).toMatchObject({ state: 'acknowledged' });
    expect(s.incident.escalation!.nextPageAt).toBeUndefined();
  });

  test('escalate after every step was paged pages the last level again', () => {
    let incident = declare().incident;
    for (const [step, m] of [0, 5, 15, 20].entries()) incident = fire(incident, 0, step, m)!.incident;
    const s = declare();
    s.incident = incident;
    s.apply({ kind: 'escalate' }, 'UBOB', at(30));
    expect(s.entries.at(-1)).toMatchObject({ kind: 'page', level: 2, targets: ['ULEAD', 'UCTO'] });
  });

  test('reminders: quiet time is counted from the last status update (or status, severity change)', () => {
    const s = declare();
    const first = s.incident.escalation!;
    expect(first.nextReminderAt).toEqual(at(30));
    s.incident = fire(s.incident, 0, 0, 0)!.incident; // a page is not activity
    expect(s.incident.escalation!.nextReminderAt).toEqual(at(30));
    s.apply({ kind: 'note', text: 'looking' }, 'UBOB', at(10)); // a note is not a status update
    expect(s.incident.escalation!.reminderSeq).toBe(first.reminderSeq);
    s.apply({ kind: 'update', text: 'failing over' }, 'UBOB', at(20));
    const seq = s.incident.escalation!.reminderSeq;
    expect(seq).toBeGreaterThan(first.reminderSeq);
    expect(fireReminderTimer(s.incident, first.reminderSeq, at(30))).toBeUndefined(); // the old clock
    expect(fireReminderTimer(s.incident, seq, at(49))).toBeUndefined(); // not yet
    const nudge = fireReminderTimer(s.incident, seq, at(50))!;
    expect(nudge.quietMs).toBe(30 * MIN);
    expect(nudge.incident.escalation).toMatchObject({ nextReminderAt: at(80), reminderSeq: seq + 1 });
  });
});

describe('describeEscalation', () => {
  const policy = {
    sev1: {
      levels: [
        { notify: ['U1'], escalateAfterMs: 60_000 },
        { notify: ['U2'], escalateAfterMs: 60_000 },
      ],
      repeat: 0,
    },
  };
  const now = new Date('2024-02-05T10:00:00Z');

  test('says which level was paged, what comes next, and why paging stopped', () => {
    const fresh = startEscalation(policy, 'sev1', now);
    expect(describeEscalation(fresh, 'sev1')).toBe('level 1 of 2 about to be paged');
    const afterOne = { ...fresh, nextStep: 1 };
    expect(describeEscalation(afterOne, 'sev1')).toBe('level 1 of 2 paged; next in line: level 2');
    expect(describeEscalation(acknowledge(afterOne), 'sev1')).toBe('stopped at level 1 of 2: acknowledged');
    expect(describeEscalation({ ...afterOne, nextStep: 2, state: 'exhausted' }, 'sev1')).toBe('every level paged (last: level 2 of 2); nobody acknowledged');
    expect(describeEscalation(startEscalation(policy, 'sev3', now), 'sev3')).toBe('no policy for sev3: nobody is paged');
    expect(describeEscalation(undefined, 'sev3')).toBe('not set up');
  });
});
