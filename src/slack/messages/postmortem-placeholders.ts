import type { PostmortemPlaceholders } from '../../domain/postmortem/postmortem-data';

/** The draft's placeholders in Slack's words: each names the command that fills it in. */
export const SLACK_POSTMORTEM_PLACEHOLDERS: PostmortemPlaceholders = {
  impact: '_Not recorded yet: who and what was affected, and how badly? Record it with `/incident impact <text>`._',
  rootCause: '_Not recorded yet: what caused the outage? Record it with `/incident cause <text>`._',
  resolution: '_Not recorded yet: how was service restored? Record it with `/incident resolution <text>`._',
  fixes: '_None recorded yet: add improvements that prevent a repeat with `/incident fix <text>`._',
  tasks: '_None recorded yet: add concrete follow-ups with `/incident task <text> @owner`._',
};
