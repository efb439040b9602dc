import type { ActionsBlock } from '@slack/types';
import type { Page } from '../../domain/escalation/escalation';
import { formatDuration } from '../../domain/format-time';
import type { Incident } from '../../domain/incident';
import { ACTION_IDS } from '../interaction-ids';
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
  const text = lines.join('\n');
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }, acknowledgeButton(incident)] };
}

/**
 * The page as it reaches one person directly: what, how severe, where, and the button that
 * acknowledges from here exactly as `/incident ack` in the channel would.
 */
export function directPageMessage(incident: Incident, page: Page): SlackMessage {
  // A direct message is outside the incident's channel: for a private incident it says only where to go.
  const text = incident.private
    ? `:rotating_light: You are paged (level ${page.level} of ${page.levelCount}) for a private incident: <#${incident.channelId}>.`
    : `:rotating_light: You are paged (level ${page.level} of ${page.levelCount}): incident #${incident.id} (${incident.severity}) ` +
      `*${safeMrkdwn(incident.title)}* in <#${incident.channelId}>.`;
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }, acknowledgeButton(incident)] };
}

function acknowledgeButton(incident: Incident): ActionsBlock {
  return {
    type: 'actions',
    block_id: 'page_actions',
    elements: [
      {
        type: 'button',
        action_id: ACTION_IDS.acknowledgePage,
        style: 'primary',
        text: { type: 'plain_text', text: 'Acknowledge' },
        value: incident.channelId,
      },
    ],
  };
}

/** The nudge when no status update came for `remind_every`, with a button that opens the update form. */
export function reminderMessage(incident: Incident, quietMs: number): SlackMessage {
  const text =
    `:hourglass_flowing_sand: Incident #${incident.id} has had no status update for ${formatDuration(quietMs)}. ` +
    `<@${incident.leadId}>, tell stakeholders where things stand with \`/incident update <text>\`.`;
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      {
        type: 'actions',
        block_id: 'reminder_actions',
        elements: [{ type: 'button', action_id: ACTION_IDS.postUpdate, text: { type: 'plain_text', text: 'Post an update' }, value: incident.channelId }],
      },
    ],
  };
}

export function noPolicyMessage(incident: Incident): SlackMessage {
  return {
    text:
      `:information_source: The escalation policy has no levels for ${incident.severity}, so nobody will be paged automatically. ` +
      'Invite responders with `/invite @name`, or raise the severity with `/incident sev`.',
  };
}
