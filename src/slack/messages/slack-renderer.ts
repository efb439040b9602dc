import type { EntryRenderer } from '../../domain/describe-entry';
import { safeMrkdwn } from '../safe-mrkdwn';

/** Entries rendered for Slack: people as mentions, typed text made inert. */
export const slackRenderer: EntryRenderer = {
  // Pages mention user groups (S…) as well as people.
  user: (userId) => (userId.startsWith('S') ? `<!subteam^${userId}>` : `<@${userId}>`),
  text: safeMrkdwn,
  link: (label, url) => `<${url.replace(/[<>|]/g, '')}|${safeMrkdwn(label)}>`,
};
