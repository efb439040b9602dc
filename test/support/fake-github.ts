import type { IncomingMessage, ServerResponse } from 'node:http';
import { FakeHttpServer } from './fake-http-server';

export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  labels: string[];
  assignees: string[];
  state: 'open' | 'closed';
  html_url: string;
}

/**
 * GitHub's REST API, the part Hotwash uses (issues: create, list, get), checking what GitHub
 * checks: the token, a repository that exists, a JSON body with a title. It can fail on demand,
 * including "created, but the answer was lost" (502 after creating), the crash case.
 */
export class FakeGitHub extends FakeHttpServer {
  readonly issues: FakeIssue[] = [];
  readonly requests: { method: string; path: string; auth?: string }[] = [];
  /** Public e-mails of GitHub accounts (for the user search), and who may be assigned in the repository. */
  readonly accounts = new Map<string, string>();
  readonly collaborators = new Set<string>();
  private failures: { status: number; afterCreating?: boolean }[] = [];
  /** While set, an issue is created and its answer held back this long (a process can die meanwhile). */
  holdAnswersMs = 0;
  /** Resolved when an issue is created while answers are held back. */
  onHeldCreate?: () => void;

  constructor(
    readonly token = 'ghp_testtoken',
    readonly repository = 'acme/payments',
  ) {
    super();
  }

  /** The next `count` issue creations answer `status` (with `afterCreating`: the issue is created first). */
  failNext(status: number, count = 1, afterCreating = false): void {
    for (let i = 0; i < count; i += 1) this.failures.push({ status, afterCreating });
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await this.bodyOf(req);
    const url = new URL(req.url ?? '/', this.url);
    this.requests.push({ method: req.method ?? '', path: url.pathname, auth: req.headers.authorization });
    const send = (status: number, body: unknown): void => void res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    if (!/^(token|Bearer) /.test(req.headers.authorization ?? '') || req.headers.authorization!.split(' ')[1] !== this.token) {
      return send(401, { message: 'Bad credentials' });
    }
    if (req.method === 'GET' && url.pathname === '/search/users') {
      const email = /^(\S+) in:email$/.exec(url.searchParams.get('q') ?? '')?.[1];
      const login = email ? this.accounts.get(email) : undefined;
      return send(200, { total_count: login ? 1 : 0, items: login ? [{ login }] : [] });
    }
    const repo = /^\/repos\/([^/]+\/[^/]+)\/issues(?:\/(\d+))?$/.exec(url.pathname);
    if (!repo) return send(404, { message: 'Not Found' });
    if (repo[1] !== this.repository) return send(404, { message: 'Not Found' });
    if (req.method === 'POST' && !repo[2]) {
      let body: { title?: unknown; body?: unknown; labels?: unknown; assignees?: unknown };
      try {
        body = JSON.parse(raw);
      } catch {
        return send(400, { message: 'Problems parsing JSON' });
      }
      if (typeof body.title !== 'string' || body.title === '')
        return send(422, { message: 'Validation Failed', errors: [{ field: 'title', code: 'missing_field' }] });
      const assignees = Array.isArray(body.assignees) ? body.assignees.map(String) : [];
      if (assignees.some((login) => !this.collaborators.has(login)))
        return send(422, { message: 'Validation Failed', errors: [{ field: 'assignees', code: 'invalid' }] });
      const failure = this.failures.shift();
      if (failure && !failure.afterCreating) return send(failure.status, { message: 'failing on purpose' });
      const number = this.issues.length + 1;
      const issue: FakeIssue = {
        number,
        title: body.title,
        body: typeof body.body === 'string' ? body.body : '',
        labels: Array.isArray(body.labels) ? body.labels.map(String) : [],
        assignees,
        state: 'open',
        html_url: `https://github.example.com/${this.repository}/issues/${number}`,
      };
      this.issues.push(issue);
      if (failure) return send(failure.status, { message: 'created, but the answer is lost' });
      if (this.holdAnswersMs) {
        this.onHeldCreate?.();
        await new Promise((r) => setTimeout(r, this.holdAnswersMs));
        if (res.destroyed) return;
      }
      return send(201, issue);
    }
    if (req.method === 'GET' && repo[2]) {
      const issue = this.issues.find((i) => i.number === Number(repo[2]));
      return issue ? send(200, issue) : send(404, { message: 'Not Found' });
    }
    if (req.method === 'GET') {
      const label = url.searchParams.get('labels');
      return send(
        200,
        [...this.issues].reverse().filter((i) => !label || i.labels.includes(label)),
      );
    }
    return send(404, { message: 'Not Found' });
  }
}
