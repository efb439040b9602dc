import type { Incident } from '../domain/incident';
import type { PostmortemData } from '../domain/postmortem/postmortem-data';
import type { StoredTimeline } from './incident-store';

/** What a postmortem draft is compiled from. */
export interface PostmortemJob {
  incident: Incident;
  /** The incident's timeline as the store keeps it (IncidentStore.timelineRecords): the compiler decodes it. */
  records: StoredTimeline;
  /** The tracker issue of each exported task, by the task's seq. */
  issues?: ReadonlyMap<number, { key: string; url: string }>;
}

/** What a message about the draft needs of the data it was rendered from. */
export type PostmortemOutline = Pick<PostmortemData, 'summary' | 'missing'>;

export interface CompiledPostmortem {
  markdown: string;
  outline: PostmortemOutline;
}

/** Display names of people, asked for once the compiler knows who appears in the incident; unknown IDs are absent. */
export type NamesOf = (userIds: readonly string[]) => Promise<ReadonlyMap<string, string>>;

/**
 * Compiles postmortem drafts. Production's runs in a worker thread, so that decoding and
 * compiling a long incident (and collecting what that leaves behind) never holds up the thread
 * that answers Slack.
 */
export interface PostmortemCompiler {
  compile(job: PostmortemJob, namesOf: NamesOf): Promise<CompiledPostmortem>;
}
