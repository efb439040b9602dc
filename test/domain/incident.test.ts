import { applyChange, declareIncident, type Incident } from '../../src/domain/incident';
import { sortTimeline } from '../../src/domain/timeline-entry';
import { IncidentRuleError } from '../../src/errors';
import { brokenRule } from '../support/broken-rule';

const t = (hhmm: string) => new Date(`2024-02-05T${hhmm}:00Z`);

function declared(at?: Date): Incident {
  return declareIncident({
    id: '1',
    title: 'Checkout down',
    severity: 'sev2',
    startedAt: at,
    declaredBy: 'UALICE',
    channelId: 'C1',
    channelName: 'inc-20240205-checkout-down',
    now: t('10:20'),
  }).incident;
}

describe('declareIncident', () => {
  test('the declarer leads; status investigating; one declared entry', () => {
    const { incident, entries } = declareIncident({
      id: '1',
      title: 'x',
      severity: 'sev3',
      declaredBy: 'UALICE',
      channelId: 'C1',
      channelName: 'n',
      now: t('10:20'),
    });
    expect(incident).toMatchObject({ leadId: 'UALICE', status: 'investigating', startedAt: t('10:20'), declaredAt: t('10:20'), entryCount: 1 });
    expect(entries).toEqual([{ kind: 'declared', title: 'x', severity: 'sev3', seq: 0, at: t('10:20'), recordedAt: t('10:20'), authorId: 'UALICE' }]);
  });

  test('a backdated start records when it started, then the declaration', () => {
    const { incident, entries } = declareIncident({
      id: '1',
      title: 'x',
      severity: 'sev3',
      startedAt: t('10:00'),
      declaredBy: 'UALICE',
      channelId: 'C1',
      channelName: 'n',
      now: t('10:20'),
    });
    expect(incident.startedAt).toEqual(t('10:00'));
    expect(entries.map((e) => [e.kind, e.seq, e.at])).toEqual([
      ['started', 0, t('10:00')],
      ['declared', 1, t('10:20')],
    ]);
  });
});

