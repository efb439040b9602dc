import { formatWhen } from '../../domain/format-time';
import type { Incident } from '../../domain/incident';
import { safeMrkdwn } from '../safe-mrkdwn';

export interface SlackMessage {
  text: string;
  blocks?: object[];
}

/** The summary pinned in the incident channel: what it is, how bad, who leads, since when. */
export function summaryMessage(incident: Incident, timeZone: string, now: Date): SlackMessage {
  const title = safeMrkdwn(incident.title);
  const started = `${formatWhen(incident.startedAt, timeZone, now)} (${timeZone})`;
  const fields = [
    ['Severity', incident.severity],
    ['Status', incident.status],
    ['Lead', `<@${incident.leadId}>`],
    ['Started', started],
  ];
  return {
    text: `Incident #${incident.id}: ${title} (${incident.severity}, ${incident.status}, lead <@${incident.leadId}>)`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `:rotating_light: *Incident #${incident.id}: ${title}*` } },
      { type: 'section', fields: fields.map(([label, value]) => ({ type: 'mrkdwn', text: `*${label}:*\n${value}` })) },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: 'Record what happens with `/incident note <text>`; `/incident help` lists every command.',
          },
        ],
      },
    ],
  };
}

/** The channel topic: the few facts people look for first. Slack topics are plain text, 250 characters at most. */
export function channelTopic(incident: Incident): string {
  const topic = `${incident.severity.toUpperCase()} · ${incident.status} · ${incident.title}`;
  return topic.length > 250 ? `${topic.slice(0, 249)}…` : topic;
}

export function announcementMessage(incident: Incident): SlackMessage {
  return {
    text:
      `:rotating_light: <@${incident.declaredBy}> declared a ${incident.severity} incident: ` +
      `*${safeMrkdwn(incident.title)}*. Join <#${incident.channelId}> to help.`,
  };
}
