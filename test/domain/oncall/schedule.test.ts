import { localToInstant, onCallAt, type Schedule } from '../../../src/domain/oncall/schedule';

const weekly = (timeZone: string, overrides: Schedule['overrides'] = []): Schedule => ({
  name: 'primary',
  timeZone,
  rotation: { userIds: ['UALICE', 'UBOB', 'UCAROL'], everyMinutes: 7 * 24 * 60, handoff: { year: 2024, month: 1, day: 1, hour: 9, minute: 0 } },
  overrides,
});
const at = (iso: string) => new Date(iso);

describe('on-call rotation', () => {
  test('turns follow one another from the first handoff, and wrap around', () => {
    const s = weekly('UTC');
    expect(onCallAt(s, at('2024-01-01T09:00:00Z'))).toEqual({ userId: 'UALICE', until: at('2024-01-08T09:00:00Z'), nextUserId: 'UBOB', override: false });
    expect(onCallAt(s, at('2024-01-08T08:59:00Z')).userId).toBe('UALICE');
    expect(onCallAt(s, at('2024-01-08T09:00:00Z')).userId).toBe('UBOB');
    expect(onCallAt(s, at('2024-01-22T09:00:00Z')).userId).toBe('UALICE');
    expect(onCallAt(s, at('2023-12-31T12:00:00Z')).userId).toBe('UCAROL'); // before the first handoff: the turn before it
  });

  test('handoffs keep their local time across daylight saving, both ways (Europe/Berlin)', () => {
    const s = weekly('Europe/Berlin');
    // Spring forward on 2024-03-31: the handoff of Monday 2024-04-01 is at 09:00 CEST (07:00 UTC).
    expect(onCallAt(s, at('2024-03-26T10:00:00Z')).until).toEqual(at('2024-04-01T07:00:00Z'));
    // Fall back on 2024-10-27: Monday 2024-10-28's handoff is at 09:00 CET (08:00 UTC).
    expect(onCallAt(s, at('2024-10-22T10:00:00Z')).until).toEqual(at('2024-10-28T08:00:00Z'));
    expect(onCallAt(s, at('2024-10-28T07:59:00Z')).userId).toBe(onCallAt(s, at('2024-10-22T10:00:00Z')).userId);
  });

  test('twelve-hour turns in a zone far from UTC (Pacific/Auckland)', () => {
    const s: Schedule = { ...weekly('Pacific/Auckland'), rotation: { ...weekly('UTC').rotation, everyMinutes: 12 * 60, userIds: ['UDAY', 'UNIGHT'] } };
    // 2024-01-01 09:00 NZDT is 2023-12-31T20:00Z.
    expect(onCallAt(s, at('2023-12-31T20:00:00Z'))).toMatchObject({ userId: 'UDAY', until: at('2024-01-01T08:00:00Z'), nextUserId: 'UNIGHT' });
    expect(onCallAt(s, at('2024-01-01T08:00:00Z')).userId).toBe('UNIGHT');
  });

  test('an override takes the turn for its span, and cuts the turn before it short', () => {
    const from = localToInstant({ year: 2024, month: 1, day: 3, hour: 0, minute: 0 }, 'UTC');
    const to = localToInstant({ year: 2024, month: 1, day: 4, hour: 0, minute: 0 }, 'UTC');
    const s = weekly('UTC', [{ userId: 'UDAVE', from, to }]);
    expect(onCallAt(s, at('2024-01-02T12:00:00Z'))).toEqual({ userId: 'UALICE', until: from, nextUserId: 'UDAVE', override: false });
    expect(onCallAt(s, at('2024-01-03T12:00:00Z'))).toEqual({ userId: 'UDAVE', until: to, nextUserId: 'UALICE', override: true });
    expect(onCallAt(s, at('2024-01-04T00:00:00Z')).userId).toBe('UALICE');
  });

  test('a cover given later wins over the schedule file for its span', () => {
    const s = weekly('UTC');
    const cover = { userId: 'UERIN', from: at('2024-01-02T10:00:00Z'), to: at('2024-01-02T12:00:00Z') };
    expect(onCallAt(s, at('2024-01-02T11:00:00Z'), [cover])).toMatchObject({ userId: 'UERIN', until: cover.to, nextUserId: 'UALICE' });
  });
});
