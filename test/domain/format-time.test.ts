import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { formatClockTime, zonedStamp } from '../../src/domain/format-time';

describe('zonedStamp', () => {
  // Every 7 minutes across each zone's spring and autumn changes (and a 30-minute-offset zone's).
  const instants = (from: string, to: string) => {
    const out: Date[] = [];
    for (let t = Date.parse(from); t < Date.parse(to); t += 7 * 60_000) out.push(new Date(t));
    return out;
  };
  const cases = [
    { timeZone: 'Europe/Berlin', range: ['2024-03-30T22:00:00Z', '2024-04-01T02:00:00Z'] },
    { timeZone: 'Europe/Berlin', range: ['2024-10-26T22:00:00Z', '2024-10-28T02:00:00Z'] },
    { timeZone: 'America/St_Johns', range: ['2024-11-02T20:00:00Z', '2024-11-04T08:00:00Z'] },
    { timeZone: 'Pacific/Auckland', range: ['2024-04-06T10:00:00Z', '2024-04-07T16:00:00Z'] },
  ];

  test.each(cases)('gives what date-fns gives (and formatClockTime with it), on both clocks, around the changes of $timeZone', ({ timeZone, range }) => {
    for (const hourCycle of ['24h', '12h'] as const) {
      const stamp = zonedStamp({ timeZone, hourCycle });
      for (const at of instants(range[0]!, range[1]!)) {
        const local = new TZDate(at.getTime(), timeZone);
        const time = format(local, hourCycle === '12h' ? 'h:mm a' : 'HH:mm');
        expect(stamp(at)).toEqual({ time, date: format(local, 'MMM d'), dateWithYear: format(local, 'MMM d, yyyy') });
        expect(formatClockTime(at, { timeZone, hourCycle })).toBe(time);
      }
    }
  });

  test('midnight and noon on the 12-hour clock', () => {
    const stamp = zonedStamp({ timeZone: 'UTC', hourCycle: '12h' });
    expect(stamp(new Date('2024-02-05T00:05:00Z')).time).toBe('12:05 AM');
    expect(stamp(new Date('2024-02-05T12:05:00Z')).time).toBe('12:05 PM');
  });
});
