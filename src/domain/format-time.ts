import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns/format';

/** How a deployment shows times: in its incident zone, on a 12- or 24-hour clock (TIME_FORMAT). */
export interface TimeStyle {
  timeZone: string;
  hourCycle: HourCycle;
}

export type HourCycle = '12h' | '24h';

/**
 * Zones whose people mostly read a 12-hour clock (the United States and English-speaking Canada,
 * Australia, New Zealand, South Asia, the Philippines, Egypt and the Gulf); everywhere else, and
 * UTC, reads 24 hours. A default only: TIME_FORMAT decides.
 */
const TWELVE_HOUR_ZONES =
  /^(America\/(New_York|Chicago|Denver|Los_Angeles|Phoenix|Anchorage|Juneau|Adak|Boise|Detroit|Indiana\/.+|Kentucky\/.+|North_Dakota\/.+|Menominee|Toronto|Vancouver|Edmonton|Winnipeg|Regina|Halifax|St_Johns|Moncton|Glace_Bay|Whitehorse|Yellowknife|Puerto_Rico)|US\/.+|Canada\/(?!.*Quebec).+|Pacific\/(Honolulu|Auckland|Guam)|Australia\/.+|Asia\/(Kolkata|Calcutta|Karachi|Dhaka|Manila|Riyadh|Dubai|Qatar|Kuwait|Bahrain|Muscat)|Africa\/Cairo)$/;

export function defaultHourCycle(timeZone: string): HourCycle {
  return TWELVE_HOUR_ZONES.test(timeZone) ? '12h' : '24h';
}

/** `10:05 AM` or `10:05`: the time of day in the style's zone and clock (one Intl formatter per zone, see zonedStamp). */
export function formatClockTime(at: Date, style: TimeStyle): string {
  return zonedStamp(style)(at).time;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** A time's local fields, as its zone reads them. */
export interface ZonedStamp {
  /** `10:05` or `10:05 AM`. */
  time: string;
  /** `Feb 5`. */
  date: string;
  /** `Feb 5, 2024`. */
  dateWithYear: string;
  /** The local calendar day as a number (`20240205`), to tell whether two times share a day. */
  day: number;
  year: number;
}

const zoneOffsets = new Map<string, (ms: number) => number>();
/** Zones change their offset at most once in a quarter of an hour, and modern ones on its boundaries. */
const QUARTER_HOUR_MS = 15 * 60_000;

/**
 * The zone's offset from UTC at an instant (ms). Intl is asked once per quarter hour and zone,
 * at both ends of it: when they agree the offset holds throughout, otherwise (a change inside
 * the quarter, as in some zones' history) each instant is asked about.
 */
function zoneOffset(timeZone: string): (ms: number) => number {
  let offset = zoneOffsets.get(timeZone);
  if (offset) return offset;
  const formatter = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const exact = (ms: number) => {
    const part: Record<string, number> = {};
    for (const { type, value } of formatter.formatToParts(ms)) if (type !== 'literal') part[type] = Number(value);
    const local = Date.UTC(part.year!, part.month! - 1, part.day!, part.hour! % 24, part.minute!, part.second!);
    return local - (ms - (((ms % 1000) + 1000) % 1000));
  };
  const quarters = new Map<number, number | null>();
  offset = (ms) => {
    const quarter = Math.floor(ms / QUARTER_HOUR_MS);
    let known = quarters.get(quarter);
    if (known === undefined) {
      const first = exact(quarter * QUARTER_HOUR_MS);
      known = first === exact((quarter + 1) * QUARTER_HOUR_MS - 1) ? first : null;
      // A process formats times near each other: a bounded memory of quarters is plenty.
      if (quarters.size > 10_000) quarters.clear();
      quarters.set(quarter, known);
    }
    return known ?? exact(ms);
  };
  zoneOffsets.set(timeZone, offset);
  return offset;
}

/** An instant's wall clock in `timeZone`, to the minute (the zone's offset read as zonedStamp reads it). */
export function wallClockAt(at: Date, timeZone: string): { year: number; month: number; day: number; hour: number; minute: number } {
  const ms = at.getTime();
  const local = new Date(ms + zoneOffset(timeZone)(ms));
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate(), hour: local.getUTCHours(), minute: local.getUTCMinutes() };
}

