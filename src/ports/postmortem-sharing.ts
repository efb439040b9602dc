import type { Incident } from '../domain/incident';
import type { PostmortemData } from '../domain/postmortem/postmortem-data';

/** A compiled postmortem draft: the Markdown, and the data it was rendered from. */
export interface PostmortemDraftResult {
  incident: Incident;
  markdown: string;
  data: PostmortemData;
}

/** Shares a compiled postmortem draft where the incident's people are (the Slack adapter uploads it). */
export interface PostmortemSharing {
  publishPostmortem(draft: PostmortemDraftResult): Promise<void>;
}
