import { TZDate } from '@date-fns/tz';
import { format, isSameDay } from 'date-fns';

/** `10:05 AM`, the seed postmortem's style. */
export function formatClockTime(at: Date, timeZone: string): string {
  return format(new TZDate(at.getTime(), timeZone), 'h:mm a');
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

/** `10:05 AM` today, else `Feb 4, 11:50 PM` (with the year when it is not this year). */
export function formatWhen(at: Date, timeZone: string, now: Date): string {
  const local = new TZDate(at.getTime(), timeZone);
  const today = new TZDate(now.getTime(), timeZone);
  if (isSameDay(local, today)) return format(local, 'h:mm a');
  return format(local, local.getFullYear() === today.getFullYear() ? 'MMM d, h:mm a' : 'MMM d yyyy, h:mm a');
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
