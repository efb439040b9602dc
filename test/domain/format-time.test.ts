import { TZDate } from '@date-fns/tz';
import { format, isSameDay } from 'date-fns';
import { formatClockTime, formatWhen, isSameLocalDay, zonedStamp } from '../../src/domain/format-time';

describe('zonedStamp', () => {
  // Every 7 minutes (and 13 seconds) across each zone's spring and autumn changes (and a 30-minute-offset zone's).
  const instants = (from: string, to: string) => {
    const out: Date[] = [];
    for (let t = Date.parse(from); t < Date.parse(to); t += 7 * 60_000 + 13_000) out.push(new Date(t));
    return out;
  };
  const cases = [
    { timeZone: 'Europe/Berlin', range: ['2024-03-30T22:00:00Z', '2024-04-01T02:00:00Z'] },
    { timeZone: 'Europe/Berlin', range: ['2024-10-26T22:00:00Z', '2024-10-28T02:00:00Z'] },
    { timeZone: 'America/St_Johns', range: ['2024-11-02T20:00:00Z', '2024-11-04T08:00:00Z'] },
    { timeZone: 'Pacific/Auckland', range: ['2024-04-06T10:00:00Z', '2024-04-07T16:00:00Z'] },
    // A 30-minute change (Lord Howe) and a change off the quarter hour (Kathmandu, 1986: +5:30 to +5:45).
    { timeZone: 'Australia/Lord_Howe', range: ['2024-04-06T12:00:00Z', '2024-04-07T18:00:00Z'] },
    { timeZone: 'Asia/Kathmandu', range: ['1985-12-31T12:00:00Z', '1986-01-01T02:00:00Z'] },
  ];

  test.each(cases)(
    'gives what date-fns gives (and formatClockTime, formatWhen and isSameLocalDay with it), on both clocks, around the changes of $timeZone',
    ({ timeZone, range }) => {
      for (const hourCycle of ['24h', '12h'] as const) {
        const stamp = zonedStamp({ timeZone, hourCycle });
        for (const at of instants(range[0]!, range[1]!)) {
          const local = new TZDate(at.getTime(), timeZone);
          const time = format(local, hourCycle === '12h' ? 'h:mm a' : 'HH:mm');
          expect(stamp(at)).toMatchObject({ time, date: format(local, 'MMM d'), dateWithYear: format(local, 'MMM d, yyyy') });
          expect(formatClockTime(at, { timeZone, hourCycle })).toBe(time);
          // Against a "now" 5 hours later, and one a year and a day later: same day, another day, another year.
          for (const later of [5 * 3_600_000, 366 * 86_400_000]) {
            const now = new Date(at.getTime() + later);
            const today = new TZDate(now.getTime(), timeZone);
            const clock = hourCycle === '12h' ? 'h:mm a' : 'HH:mm';
            const expected = isSameDay(local, today)
              ? format(local, clock)
              : format(local, local.getFullYear() === today.getFullYear() ? `MMM d, ${clock}` : `MMM d yyyy, ${clock}`);
            expect(formatWhen(at, { timeZone, hourCycle }, now)).toBe(expected);
            expect(isSameLocalDay(at, now, timeZone)).toBe(isSameDay(local, today));
          }
        }
      }
    },
  );

  test('an offset in seconds (Monrovia until 1972, -0:44:30) reads as Intl reads it', () => {
    // date-fns's TZDate gets this zone's seconds the wrong way round, so Intl itself is the oracle here.
    const intl = new Intl.DateTimeFormat('en-GB', { timeZone: 'Africa/Monrovia', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    const stamp = zonedStamp({ timeZone: 'Africa/Monrovia', hourCycle: '24h' });
    for (const at of instants('1972-01-06T12:00:00Z', '1972-01-08T02:00:00Z')) expect(stamp(at).time).toBe(intl.format(at));
    expect(stamp(new Date('1972-01-06T12:00:00Z')).time).toBe('11:15');
    expect(stamp(new Date('1972-01-07T12:00:00Z')).time).toBe('12:00');
  });

  test('midnight and noon on the 12-hour clock', () => {
    const stamp = zonedStamp({ timeZone: 'UTC', hourCycle: '12h' });
    expect(stamp(new Date('2024-02-05T00:05:00Z')).time).toBe('12:05 AM');
    expect(stamp(new Date('2024-02-05T12:05:00Z')).time).toBe('12:05 PM');
  });
});
