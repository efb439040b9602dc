import type { TimeStyle } from '../../domain/format-time';
import type { Incident } from '../../domain/incident';
import type { TimelineEntry } from '../../domain/timeline-entry';
import { safeMrkdwn } from '../safe-mrkdwn';
import { entryLine } from './entry-message';
import type { SlackMessage } from './slack-message';

/** Slack accepts about 40,000 characters in a message's text; stay well under it. */
const MAX_TEXT = 35_000;

/** The timeline so far, oldest first; when it is too long, the most recent entries that fit. */
export function timelineMessage(incident: Incident, entries: readonly TimelineEntry[], time: TimeStyle, now: Date): SlackMessage {
  const header = `*Timeline of incident #${incident.id}: ${safeMrkdwn(incident.title)}*`;
  const lines: string[] = [];
  let length = header.length;
  for (let i = entries.length - 1; i >= 0; i -= 1) {
    const line = `• ${entryLine(entries[i]!, time, now)}`;
    if (length + line.length + 200 > MAX_TEXT) break;
    lines.unshift(line);
    length += line.length + 1;
  }
  const omitted = entries.length - lines.length;
  const note = omitted > 0 ? [`_(${omitted} earlier entries are not shown here; the postmortem draft has them all.)_`] : [];
  return { text: [header, ...note, ...lines].join('\n') };
}
