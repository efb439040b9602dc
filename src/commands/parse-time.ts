import { TZDate } from '@date-fns/tz';
import { UsageError } from '../errors';

/** The moment and the zone against which a typed time is read. */
export interface TimeReading {
  now: Date;
  timeZone: string;
}

/** Clock skew we forgive: a time typed a few seconds "ahead" of the server is still now, not yesterday. */
const SKEW_MS = 60_000;

/** No incident worth typing began before this year; older years are typos (or 2-digit years). */
const EARLIEST_YEAR = 2000;

export const TIME_FORMATS_HELP = '`HH:MM` (24-hour), `h:mm am`/`h:mm pm`, `yesterday HH:MM`, or `YYYY-MM-DD HH:MM`';

const FULL = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})(?=\s|$)/;
const TWELVE_HOUR = /^(\d{1,2}):(\d{2}) ?([ap])\.?m\.?(?=\s|$)/i;
const TWENTY_FOUR_HOUR = /^(\d{1,2}):(\d{2})(?=\s|$)/;
const LOOKS_LIKE_TIME = /^(\d{1,2}:\d|\d{4}-\d{1,2}-\d)/;
/** `yesterday 23:50`, `today 9:10 am`: a day word before a time of day. */
const DAY_WORD = /^(yesterday|today)\s+(?=\d{1,2}:\d)/i;
/** A day word and a time anywhere: in a title it means the time was typed in the wrong place. */
export const MISPLACED_TIME = /(?:^|\s)((?:yesterday|today)\s+\d{1,2}:\d{2}(?: ?[ap]\.?m\.?)?)(?=\s|$)/i;

export interface LeadingTime {
  at?: Date;
  rest: string;
}

/**
 * Reads an optional time at the start of `text`, in the clock's time zone. A bare time means
 * its latest occurrence that is not in the future; a full date in the future is refused.
 */
export function parseLeadingTime(text: string, clock: TimeReading): LeadingTime {
  const day = DAY_WORD.exec(text);
  if (day) return onDay(day[1]!.toLowerCase() === 'yesterday' ? 1 : 0, text.slice(day[0].length), clock, day[0]);
  const full = FULL.exec(text);
  if (full) {
    const [, y, mo, d, h, mi] = full.map(Number);
    // The Date constructor reads years 0–99 as 1900–1999: 0024 would become 1924.
    if (y! < EARLIEST_YEAR) throw new UsageError(`${full[0]} is too long ago: give a time from ${EARLIEST_YEAR} on.`);
    const at = localTime(clock.timeZone, y!, mo!, d!, h!, mi!, full[0]);
    if (at.getTime() > clock.now.getTime() + SKEW_MS) {
      throw new UsageError(`${full[0]} is in the future. Give the time it happened, or no time for now.`);
    }
    return { at, rest: text.slice(full[0].length).trim() };
  }

  const twelve = TWELVE_HOUR.exec(text);
  const twentyFour = twelve ? null : TWENTY_FOUR_HOUR.exec(text);
  const match = twelve ?? twentyFour;
  if (match) {
    let hour = Number(match[1]);
    const minute = Number(match[2]);
    if (twelve) {
      if (hour < 1 || hour > 12) throw invalidTime(match[0]);
      const pm = match[3]!.toLowerCase() === 'p';
      hour = (hour % 12) + (pm ? 12 : 0);
    }
    return { at: latestOccurrence(clock, hour, minute, match[0]), rest: text.slice(match[0].length).trim() };
  }

  if (LOOKS_LIKE_TIME.test(text)) throw invalidTime(text.split(/\s/)[0]!);
  return { rest: text };
}

/** A time of day on today (`daysAgo` 0) or yesterday (1), as `yesterday 23:50` says. */
function onDay(daysAgo: number, text: string, clock: TimeReading, dayWord: string): LeadingTime {
  const twelve = TWELVE_HOUR.exec(text);
  const match = twelve ?? TWENTY_FOUR_HOUR.exec(text);
  if (!match) throw invalidTime(`${dayWord}${text.split(/\s/)[0]}`);
  const typed = `${dayWord}${match[0]}`;
  let hour = Number(match[1]);
  if (twelve) {
    if (hour < 1 || hour > 12) throw invalidTime(typed);
    hour = (hour % 12) + (match[3]!.toLowerCase() === 'p' ? 12 : 0);
  }
  const today = new TZDate(clock.now.getTime(), clock.timeZone);
  const day = new TZDate(today.getFullYear(), today.getMonth(), today.getDate() - daysAgo, 12, 0, clock.timeZone);
  const at = localTime(clock.timeZone, day.getFullYear(), day.getMonth() + 1, day.getDate(), hour, Number(match[2]), typed);
  if (at.getTime() > clock.now.getTime() + SKEW_MS) throw new UsageError(`${typed} is in the future. Give the time it happened, or no time for now.`);
  return { at, rest: text.slice(match[0].length).trim() };
}

function latestOccurrence(clock: TimeReading, hour: number, minute: number, typed: string): Date {
  const today = new TZDate(clock.now.getTime(), clock.timeZone);
  const y = today.getFullYear();
  const mo = today.getMonth() + 1;
  const d = today.getDate();
  const candidate = localTime(clock.timeZone, y, mo, d, hour, minute, typed);
  if (candidate.getTime() <= clock.now.getTime() + SKEW_MS) return candidate;
  // Later today has not happened yet: the person means yesterday.
  const yesterday = new TZDate(y, mo - 1, d - 1, 12, 0, clock.timeZone);
  return localTime(clock.timeZone, yesterday.getFullYear(), yesterday.getMonth() + 1, yesterday.getDate(), hour, minute, typed);
}

function localTime(zone: string, y: number, mo: number, d: number, h: number, mi: number, typed: string): Date {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) throw invalidTime(typed);
  const at = new TZDate(y, mo - 1, d, h, mi, zone);
  // Dates like 2024-02-30 roll over in the Date constructor; refuse them instead.
  if (at.getMonth() !== mo - 1 || at.getDate() !== d) throw invalidTime(typed);
  return new Date(at.getTime());
}

function invalidTime(typed: string): UsageError {
  return new UsageError(`"${typed}" is not a time I understand. Use ${TIME_FORMATS_HELP}.`);
}
