import type { Incident } from '../domain/incident';
import type { PostmortemOutline } from './postmortem-compiler';

/** A compiled postmortem draft: the Markdown, and what a message about it needs. */
export interface PostmortemDraftResult {
  incident: Incident;
  markdown: string;
  data: PostmortemOutline;
}

/** Shares a compiled postmortem draft where the incident's people are (the Slack adapter uploads it). */
export interface PostmortemSharing {
  publishPostmortem(draft: PostmortemDraftResult): Promise<void>;
}