describe('applyChange', () => {
  test('a note is recorded by its author, backdated when a time is given', () => {
    const { incident, entries } = applyChange(declared(), { kind: 'note', text: 'errors', at: t('10:05') }, 'UBOB', t('10:30'));
    expect(entries).toEqual([{ kind: 'note', text: 'errors', seq: 1, at: t('10:05'), recordedAt: t('10:30'), authorId: 'UBOB' }]);
    expect(incident.entryCount).toBe(2);
  });

  test('changes do not touch the incident they were applied to', () => {
    const before = declared();
    const copy = structuredClone(before);
    applyChange(before, { kind: 'severity', severity: 'sev1' }, 'UBOB', t('10:30'));
    expect(before).toEqual(copy);
  });

  test('status, severity and lead record from and to', () => {
    let incident = declared();
    const status = applyChange(incident, { kind: 'status', status: 'identified' }, 'UBOB', t('10:30'));
    expect(status.entries[0]).toMatchObject({ kind: 'status', from: 'investigating', to: 'identified' });
    incident = status.incident;
    const sev = applyChange(incident, { kind: 'severity', severity: 'sev1' }, 'UBOB', t('10:31'));
    expect(sev.entries[0]).toMatchObject({ kind: 'severity', from: 'sev2', to: 'sev1' });
    const lead = applyChange(sev.incident, { kind: 'lead', userId: 'UBOB' }, 'UALICE', t('10:32'));
    expect(lead.entries[0]).toMatchObject({ kind: 'lead', from: 'UALICE', to: 'UBOB' });
    expect(lead.incident).toMatchObject({ status: 'identified', severity: 'sev1', leadId: 'UBOB' });
  });

  test('no-op changes are refused', () => {
    const incident = declared();
    expect(brokenRule(() => applyChange(incident, { kind: 'status', status: 'investigating' }, 'U', t('10:30')))).toEqual({
      rule: 'same_status',
      status: 'investigating',
    });
    expect(brokenRule(() => applyChange(incident, { kind: 'severity', severity: 'sev2' }, 'U', t('10:30')))).toEqual({
      rule: 'same_severity',
      severity: 'sev2',
    });
    expect(brokenRule(() => applyChange(incident, { kind: 'lead', userId: 'UALICE' }, 'U', t('10:30')))).toEqual({ rule: 'already_lead', userId: 'UALICE' });
  });

  test('summary fields: the last value wins and each change is on the timeline', () => {
    const first = applyChange(declared(), { kind: 'summary', field: 'impact', text: 'some users' }, 'U', t('10:30'));
    const second = applyChange(first.incident, { kind: 'summary', field: 'impact', text: '75% of users' }, 'U', t('10:31'));
    expect(second.incident.impact).toBe('75% of users');
    expect(second.entries[0]).toMatchObject({ kind: 'summary', field: 'impact', text: '75% of users' });
  });

  test('ack records who and when, once', () => {
    const { incident } = applyChange(declared(), { kind: 'ack' }, 'UBOB', t('10:25'));
    expect(incident).toMatchObject({ acknowledgedBy: 'UBOB', acknowledgedAt: t('10:25') });
    expect(() => applyChange(incident, { kind: 'ack' }, 'UCAROL', t('10:26'))).toThrow(IncidentRuleError);
  });

  test('resolve ends the outage at its time; not before the start; not twice', () => {
    const incident = declared(t('10:00'));
    expect(brokenRule(() => applyChange(incident, { kind: 'resolve', at: t('09:59') }, 'U', t('12:05')))).toEqual({ rule: 'resolved_before_start' });
    const { incident: resolved, entries } = applyChange(incident, { kind: 'resolve', at: t('12:00') }, 'U', t('12:05'));
    expect(resolved).toMatchObject({ status: 'resolved', resolvedAt: t('12:00') });
    expect(entries[0]).toMatchObject({ kind: 'resolved', at: t('12:00'), recordedAt: t('12:05') });
    expect(brokenRule(() => applyChange(resolved, { kind: 'resolve' }, 'U', t('12:06')))).toEqual({ rule: 'already_resolved' });
  });

  test('status resolved is resolve; leaving resolved reopens the outage', () => {
    const { incident } = applyChange(declared(), { kind: 'status', status: 'resolved' }, 'U', t('11:00'));
    expect(incident).toMatchObject({ status: 'resolved', resolvedAt: t('11:00') });
    const reopened = applyChange(incident, { kind: 'status', status: 'investigating' }, 'U', t('11:10'));
    expect(reopened.incident.status).toBe('investigating');
    expect(reopened.incident.resolvedAt).toBeUndefined();
  });

  test('close resolves first when needed, then refuses every later change', () => {
    const { incident, entries } = applyChange(declared(), { kind: 'close' }, 'UBOB', t('12:00'));
    expect(entries.map((e) => e.kind)).toEqual(['resolved', 'closed']);
    expect(incident).toMatchObject({ status: 'resolved', resolvedAt: t('12:00'), closedAt: t('12:00') });
    expect(brokenRule(() => applyChange(incident, { kind: 'note', text: 'late' }, 'U', t('12:01')))).toEqual({ rule: 'closed' });
    expect(brokenRule(() => applyChange(incident, { kind: 'close' }, 'U', t('12:01')))).toEqual({ rule: 'closed' });
    for (const change of [
      { kind: 'ack' },
      { kind: 'resolve' },
      { kind: 'severity', severity: 'sev1' },
      { kind: 'status', status: 'monitoring' },
      { kind: 'lead', userId: 'UZED' },
    ] as const) {
      expect(() => applyChange(incident, change, 'U', t('12:01'))).toThrow(IncidentRuleError);
    }
  });

  test('after close, the postmortem fields can still be filled in', () => {
    const closed = applyChange(declared(), { kind: 'close' }, 'UBOB', t('12:00')).incident;
    const impact = applyChange(closed, { kind: 'summary', field: 'impact', text: 'all users' }, 'UBOB', t('13:00'));
    expect(impact.incident.impact).toBe('all users');
    expect(impact.incident.closedAt).toEqual(t('12:00'));
    expect(applyChange(impact.incident, { kind: 'fix', text: 'x' }, 'UBOB', t('13:01')).entries).toHaveLength(1);
    expect(applyChange(impact.incident, { kind: 'task', text: 'y' }, 'UBOB', t('13:01')).entries).toHaveLength(1);
  });

  test('close after resolve keeps the resolution time', () => {
    const resolved = applyChange(declared(), { kind: 'resolve', at: t('11:00') }, 'U', t('11:05')).incident;
    const { incident, entries } = applyChange(resolved, { kind: 'close' }, 'U', t('12:00'));
    expect(entries.map((e) => e.kind)).toEqual(['closed']);
    expect(incident.resolvedAt).toEqual(t('11:00'));
  });

  test('sortTimeline orders by time, then by recording order', () => {
    let incident = declared();
    const all = [];
    for (const [text, at] of [
      ['b', t('10:10')],
      ['a', t('10:05')],
      ['c', t('10:10')],
    ] as const) {
      const r = applyChange(incident, { kind: 'note', text, at }, 'U', t('10:30'));
      incident = r.incident;
      all.push(...r.entries);
    }
    expect(sortTimeline(all).map((e) => (e.kind === 'note' ? e.text : e.kind))).toEqual(['a', 'b', 'c']);
  });
});

