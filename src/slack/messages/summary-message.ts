import type { ActionsBlock, ActionsBlockElement, KnownBlock, PlainTextOption } from '@slack/types';
import { ALERT_SOURCE_NAMES, type IncidentAlert } from '../../domain/alerts/alert-notification';
import { describeEscalation } from '../../domain/escalation/escalation';
import { formatDuration, type TimeStyle } from '../../domain/format-time';
import { slackTime } from './slack-time';
import { COMMANDER, isOpen, outageEnd, type Incident } from '../../domain/incident';
import { INCIDENT_STATUSES } from '../../domain/incident-status';
import type { TimelineEntry } from '../../domain/timeline-entry';
import { ACTION_IDS } from '../interaction-ids';
import { safeMrkdwn } from '../safe-mrkdwn';
import { entryLine } from './entry-message';
import type { SlackMessage } from './slack-message';

const option = (value: string): PlainTextOption => ({ text: { type: 'plain_text', text: value }, value });

/**
 * The live summary pinned in the incident channel, updated in place after every change: what it
 * is, how bad, who leads and who acknowledged, where paging stands, since when, and the latest
 * entry. While the incident is open it carries the buttons that do what the commands do.
 */
export function summaryMessage(incident: Incident, time: TimeStyle, now: Date, latest?: TimelineEntry, roles: readonly string[] = []): SlackMessage {
  const title = safeMrkdwn(incident.title);
  const open = isOpen(incident);
  // The outage's length, as the postmortem gives it: it ends at the resolution, not at the close.
  const end = outageEnd(incident);
  const duration: [string, string] = end
    ? ['Outage lasted', formatDuration(end.getTime() - incident.startedAt.getTime())]
    : ['Running for', `${formatDuration(now.getTime() - incident.startedAt.getTime())} (as of ${slackTime(now, time, now)})`];
  const acknowledged = incident.acknowledgedBy
    ? `<@${incident.acknowledgedBy}>${incident.acknowledgedAt ? ` at ${slackTime(incident.acknowledgedAt, time, now)}` : ''}`
    : 'not yet';
  const fields = [
    ['Severity', incident.severity],
    ['Status', open ? incident.status : 'closed'],
    ['Lead', `<@${incident.leadId}>`],
    ...Object.entries(incident.roles ?? {}).map(([role, userId]) => [capitalized(role), `<@${userId}>`]),
    ['Acknowledged', acknowledged],
    ['Escalation', describeEscalation(incident.escalation, incident.severity)],
    ['Started', slackTime(incident.startedAt, time, now)],
    duration,
  ];
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `:rotating_light: *Incident #${incident.id}: ${title}*` } },
    { type: 'section', fields: fields.map(([label, value]) => ({ type: 'mrkdwn', text: `*${label}:*\n${value}` })) },
  ];
  if (incident.alert) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: alertLine(incident.alert) }] });
  if (incident.latestUpdate) {
    const { text, at, authorId } = incident.latestUpdate;
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*Latest update* (<@${authorId}>, ${slackTime(at, time, now)}): ${safeMrkdwn(text)}` } });
  }
  const known = postmortemFields(incident);
  if (known) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: known } });
  if (latest) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*Latest:* ${entryLine(latest, time, now)}` } });
  if (open) blocks.push(summaryActions(incident, roles));
  blocks.push({
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: open
          ? 'Record what happens with `/incident note <text>`, or react with :pushpin: to put a message on the timeline. `/incident help` lists every command.'
          : 'This incident is closed. `/incident postmortem` posts its postmortem draft again.',
      },
    ],
  });
  return {
    text: `Incident #${incident.id}: ${title} (${incident.severity}, ${open ? incident.status : 'closed'}, lead <@${incident.leadId}>)`,
    blocks,
  };
}

/** Where the alert came from, with its links (source graph, runbook, dashboard) and the incident it fired in before. */
function alertLine(alert: IncidentAlert): string {
  const links = alert.links.map((link) => `<${link.url.replace(/[<>|]/g, '')}|${safeMrkdwn(link.label)}>`);
  const before = alert.previousIncidentId ? [`fired before in incident #${alert.previousIncidentId}`] : [];
  const state = alert.resolved ? 'the alert has resolved' : 'the alert is firing';
  return [`:bell: Declared by ${ALERT_SOURCE_NAMES[alert.source]}; ${state}`, ...links, ...before].join(' · ');
}

