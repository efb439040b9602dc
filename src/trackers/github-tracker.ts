import { Octokit } from '@octokit/rest';
import { TrackerCallError } from '../errors';
import { trackerCall } from './tracker-call';
import type { FollowUp, TrackedIssue, Tracker } from '../ports/tracker';

export interface GitHubTrackerOptions {
  token: string;
  /** `owner/name` */
  repository: string;
  /** GitHub's API, or GitHub Enterprise's (`https://github.example.com/api/v3`). */
  baseUrl: string;
}

/** GitHub Issues through Octokit; failures become TrackerCallError with GitHub's status. */
export class GitHubTracker implements Tracker {
  readonly name = 'GitHub';
  private readonly octokit: Octokit;
  private readonly owner: string;
  private readonly repo: string;

  constructor(options: GitHubTrackerOptions) {
    // Octokit retries nothing by itself here: the outbox's queue retries, with backoff, across restarts.
    this.octokit = new Octokit({ auth: options.token, baseUrl: options.baseUrl.replace(/\/$/, ''), request: { retries: 0 } });
    const [owner, repo] = options.repository.split('/');
    this.owner = owner!;
    this.repo = repo!;
  }

  async find(marker: string): Promise<TrackedIssue | undefined> {
    // The issue list, not search: search is indexed late, and a retry a few seconds after a lost
    // answer must find the issue that answer was about. Hotwash's issues carry the `incident` label.
    const listed = await this.call(() =>
      this.octokit.issues.listForRepo({
        owner: this.owner,
        repo: this.repo,
        labels: 'incident',
        state: 'all',
        sort: 'created',
        direction: 'desc',
        per_page: 100,
      }),
    );
    const issue = listed.data.find((candidate) => candidate.body?.includes(marker));
    return issue ? { key: `#${issue.number}`, url: issue.html_url } : undefined;
  }

  async create(followUp: FollowUp): Promise<TrackedIssue> {
    const body = [
      followUp.text,
      '',
      `A follow-up of incident #${followUp.incidentId} (${followUp.severity}): ${followUp.incidentTitle}.`,
      `Incident channel: ${followUp.incidentLink}`,
      ...(followUp.ownerName ? [`Owner: ${followUp.ownerName}`] : []),
      '',
      `<!-- ${followUp.marker} -->`,
    ].join('\n');
    const issue = {
      owner: this.owner,
      repo: this.repo,
      title: followUp.text.length > 200 ? `${followUp.text.slice(0, 199)}…` : followUp.text,
      body,
      labels: ['incident', followUp.severity],
    };
    const login = followUp.ownerEmail ? await this.loginOf(followUp.ownerEmail) : undefined;
    const created = await this.call(() => this.octokit.issues.create({ ...issue, ...(login ? { assignees: [login] } : {}) })).catch((error: unknown) => {
      // GitHub refuses an assignee who cannot be assigned in this repository: the issue matters more.
      if (login && error instanceof TrackerCallError && error.status === 422) return this.call(() => this.octokit.issues.create(issue));
      throw error;
    });
    return { key: `#${created.data.number}`, url: created.data.html_url };
  }

  /** The GitHub login whose public e-mail is `email`, if any (GitHub shows no private e-mails). */
  private async loginOf(email: string): Promise<string | undefined> {
    const found = await this.call(() => this.octokit.search.users({ q: `${email} in:email`, per_page: 1 })).catch(() => undefined);
    return found?.data.items[0]?.login;
  }

  async state(issue: TrackedIssue): Promise<'open' | 'closed'> {
    const number = Number(issue.key.replace('#', ''));
    const found = await this.call(() => this.octokit.issues.get({ owner: this.owner, repo: this.repo, issue_number: number }));
    return found.data.state === 'closed' ? 'closed' : 'open';
  }

  private call<T>(operation: () => Promise<T>): Promise<T> {
    return trackerCall(this.name, operation);
  }
}