describe('captured messages', () => {
  const message = { ts: '1707128700.000100', text: 'primary is out of disk', authorId: 'UCAROL', at: t('10:25') };

  test('a captured message becomes an entry with its own author and time, once', () => {
    const { incident, entries } = applyChange(declared(), { kind: 'capture', message }, 'UBOB', t('10:30'));
    expect(entries).toEqual([
      { kind: 'message', text: 'primary is out of disk', messageTs: message.ts, seq: 1, at: t('10:25'), recordedAt: t('10:30'), authorId: 'UCAROL' },
    ]);
    expect(incident.capturedMessages).toEqual({ [message.ts]: 1 });
    expect(brokenRule(() => applyChange(incident, { kind: 'capture', message }, 'UDAN', t('10:31')))).toEqual({ rule: 'already_captured' });
  });

  test('an edit rewrites the same entry; a removal takes it off and forgets it', () => {
    const captured = applyChange(declared(), { kind: 'capture', message }, 'UBOB', t('10:30')).incident;
    const edited = applyChange(
      captured,
      { kind: 'capturedEdited', message: { ...message, text: 'primary is out of disk (90 GB of WAL)' } },
      'UCAROL',
      t('10:40'),
    );
    expect(edited.entries).toEqual([expect.objectContaining({ seq: 1, text: 'primary is out of disk (90 GB of WAL)', at: t('10:25'), authorId: 'UCAROL' })]);
    expect(edited.incident.entryCount).toBe(captured.entryCount);

    const removed = applyChange(edited.incident, { kind: 'uncapture', messageTs: message.ts }, 'UBOB', t('10:45'));
    expect(removed.entries).toEqual([]);
    expect(removed.removed).toEqual([1]);
    expect(removed.incident.capturedMessages).toEqual({});
    expect(() => applyChange(removed.incident, { kind: 'uncapture', messageTs: message.ts }, 'UBOB', t('10:46'))).toThrow(IncidentRuleError);
    expect(() => applyChange(removed.incident, { kind: 'capturedEdited', message }, 'UBOB', t('10:46'))).toThrow(IncidentRuleError);
  });

  test('messages can still be captured, edited and removed after close, for the postmortem', () => {
    const closed = applyChange(declared(), { kind: 'close' }, 'UALICE', t('11:00')).incident;
    const captured = applyChange(closed, { kind: 'capture', message }, 'UBOB', t('11:05'));
    expect(captured.entries.map((e) => e.kind)).toEqual(['message']);
    expect(applyChange(captured.incident, { kind: 'uncapture', messageTs: message.ts }, 'UBOB', t('11:06')).removed).toEqual([captured.entries[0]!.seq]);
  });

  test('capturing is not activity: it does not put off a quiet-incident reminder', () => {
    const incident = declared();
    const after = applyChange(incident, { kind: 'capture', message }, 'UBOB', t('10:30')).incident;
    expect(after.escalation).toEqual(incident.escalation);
  });
});
