import { TZDate } from '@date-fns/tz';
import { isSameDay } from 'date-fns/isSameDay';
import { describeEntry } from '../describe-entry';
import { defaultHourCycle, formatClockTime, formatDuration, formatLongDate, type HourCycle, type TimeStyle, zonedStamp } from '../format-time';
import { missingSummaryFields, outageEnd, type Incident } from '../incident';
import { sortTimeline, type TimelineEntry } from '../timeline-entry';
import { escapeMarkdownInline, slackToMarkdown, slackToPlainText, type NameOf } from './markdown-text';

export interface PostmortemInput {
  incident: Incident;
  /** The incident's whole timeline, in any order. */
  entries: readonly TimelineEntry[];
  timeZone: string;
  /** The clock times are shown on (TIME_FORMAT); the zone's common one when absent. */
  hourCycle?: HourCycle;
  /** Display names of people; IDs are shown for anyone it does not know. */
  nameOf: NameOf;
  /** What to say where nothing was recorded yet. */
  placeholders?: PostmortemPlaceholders;
  /** The tracker issue of each exported task, by the task's seq. */
  issues?: ReadonlyMap<number, { key: string; url: string }>;
}

/**
 * What a postmortem template sees. Every string is ready to place in Markdown: text people
 * typed is escaped, times are formatted in the incident time zone. Documented in the README.
 */
export interface PostmortemData {
  incident: {
    id: string;
    title: string;
    severity: string;
    status: string;
    lead: string;
    declaredBy: string;
    channel: string;
  };
  timeZone: string;
  summary: {
    /** The Duration sentence: "The outage occurred from 10:00 AM to 12:00 PM on February 5, 2024 (UTC). It lasted 2 hours." */
    duration: string;
    /** "2 hours"; absent while the outage is ongoing. */
    length?: string;
    ongoing: boolean;
    impact: string;
    rootCause: string;
    resolution: string;
  };
  /** Summary fields nobody filled in yet, by name ("impact", "root cause", "resolution"). */
  missing: string[];
  /** True when the incident's entries span more than one calendar day; then `when` carries the date. */
  multiDay: boolean;
  /** The story of the incident in time order: every entry but summary fields, fixes and tasks (they have their own sections). */
  timeline: { when: string; time: string; date: string; kind: string; author: string; text: string }[];
  fixes: { text: string; author: string }[];
  /** `issue`: the tracker issue the task became, as a Markdown link. */
  tasks: { text: string; owner?: string; author: string; issue?: string }[];
  placeholders: { fixes: string; tasks: string };
  metrics: {
    severity: string;
    lead: string;
    /** Roles besides the lead, as held at the end (`communications: Alice; scribe: Bob`); empty when none. */
    roles: string;
    responders: string;
    timeToDeclare: string;
    timeToAcknowledge: string;
    timeToResolve: string;
    escalationPages: number;
    timelineEntries: number;
  };
}

/**
 * What the draft says where nothing was recorded yet. The chat adapter supplies its own, naming
 * the commands that record each part (src/slack/messages/postmortem-placeholders.ts).
 */
export interface PostmortemPlaceholders {
  impact: string;
  rootCause: string;
  resolution: string;
  fixes: string;
  tasks: string;
}

export const PLAIN_PLACEHOLDERS: PostmortemPlaceholders = {
  impact: '_Not recorded yet: who and what was affected, and how badly?_',
  rootCause: '_Not recorded yet: what caused the outage?_',
  resolution: '_Not recorded yet: how was service restored?_',
  fixes: '_None recorded yet: improvements that prevent a repeat._',
  tasks: '_None recorded yet: concrete follow-ups, with owners._',
};

/**
 * Entries whose content has its own section (summary fields, fixes, tasks): repeating them in
 * the Timeline would bury the story of the incident under bookkeeping.
 */
const OWN_SECTION: ReadonlySet<TimelineEntry['kind']> = new Set(['summary', 'fix', 'task']);

