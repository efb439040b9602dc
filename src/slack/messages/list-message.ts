import { formatDuration, type TimeStyle } from '../../domain/format-time';
import { slackTime } from './slack-time';
import type { Incident } from '../../domain/incident';
import { safeMrkdwn } from '../safe-mrkdwn';
import type { SlackMessage } from './slack-message';

/** Well inside Slack's 40,000-character limit on a message, and still readable. */
const MAX_LIST_CHARACTERS = 12_000;

export function openIncidentsMessage(incidents: readonly Incident[], time: TimeStyle, now: Date): SlackMessage {
  if (incidents.length === 0) return { text: 'No open incidents. :sunny:' };
  const all = incidents.map(
    (incident) =>
      `• <#${incident.channelId}> *#${incident.id} ${safeMrkdwn(incident.title)}*: ${incident.severity}, ` +
      `${incident.status}, lead <@${incident.leadId}>, started ${slackTime(incident.startedAt, time, now)} ` +
      `(${formatDuration(now.getTime() - incident.startedAt.getTime())} ago)`,
  );
  // Incidents come most urgent first: the ones left out are the least.
  const lines: string[] = [];
  let length = 0;
  for (const line of all) {
    if (length + line.length + 1 > MAX_LIST_CHARACTERS) break;
    lines.push(line);
    length += line.length + 1;
  }
  const more = all.length - lines.length;
  const tail = more > 0 ? [`…and ${more} more. Each incident's channel has its details.`] : [];
  return { text: [`*Open incidents (${incidents.length})*`, ...lines, ...tail].join('\n') };
}
