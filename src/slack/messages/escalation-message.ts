import type { Page } from '../../domain/escalation/escalation';
import { formatDuration } from '../../domain/format-time';
import type { Incident } from '../../domain/incident';
import { safeMrkdwn } from '../safe-mrkdwn';
import { slackRenderer } from './slack-renderer';
import type { SlackMessage } from './slack-message';

/** The page itself: mentions the targets, says which level, and how to acknowledge. */
export function pageMessage(incident: Incident, page: Page, trigger: 'timer' | 'manual', actorId: string): SlackMessage {
  const targets = page.targets.map((id) => slackRenderer.user(id)).join(' ');
  const level = `level ${page.level} of ${page.levelCount}`;
  const about = `incident #${incident.id} (${incident.severity}) *${safeMrkdwn(incident.title)}*`;
  // A run's first page comes with the declaration (or a new severity): nobody has failed to answer yet.
  const lines =
    trigger === 'manual'
      ? [`:rotating_light: <@${actorId}> escalated to *${level}*: ${targets}, please help with ${about}.`]
      : page.step === 0
        ? [`:rotating_light: *Paging ${level}*: ${targets}, ${about} needs someone to take it.`]
        : [`:rotating_light: *Escalation, ${level}*: ${targets}, ${about} has not been acknowledged.`];
  lines.push('Type `/incident ack` in this channel to take it.');
  if (page.last && trigger === 'timer') {
    lines.push('That was the last level of the escalation policy: no more automatic pages. Page again with `/incident escalate`.');
  }
  return { text: lines.join('\n') };
}

export function reminderMessage(incident: Incident, quietMs: number): SlackMessage {
  return {
    text:
      `:hourglass_flowing_sand: Incident #${incident.id} has had no update for ${formatDuration(quietMs)}. ` +
      `<@${incident.leadId}>, post where things stand with \`/incident note <text>\` or \`/incident status <status>\`.`,
  };
}

export function noPolicyMessage(incident: Incident): SlackMessage {
  return {
    text:
      `:information_source: The escalation policy has no levels for ${incident.severity}, so nobody will be paged automatically. ` +
      'Invite responders with `/invite @name`, or raise the severity with `/incident sev`.',
  };
}