/**
 * Formats many times in one zone fast: the zone's offset, read from Intl once per quarter hour,
 * turns an instant into its local fields by arithmetic (building a zoned date per time looks the
 * offset up several times). Gives exactly what formatClockTime and `MMM d` / `MMM d, yyyy` give.
 */
export function zonedStamp(style: TimeStyle): (at: Date) => ZonedStamp {
  const offset = zoneOffset(style.timeZone);
  const twelve = style.hourCycle === '12h';
  return (at) => {
    const ms = at.getTime();
    const local = new Date(ms + offset(ms));
    const year = local.getUTCFullYear();
    const month = local.getUTCMonth() + 1;
    const dayOfMonth = local.getUTCDate();
    const hour = local.getUTCHours();
    const minute = String(local.getUTCMinutes()).padStart(2, '0');
    const time = twelve ? `${hour % 12 || 12}:${minute} ${hour < 12 ? 'AM' : 'PM'}` : `${String(hour).padStart(2, '0')}:${minute}`;
    const date = `${MONTHS[month - 1]} ${dayOfMonth}`;
    return { time, date, dateWithYear: `${date}, ${year}`, day: year * 10_000 + month * 100 + dayOfMonth, year };
  };
}

/** `February 5, 2024`. */
export function formatLongDate(at: Date, timeZone: string): string {
  return format(new TZDate(at.getTime(), timeZone), 'MMMM d, yyyy');
}

/** `20240205`, for channel names. */
export function formatCompactDate(at: Date, timeZone: string): string {
  return format(new TZDate(at.getTime(), timeZone), 'yyyyMMdd');
}

/** `1432`, for channel names. */
export function formatCompactTime(at: Date, timeZone: string): string {
  return format(new TZDate(at.getTime(), timeZone), 'HHmm');
}

/** `10:05` today, else `Feb 4, 23:50` (with the year when it is not this year), in the style's clock. */
export function formatWhen(at: Date, style: TimeStyle, now: Date): string {
  const stamp = zonedStamp(style);
  const local = stamp(at);
  const today = stamp(now);
  if (local.day === today.day) return local.time;
  return local.year === today.year ? `${local.date}, ${local.time}` : `${local.date} ${local.year}, ${local.time}`;
}

/** Whether `at` falls on the day of `now`, in `timeZone`. */
export function isSameLocalDay(at: Date, now: Date, timeZone: string): boolean {
  const stamp = zonedStamp({ timeZone, hourCycle: '24h' });
  return stamp(at).day === stamp(now).day;
}

/** `2 hours`, `1 hour 25 minutes`, `3 days 2 hours`, `less than a minute`. */
export function formatDuration(ms: number): string {
  const totalMinutes = Math.floor(Math.max(0, ms) / 60_000);
  if (totalMinutes === 0) return 'less than a minute';
  const days = Math.floor(totalMinutes / 1440);
  const hours = Math.floor((totalMinutes % 1440) / 60);
  const minutes = totalMinutes % 60;
  const parts: string[] = [];
  if (days) parts.push(`${days} ${days === 1 ? 'day' : 'days'}`);
  if (hours) parts.push(`${hours} ${hours === 1 ? 'hour' : 'hours'}`);
  if (minutes && days === 0) parts.push(`${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`);
  return parts.join(' ');
}

/** A time as people can type it back to Hotwash: `2024-02-05 14:05`, in `timeZone`. */
export function formatTypeable(at: Date, timeZone: string): string {
  return format(new TZDate(at.getTime(), timeZone), 'yyyy-MM-dd HH:mm');
}
