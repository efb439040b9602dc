import { describeEntry } from '../../domain/describe-entry';
import { formatWhen } from '../../domain/format-time';
import { isBackdated, type TimelineEntry, type TimelineEntryKind } from '../../domain/timeline-entry';
import { slackRenderer } from './slack-renderer';
import type { SlackMessage } from './summary-message';

const ICON: Record<TimelineEntryKind, string> = {
  started: ':hourglass_flowing_sand:',
  declared: ':rotating_light:',
  note: ':memo:',
  status: ':arrows_counterclockwise:',
  severity: ':thermometer:',
  lead: ':bust_in_silhouette:',
  summary: ':clipboard:',
  fix: ':wrench:',
  task: ':ballot_box_with_check:',
  ack: ':raising_hand:',
  page: ':pager:',
  resolved: ':white_check_mark:',
  closed: ':lock:',
};

/** One timeline line: `*10:05 AM* <@U1>: the note`, with the date when it is not today. */
export function entryLine(entry: TimelineEntry, timeZone: string, now: Date): string {
  const when = formatWhen(entry.at, timeZone, now);
  const body = describeEntry(entry, slackRenderer);
  const backdated = isBackdated(entry) ? ` _(backdated; recorded ${formatWhen(entry.recordedAt, timeZone, now)})_` : '';
  return entry.kind === 'note' ? `*${when}* <@${entry.authorId}>: ${body}${backdated}` : `*${when}* ${body}${backdated}`;
}

/** What the incident channel sees when an entry is recorded. */
export function entryMessage(entry: TimelineEntry, timeZone: string, now: Date): SlackMessage {
  return { text: `${ICON[entry.kind]} ${entryLine(entry, timeZone, now)}` };
}
