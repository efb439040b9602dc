import { parseLeadingTime } from '../../src/commands/parse-time';
import { UsageError } from '../../src/errors';

// 2024-02-05 10:30 UTC, a Monday
const now = new Date('2024-02-05T10:30:00Z');
const utc = { now, timeZone: 'UTC' };

describe('parseLeadingTime', () => {
  test('no time leaves the text alone', () => {
    expect(parseLeadingTime('engineers noticed errors', utc)).toEqual({ rest: 'engineers noticed errors' });
    expect(parseLeadingTime('5 users affected', utc)).toEqual({ rest: '5 users affected' });
  });

  test('HH:MM earlier today is today', () => {
    expect(parseLeadingTime('10:05 errors', utc)).toEqual({ at: new Date('2024-02-05T10:05:00Z'), rest: 'errors' });
  });

  test('HH:MM later than now means yesterday', () => {
    expect(parseLeadingTime('23:50 deploy started', utc).at).toEqual(new Date('2024-02-04T23:50:00Z'));
  });

  test('a minute of clock skew still counts as today', () => {
    expect(parseLeadingTime('10:31 x', utc).at).toEqual(new Date('2024-02-05T10:31:00Z'));
    expect(parseLeadingTime('10:32 x', utc).at).toEqual(new Date('2024-02-04T10:32:00Z'));
  });

  test.each([
    ['9:05 am', '2024-02-05T09:05:00Z'],
    ['9:05am', '2024-02-05T09:05:00Z'],
    ['12:00 AM', '2024-02-05T00:00:00Z'],
    ['12:15 pm', '2024-02-04T12:15:00Z'],
    ['1:00 PM', '2024-02-04T13:00:00Z'],
    ['9:05 a.m.', '2024-02-05T09:05:00Z'],
  ])('12-hour %s', (typed, iso) => {
    expect(parseLeadingTime(`${typed} text`, utc)).toEqual({ at: new Date(iso), rest: 'text' });
  });

  test('full date and time', () => {
    expect(parseLeadingTime('2024-02-04 22:15 rollout', utc)).toEqual({ at: new Date('2024-02-04T22:15:00Z'), rest: 'rollout' });
  });

  test('times are read in the configured zone', () => {
    const berlin = { now, timeZone: 'Europe/Berlin' }; // 11:30 local
    expect(parseLeadingTime('11:00 x', berlin).at).toEqual(new Date('2024-02-05T10:00:00Z'));
    expect(parseLeadingTime('2024-02-05 00:30 x', berlin).at).toEqual(new Date('2024-02-04T23:30:00Z'));
    const newYork = { now, timeZone: 'America/New_York' }; // 05:30 local
    expect(parseLeadingTime('6:00 x', newYork).at).toEqual(new Date('2024-02-04T11:00:00Z'));
  });

  test('a bare time just after a DST change lands on the right instant', () => {
    // 2024-03-31 02:00 Berlin jumps to 03:00; at 04:00 local (02:00 UTC), 01:30 local was 00:30 UTC
    const clock = { now: new Date('2024-03-31T02:00:00Z'), timeZone: 'Europe/Berlin' };
    expect(parseLeadingTime('01:30 x', clock).at).toEqual(new Date('2024-03-31T00:30:00Z'));
    expect(parseLeadingTime('03:30 x', clock).at).toEqual(new Date('2024-03-31T01:30:00Z'));
  });

  test('a time alone leaves empty text', () => {
    expect(parseLeadingTime('10:00', utc)).toEqual({ at: new Date('2024-02-05T10:00:00Z'), rest: '' });
  });

  test('a date in the future is refused', () => {
    expect(() => parseLeadingTime('2024-02-06 09:00 x', utc)).toThrow(/in the future/);
  });

  test.each(['25:00 x', '10:75 x', '13:00 pm x', '0:30 am x', '2024-02-30 10:00 x', '2024-13-01 10:00 x', '10:5 x', '2024-2-5 10:00 x'])(
    'invalid time %s is refused with the formats',
    (typed) => {
      let error: unknown;
      try {
        parseLeadingTime(typed, utc);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).toMatch(/HH:MM.*h:mm am.*YYYY-MM-DD HH:MM/);
    },
  );
});
