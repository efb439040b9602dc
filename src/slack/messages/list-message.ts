import { formatDuration, formatWhen } from '../../domain/format-time';
import type { Incident } from '../../domain/incident';
import { safeMrkdwn } from '../safe-mrkdwn';
import type { SlackMessage } from './summary-message';

export function openIncidentsMessage(incidents: readonly Incident[], timeZone: string, now: Date): SlackMessage {
  if (incidents.length === 0) return { text: 'No open incidents. :sunny:' };
  const lines = incidents.map(
    (incident) =>
      `• <#${incident.channelId}> *#${incident.id} ${safeMrkdwn(incident.title)}*: ${incident.severity}, ` +
      `${incident.status}, lead <@${incident.leadId}>, started ${formatWhen(incident.startedAt, timeZone, now)} ` +
      `(${formatDuration(now.getTime() - incident.startedAt.getTime())} ago)`,
  );
  return { text: [`*Open incidents (${incidents.length})*`, ...lines].join('\n') };
}