const capitalized = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** Slack's limit on a section's text is 3,000 characters; each field gets a share, cut with an ellipsis. */
const FIELD_SHARE = 900;

/** Impact, root cause and resolution as recorded so far (the bookkeeping the channel is not told of). */
function postmortemFields(incident: Incident): string | undefined {
  const lines = (
    [
      ['Impact', incident.impact],
      ['Root cause', incident.cause],
      ['Resolution', incident.resolution],
    ] as const
  ).flatMap(([label, text]) =>
    text === undefined ? [] : [`*${label}:* ${safeMrkdwn(text.length > FIELD_SHARE ? `${text.slice(0, FIELD_SHARE - 1)}…` : text)}`],
  );
  return lines.length ? lines.join('\n') : undefined;
}

/** The buttons: each does what its command does. Acknowledge goes once someone has. */
function summaryActions(incident: Incident, roles: readonly string[]): ActionsBlock {
  const elements: ActionsBlockElement[] = [];
  const unfilled = roles.filter((role) => role !== COMMANDER && !incident.roles?.[role]);
  if (!incident.acknowledgedBy) {
    elements.push({
      type: 'button',
      action_id: ACTION_IDS.acknowledge,
      style: 'primary',
      text: { type: 'plain_text', text: 'Acknowledge' },
      value: incident.id,
    });
  }
  elements.push(
    {
      type: 'static_select',
      action_id: ACTION_IDS.status,
      placeholder: { type: 'plain_text', text: 'Update status' },
      options: INCIDENT_STATUSES.map(option),
      initial_option: option(incident.status),
    },
    { type: 'button', action_id: ACTION_IDS.addNote, text: { type: 'plain_text', text: 'Add note' }, value: incident.id },
  );
  if (incident.status !== 'resolved') {
    elements.push({
      type: 'button',
      action_id: ACTION_IDS.resolve,
      style: 'danger',
      text: { type: 'plain_text', text: 'Resolve' },
      value: incident.id,
      confirm: {
        title: { type: 'plain_text', text: 'Resolve this incident?' },
        text: { type: 'mrkdwn', text: 'Service is restored: this ends the outage and stops paging.' },
        confirm: { type: 'plain_text', text: 'Resolve' },
        deny: { type: 'plain_text', text: 'Not yet' },
      },
    });
  }
  if (unfilled.length) {
    elements.push({
      type: 'static_select',
      action_id: ACTION_IDS.takeRole,
      placeholder: { type: 'plain_text', text: 'Take a role' },
      options: unfilled.map((role) => ({ text: { type: 'plain_text', text: capitalized(role) }, value: role })),
    });
  }
  return { type: 'actions', block_id: 'incident_summary_actions', elements };
}

/** The channel topic: the few facts people look for first. Slack topics are plain text, 250 characters at most. */
export function channelTopic(incident: Incident): string {
  const topic = `${incident.severity.toUpperCase()} · ${incident.status} · ${incident.title}`;
  return topic.length > 250 ? `${topic.slice(0, 249)}…` : topic;
}

/** All ANNOUNCE_CHANNEL hears of a private incident, and only with `announce_private: true`. */
export function privateAnnouncementMessage(incident: Incident): SlackMessage {
  return { text: `:lock: A private ${incident.severity} incident was declared.` };
}

/**
 * The announcement, kept current as the incident moves: who declared it, then its severity,
 * status, lead and latest update. Its thread tells each update, severity change, resolution and close.
 */
export function announcementMessage(incident: Incident, time: TimeStyle, now: Date): SlackMessage {
  const who = incident.alert ? `An alert from ${ALERT_SOURCE_NAMES[incident.alert.source]}` : `<@${incident.declaredBy}>`;
  const text = `:rotating_light: ${who} declared a ${incident.severity} incident: *${safeMrkdwn(incident.title)}*. Join <#${incident.channelId}> to help.`;
  const state = `*${isOpen(incident) ? incident.status : 'closed'}* · ${incident.severity} · lead <@${incident.leadId}>`;
  const update = incident.latestUpdate
    ? `\n*Latest update* (${slackTime(incident.latestUpdate.at, time, now)}): ${safeMrkdwn(incident.latestUpdate.text)}`
    : '';
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `${state}${update}` }] },
    ],
  };
}
