import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';

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
const zoneFields = new Map<string, Intl.DateTimeFormat>();

/**
 * Formats many times in one zone fast: one Intl formatter per zone, kept for the process, reads
 * the local fields (building a zoned date per time looks the offset up several times). Gives
 * exactly what formatClockTime and `MMM d` / `MMM d, yyyy` give.
 */
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

export function zonedStamp(style: TimeStyle): (at: Date) => ZonedStamp {
  let fields = zoneFields.get(style.timeZone);
  if (!fields) {
    fields = new Intl.DateTimeFormat('en-US', {
      timeZone: style.timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    zoneFields.set(style.timeZone, fields);
  }
  const formatter = fields;
  const twelve = style.hourCycle === '12h';
  return (at) => {
    const part: Record<string, number> = {};
    for (const { type, value } of formatter.formatToParts(at)) if (type !== 'literal') part[type] = Number(value);
    const hour = part.hour! % 24;
    const minute = String(part.minute).padStart(2, '0');
    const time = twelve ? `${hour % 12 || 12}:${minute} ${hour < 12 ? 'AM' : 'PM'}` : `${String(hour).padStart(2, '0')}:${minute}`;
    const date = `${MONTHS[part.month! - 1]} ${part.day}`;
    return { time, date, dateWithYear: `${date}, ${part.year}`, day: part.year! * 10_000 + part.month! * 100 + part.day!, year: part.year! };
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
