import type { EntryRenderer } from '../../domain/describe-entry';
import { safeMrkdwn } from '../safe-mrkdwn';

/** Entries rendered for Slack: people as mentions, typed text made inert. */
export const slackRenderer: EntryRenderer = {
  user: (userId) => `<@${userId}>`,
  text: safeMrkdwn,
};
