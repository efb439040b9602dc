import { TZDate } from '@date-fns/tz';
import { wallClockAt } from '../format-time';

/** A local wall-clock time: what people write in a schedule (`2024-01-01 09:00` in its zone). */
export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** Someone on call in place of the rotation, from one instant to another. */
export interface Override {
  userId: string;
  from: Date;
  to: Date;
}

/**
 * An on-call schedule: people take turns, each for `everyMinutes` of the schedule zone's wall
 * clock, from a first handoff on. Overrides take precedence over the rotation.
 */
export interface Schedule {
  name: string;
  timeZone: string;
  rotation: { userIds: string[]; everyMinutes: number; handoff: LocalDateTime };
  overrides: Override[];
}

/** Who is on call at an instant, until when, and who comes after. */
export interface OnCallShift {
  userId: string;
  until: Date;
  nextUserId: string;
  /** True when an override put this person on call. */
  override: boolean;
}

/**
 * Minutes of a wall clock, counted as if it were UTC. Arithmetic in these keeps handoffs at their
 * local time across daylight-saving changes: a 09:00 handoff stays at 09:00, winter and summer.
 */
function wallMinutes(local: LocalDateTime): number {
  return Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute) / 60_000;
}

/**
 * Building a zoned date from wall-clock fields is slow next to everything else a page does, and
 * a storm asks for the same few handoffs a thousand times: each zone keeps the recent answers.
 */
const MEMORY = 1_000;
const instants = new Map<string, Map<number, number>>();

/** The instant a wall-clock minute count stands for in `timeZone` (in a DST gap, the moment the clocks jump to). */
function instantOf(minutes: number, timeZone: string): Date {
  let known = instants.get(timeZone);
  if (!known) {
    known = new Map();
    instants.set(timeZone, known);
  }
  let ms = known.get(minutes);
  if (ms === undefined) {
    const wall = new Date(minutes * 60_000);
    ms = new TZDate(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate(), wall.getUTCHours(), wall.getUTCMinutes(), timeZone).getTime();
    if (known.size >= MEMORY) known.clear();
    known.set(minutes, ms);
  }
  return new Date(ms);
}

/** The instant a local wall-clock time stands for in `timeZone`. */
export function localToInstant(local: LocalDateTime, timeZone: string): Date {
  return instantOf(wallMinutes(local), timeZone);
}

/** Who the rotation puts on call at `at`, and when that turn ends. */
function rotationAt(schedule: Schedule, at: Date): { userId: string; until: Date; nextUserId: string } {
  const { userIds, everyMinutes, handoff } = schedule.rotation;
  const elapsed = wallMinutes(wallClockAt(at, schedule.timeZone)) - wallMinutes(handoff);
  const turn = Math.floor(elapsed / everyMinutes);
  const who = (n: number) => userIds[((n % userIds.length) + userIds.length) % userIds.length]!;
  return { userId: who(turn), until: instantOf(wallMinutes(handoff) + (turn + 1) * everyMinutes, schedule.timeZone), nextUserId: who(turn + 1) };
}

/** Who is on call for `schedule` at `at`: an override covering that instant, else the rotation. */
export function onCallAt(schedule: Schedule, at: Date, extraOverrides: readonly Override[] = []): OnCallShift {
  const overrides = [...schedule.overrides, ...extraOverrides];
  // The newest override wins where several cover the same instant (a cover typed today over the file's).
  const covering = overrides.filter((o) => o.from <= at && at < o.to).at(-1);
  const rotation = rotationAt(schedule, at);
  if (covering) {
    const after = onCallAt(
      { ...schedule, overrides: [] },
      covering.to,
      overrides.filter((o) => o !== covering && o.from <= covering.to && covering.to < o.to),
    );
    return { userId: covering.userId, until: covering.to, nextUserId: after.userId, override: true };
  }
  // An override that starts before the turn ends cuts it short.
  const next = overrides.filter((o) => o.from > at && o.from < rotation.until).sort((a, b) => a.from.getTime() - b.from.getTime())[0];
  if (next) return { userId: rotation.userId, until: next.from, nextUserId: next.userId, override: false };
  return { ...rotation, override: false };
}

/** The prefix of a policy target that names a schedule: `schedule:primary`. */
export const SCHEDULE_TARGET = 'schedule:';

export function scheduleNameOf(target: string): string | undefined {
  return target.startsWith(SCHEDULE_TARGET) ? target.slice(SCHEDULE_TARGET.length) : undefined;
}
