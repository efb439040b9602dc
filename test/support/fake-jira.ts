import type { IncomingMessage, ServerResponse } from 'node:http';
import { FakeHttpServer } from './fake-http-server';

export interface FakeJiraIssue {
  key: string;
  summary: string;
  labels: string[];
  description: unknown;
  done: boolean;
  assignee?: string;
}

/**
 * Jira Cloud's REST API v3, the part Hotwash uses (create an issue, search by JQL label, get one),
 * checking what Jira checks: basic auth with e-mail and API token, an existing project, a
 * summary, an issue type, and a description in Atlassian Document Format. Fails on demand.
 */
export class FakeJira extends FakeHttpServer {
  readonly issues: FakeJiraIssue[] = [];
  /** Accounts by e-mail (for the user search), and who may be assigned in the project. */
  readonly accounts = new Map<string, string>();
  readonly assignable = new Set<string>();
  private failures: number[] = [];

  constructor(
    readonly email = 'bot@acme.example',
    readonly apiToken = 'jira-test-token',
    readonly project = 'OPS',
  ) {
    super();
  }

  failNext(status: number, count = 1): void {
    for (let i = 0; i < count; i += 1) this.failures.push(status);
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await this.bodyOf(req);
    const url = new URL(req.url ?? '/', this.url);
    const send = (status: number, body: unknown): void => void res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    const expected = `Basic ${Buffer.from(`${this.email}:${this.apiToken}`).toString('base64')}`;
    if (req.headers.authorization !== expected) return send(401, { errorMessages: ['Client must be authenticated to access this resource.'] });
    if (req.method === 'GET' && url.pathname === '/rest/api/3/user/search') {
      const accountId = this.accounts.get(url.searchParams.get('query') ?? '');
      return send(200, accountId ? [{ accountId, emailAddress: url.searchParams.get('query') }] : []);
    }
    if (req.method === 'POST' && url.pathname === '/rest/api/3/issue') {
      const failure = this.failures.shift();
      if (failure) return send(failure, { errorMessages: ['failing on purpose'] });
      const { fields } = JSON.parse(raw) as {
        fields?: {
          project?: { key?: string };
          summary?: string;
          issuetype?: { name?: string };
          labels?: string[];
          description?: { type?: string };
          assignee?: { accountId?: string };
        };
      };
      const errors: Record<string, string> = {};
      if (fields?.project?.key !== this.project) errors.project = 'valid project is required';
      if (!fields?.summary) errors.summary = 'You must specify a summary of the issue.';
      if (!fields?.issuetype?.name) errors.issuetype = 'issue type is required';
      if (fields?.description && fields.description.type !== 'doc') errors.description = 'Operation value must be an Atlassian Document.';
      if (fields?.assignee && !this.assignable.has(fields.assignee.accountId ?? '')) errors.assignee = 'User cannot be assigned issues.';
      if (Object.keys(errors).length) return send(400, { errorMessages: [], errors });
      const key = `${this.project}-${this.issues.length + 1}`;
      this.issues.push({
        key,
        summary: fields!.summary!,
        labels: fields!.labels ?? [],
        description: fields!.description,
        done: false,
        assignee: fields!.assignee?.accountId,
      });
      return send(201, { id: String(10_000 + this.issues.length), key, self: `${this.url}/rest/api/3/issue/${key}` });
    }
    if (req.method === 'GET' && url.pathname === '/rest/api/3/search/jql') {
      const label = /labels = "([^"]+)"/.exec(url.searchParams.get('jql') ?? '')?.[1];
      const found = this.issues.filter((i) => !label || i.labels.includes(label));
      return send(200, { issues: found.map((i) => ({ id: i.key, key: i.key, fields: { summary: i.summary } })), isLast: true });
    }
    const get = /^\/rest\/api\/3\/issue\/([A-Z]+-\d+)$/.exec(url.pathname);
    if (req.method === 'GET' && get) {
      const issue = this.issues.find((i) => i.key === get[1]);
      if (!issue) return send(404, { errorMessages: ['Issue does not exist or you do not have permission to see it.'] });
      return send(200, { key: issue.key, fields: { status: { statusCategory: { key: issue.done ? 'done' : 'new' } } } });
    }
    return send(404, { errorMessages: ['Not found'] });
  }
}
