import { describeEntry } from '../../domain/describe-entry';
import { missingSummaryFields, type Incident } from '../../domain/incident';
import { ACTION_IDS } from '../interaction-ids';
import type { TimeStyle } from '../../domain/format-time';
import { slackTime } from './slack-time';
import { isBackdated, type TimelineEntry, type TimelineEntryKind } from '../../domain/timeline-entry';
import { slackRenderer } from './slack-renderer';
import type { SlackMessage } from './slack-message';

const ICON: Record<TimelineEntryKind, string> = {
  started: ':hourglass_flowing_sand:',
  declared: ':rotating_light:',
  note: ':memo:',
  update: ':loudspeaker:',
  status: ':arrows_counterclockwise:',
  severity: ':thermometer:',
  lead: ':bust_in_silhouette:',
  role: ':busts_in_silhouette:',
  summary: ':clipboard:',
  fix: ':wrench:',
  task: ':ballot_box_with_check:',
  ack: ':raising_hand:',
  page: ':pager:',
  resolved: ':white_check_mark:',
  closed: ':lock:',
  message: ':pushpin:',
  alert: ':bell:',
  cover: ':busts_in_silhouette:',
};

/** One timeline line: `*10:05 AM* <@U1>: the note`, with the date when it is not today. */
export function entryLine(entry: TimelineEntry, time: TimeStyle, now: Date): string {
  const when = slackTime(entry.at, time, now);
  const body = describeEntry(entry, slackRenderer);
  // A captured message carries its own time; it was never "backdated" by anyone.
  const backdated = isBackdated(entry) && entry.kind !== 'message' ? ` _(backdated; recorded ${slackTime(entry.recordedAt, time, now)})_` : '';
  return `*${when}* ${body}${backdated}`;
}

/** What the incident channel sees when an entry is recorded. */
export function entryMessage(entry: TimelineEntry, time: TimeStyle, now: Date): SlackMessage {
  return { text: `${ICON[entry.kind]} ${entryLine(entry, time, now)}` };
}

/**
 * The close, as the channel sees it. When impact, cause or resolution is still empty it carries
 * a "Complete the summary" button: closing never waits for them, but the draft is better with them.
 */
export function closedMessage(incident: Incident, entry: TimelineEntry, time: TimeStyle, now: Date): SlackMessage {
  const { text } = entryMessage(entry, time, now);
  const missing = missingSummaryFields(incident);
  if (missing.length === 0) return { text };
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `The postmortem draft still lacks the ${missing.join(', ')}.` },
        accessory: {
          type: 'button',
          action_id: ACTION_IDS.completeSummary,
          style: 'primary',
          text: { type: 'plain_text', text: 'Complete the summary' },
          value: incident.id,
        },
      },
    ],
  };
}
