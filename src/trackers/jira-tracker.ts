import { Version3Client } from 'jira.js';
import { TrackerCallError } from '../errors';
import { trackerCall } from './tracker-call';
import type { FollowUp, TrackedIssue, Tracker } from '../ports/tracker';

export interface JiraTrackerOptions {
  /** The site, such as https://acme.atlassian.net */
  url: string;
  email: string;
  apiToken: string;
  /** The project's key, such as OPS. */
  project: string;
}

/** Jira labels may not hold ':' or spaces: the marker travels as a label `hotwash-followup-<incident>-<task>`. */
const labelOf = (marker: string) => marker.replace(/[^A-Za-z0-9_-]/g, '-');

/** Jira Cloud through jira.js (REST v3, basic auth with an API token); failures become TrackerCallError. */
export class JiraTracker implements Tracker {
  readonly name = 'Jira';
  private readonly client: Version3Client;

  constructor(private readonly options: JiraTrackerOptions) {
    this.client = new Version3Client({
      host: options.url.replace(/\/$/, ''),
      authentication: { basic: { email: options.email, apiToken: options.apiToken } },
    });
  }

  async find(marker: string): Promise<TrackedIssue | undefined> {
    const found = await this.call(() =>
      this.client.issueSearch.searchForIssuesUsingJqlEnhancedSearch({
        jql: `project = "${this.options.project}" AND labels = "${labelOf(marker)}"`,
        maxResults: 1,
        fields: ['summary'],
      }),
    );
    const key = found.issues?.[0]?.key;
    return key ? this.issue(key) : undefined;
  }

  async create(followUp: FollowUp): Promise<TrackedIssue> {
    const paragraph = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] });
    const accountId = followUp.ownerEmail ? await this.accountOf(followUp.ownerEmail) : undefined;
    const create = (assignee: boolean) =>
      this.client.issues.createIssue({
        fields: {
          ...(assignee && accountId ? { assignee: { accountId } } : {}),
          project: { key: this.options.project },
          issuetype: { name: 'Task' },
          summary: followUp.text.length > 250 ? `${followUp.text.slice(0, 249)}…` : followUp.text,
          labels: ['incident', followUp.severity, labelOf(followUp.marker)],
          description: {
            type: 'doc',
            version: 1,
            content: [
              paragraph(followUp.text),
              paragraph(`A follow-up of incident #${followUp.incidentId} (${followUp.severity}): ${followUp.incidentTitle}.`),
              paragraph(`Incident channel: ${followUp.incidentLink}`),
              ...(followUp.ownerName ? [paragraph(`Owner: ${followUp.ownerName}`)] : []),
            ],
          },
        },
      });
    const created = await this.call(() => create(true)).catch((error: unknown) => {
      // Jira refuses an assignee who may not be assigned in the project: the issue matters more.
      if (accountId && error instanceof TrackerCallError && error.status === 400) return this.call(() => create(false));
      throw error;
    });
    return this.issue(created.key);
  }

  /** The Jira account with this e-mail, if Jira shows it. */
  private async accountOf(email: string): Promise<string | undefined> {
    const users = await this.call(() => this.client.userSearch.findUsers({ query: email, maxResults: 1 })).catch(() => undefined);
    return users?.[0]?.accountId;
  }

  async state(issue: TrackedIssue): Promise<'open' | 'closed'> {
    const found = await this.call(() => this.client.issues.getIssue({ issueIdOrKey: issue.key, fields: ['status'] }));
    return found.fields.status?.statusCategory?.key === 'done' ? 'closed' : 'open';
  }

  private issue(key: string): TrackedIssue {
    return { key, url: `${this.options.url.replace(/\/$/, '')}/browse/${key}` };
  }

  private call<T>(operation: () => Promise<T>): Promise<T> {
    return trackerCall(this.name, operation);
  }
}