/** When the outage began: the declared start, or earlier when an entry was backdated before it. */
export function outageStart(incident: Incident, entries: readonly TimelineEntry[]): Date {
  let earliest = incident.startedAt;
  for (const entry of entries) if (entry.at.getTime() < earliest.getTime()) earliest = entry.at;
  return earliest;
}

/** Timeline entries described between two pauses of a sliced build (see postmortemDataInSlices). */
export const POSTMORTEM_SLICE = 250;

/** The data a postmortem template renders, all at once. */
export function buildPostmortemData(input: PostmortemInput): PostmortemData {
  const steps = postmortemDataInSlices(input);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The same data, built a slice of POSTMORTEM_SLICE timeline entries at a time: it pauses (yields)
 * between slices, so whoever drives it can let other work run while a long incident compiles.
 */
export function* postmortemDataInSlices({
  incident,
  entries,
  timeZone,
  hourCycle = defaultHourCycle(timeZone),
  nameOf,
  placeholders: PLACEHOLDER = PLAIN_PLACEHOLDERS,
  issues,
}: PostmortemInput): Generator<void, PostmortemData> {
  const style: TimeStyle = { timeZone, hourCycle };
  const timeline = sortTimeline(entries).filter((entry) => !OWN_SECTION.has(entry.kind));
  const byRecording = [...entries].sort((a, b) => a.seq - b.seq);
  const people = new Map<string, string>();
  const person = (id: string) => {
    let name = people.get(id);
    if (name === undefined) {
      name = escapeMarkdownInline(nameOf(id) ?? id);
      people.set(id, name);
    }
    return name;
  };
  const typed = (text: string) => slackToMarkdown(text, nameOf);
  const local = (at: Date) => new TZDate(at.getTime(), timeZone);

  const start = outageStart(incident, entries);
  const end = outageEnd(incident);
  const lastAt = timeline.at(-1)?.at ?? start;
  // biome-ignore lint/complexity/useMathMinMax: these are Dates, and the later Date is wanted, not a number.
  const multiDay = !isSameDay(local(start), local(lastAt > start ? lastAt : start));
  const sameYear = local(start).getFullYear() === local(lastAt).getFullYear();

  const stamp = minuteStamps(style, !sameYear);
  const render = { user: person, text: typed, link: markdownLink };
  const timelineItems: PostmortemData['timeline'] = [];
  for (const [index, entry] of timeline.entries()) {
    if (index > 0 && index % POSTMORTEM_SLICE === 0) yield;
    const { time, date } = stamp(entry.at);
    timelineItems.push({
      when: multiDay ? `${date}, ${time}` : time,
      time,
      date,
      kind: entry.kind,
      author: person(entry.authorId),
      text: describeEntry(entry, render),
    });
  }

  const missing = missingSummaryFields(incident);

  const declared = byRecording.find((entry) => entry.kind === 'declared');
  const leads = [incident.leadId];
  for (const entry of [...byRecording].reverse()) if (entry.kind === 'lead') leads.unshift(entry.from);
  // One pass over the recording (a long incident has thousands of entries): who responded (timer
  // pages are the bot's doing, not a responder's), fixes, tasks and pages.
  const responderIds = new Set<string>();
  const fixes: PostmortemData['fixes'] = [];
  const tasks: PostmortemData['tasks'] = [];
  let escalationPages = 0;
  for (const e of byRecording) {
    if (!(e.kind === 'page' && e.trigger === 'timer')) responderIds.add(e.authorId);
    if (e.kind === 'page') escalationPages += 1;
    else if (e.kind === 'fix') fixes.push({ text: typed(e.text), author: person(e.authorId) });
    else if (e.kind === 'task') {
      const issue = issues?.get(e.seq);
      tasks.push({
        text: typed(e.text),
        author: person(e.authorId),
        ...(e.ownerId ? { owner: person(e.ownerId) } : {}),
        ...(issue ? { issue: markdownLink(issue.key, issue.url) } : {}),
      });
    }
  }
  const responders = [...responderIds].map(person);

  return {
    incident: {
      id: incident.id,
      title: escapeMarkdownInline(slackToPlainText(incident.title, nameOf).replace(/\s+/g, ' ').trim()),
      severity: incident.severity,
      status: incident.status,
      lead: person(incident.leadId),
      declaredBy: person(incident.declaredBy),
      channel: escapeMarkdownInline(`#${incident.channelName}`),
    },
    timeZone,
    summary: {
      duration: durationSentence(start, end, style),
      length: end ? formatDuration(end.getTime() - start.getTime()) : undefined,
      ongoing: end === undefined,
      impact: incident.impact !== undefined ? typed(incident.impact) : PLACEHOLDER.impact,
      rootCause: incident.cause !== undefined ? typed(incident.cause) : PLACEHOLDER.rootCause,
      resolution: incident.resolution !== undefined ? typed(incident.resolution) : PLACEHOLDER.resolution,
    },
    missing,
    multiDay,
    timeline: timelineItems,
    fixes,
    tasks,
    placeholders: { fixes: PLACEHOLDER.fixes, tasks: PLACEHOLDER.tasks },
    metrics: {
      severity:
        declared?.kind === 'declared' && declared.severity !== incident.severity
          ? `${incident.severity} (declared as ${declared.severity})`
          : incident.severity,
      lead: leads.map(person).join(', then '),
      roles: Object.entries(incident.roles ?? {})
        .map(([role, userId]) => `${escapeMarkdownInline(role)}: ${person(userId)}`)
        .join('; '),
      responders: responders.join(', '),
      timeToDeclare: `${formatDuration(incident.declaredAt.getTime() - start.getTime())} (from start to declaration)`,
      timeToAcknowledge: incident.acknowledgedAt
        ? `${formatDuration(incident.acknowledgedAt.getTime() - incident.declaredAt.getTime())} (from declaration, by ${person(incident.acknowledgedBy ?? '')})`
        : 'not acknowledged',
      timeToResolve: end ? `${formatDuration(end.getTime() - start.getTime())} (from start)` : 'not resolved yet',
      escalationPages,
      timelineEntries: timeline.length,
    },
  };
}

/** Formats entry times, once per distinct minute: a long timeline repeats minutes a lot. */
function minuteStamps(style: TimeStyle, withYear: boolean): (at: Date) => { time: string; date: string } {
  const zoned = zonedStamp(style);
  const cache = new Map<number, { time: string; date: string }>();
  return (at) => {
    const minute = Math.floor(at.getTime() / 60_000);
    let stamp = cache.get(minute);
    if (!stamp) {
      const { time, date, dateWithYear } = zoned(new Date(minute * 60_000));
      stamp = { time, date: withYear ? dateWithYear : date };
      cache.set(minute, stamp);
    }
    return stamp;
  };
}

function durationSentence(start: Date, end: Date | undefined, style: TimeStyle): string {
  const { timeZone } = style;
  const at = (date: Date) => `${formatClockTime(date, style)} on ${formatLongDate(date, timeZone)}`;
  if (!end) return `The outage began at ${at(start)} (${timeZone}) and is still ongoing.`;
  const length = formatDuration(end.getTime() - start.getTime());
  const sameDay = isSameDay(new TZDate(start.getTime(), timeZone), new TZDate(end.getTime(), timeZone));
  const span = sameDay
    ? `from ${formatClockTime(start, style)} to ${formatClockTime(end, style)} on ${formatLongDate(start, timeZone)}`
    : `from ${at(start)} to ${at(end)}`;
  return `The outage occurred ${span} (${timeZone}). It lasted ${length}.`;
}

/** `[label](url)`, for http(s) URLs only; anything else shows as text. */
function markdownLink(label: string, url: string): string {
  return /^https?:\/\/[^\s()<>]+$/.test(url) ? `[${escapeMarkdownInline(label)}](${url})` : escapeMarkdownInline(`${label}: ${url}`);
}
