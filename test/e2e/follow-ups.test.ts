import { FakeGitHub } from '../support/fake-github';
import { FakeJira } from '../support/fake-jira';
import { TestApp } from '../support/test-app';

/** Tasks become GitHub issues exactly once: at close, and at once after it; through failures and lost answers. */
describe('follow-ups in GitHub', () => {
  let github: FakeGitHub;
  let app: TestApp;
  beforeEach(async () => {
    github = await new FakeGitHub().start();
    app = await TestApp.start({
      github: { url: github.url, token: github.token, repository: github.repository },
      recovery: { deliveryRetryBaseMs: 50, recoverySweepMs: 200, outboxGraceMs: 1_000 },
    });
  });
  afterEach(async () => {
    await app.stop();
    await github.stop();
  });

  const outboxEmpty = () => app.slack.waitFor(async () => (await app.metrics()).get('hotwash_outbox_depth') === 0 || undefined, 'an empty outbox', 10_000);

  test('at close every task becomes one issue, labelled and linked back; the channel is told; the postmortem links them', async () => {
    // Carol's Slack e-mail is a GitHub account that may be assigned: her task is assigned to her.
    app.slack.addUser({ id: 'UCAROL', name: 'carol', realName: 'Carol', email: 'carol@acme.example' });
    github.accounts.set('carol@acme.example', 'carol-gh');
    github.collaborators.add('carol-gh');
    const channel = await app.declare('sev1 Checkout down');
    await app.commandInChannel('task Add a canary stage to the deploy pipeline @UCAROL', channel);
    await app.commandInChannel('task Alert on load balancer health', channel);
    expect(github.issues).toEqual([]); // not before the close
    await app.commandInChannel('close', channel);
    await outboxEmpty();
    expect(github.issues.map((i) => [i.title, i.labels])).toEqual([
      ['Add a canary stage to the deploy pipeline', ['incident', 'sev1']],
      ['Alert on load balancer health', ['incident', 'sev1']],
    ]);
    expect(github.issues[0]!.body).toContain('A follow-up of incident #1 (sev1): Checkout down.');
    expect(github.issues.map((i) => i.assignees)).toEqual([['carol-gh'], []]);
    expect(github.issues[0]!.body).toMatch(/<!-- hotwash-followup:1-\d+ -->/);
    expect(github.requests.every((r) => r.auth === `token ${github.token}`)).toBe(true);
    expect(app.slack.messagesIn(channel).filter((m) => /GitHub issue <.+\|#\d> created for the task/.test(m.text))).toHaveLength(2);

    // A task added after close goes at once; the postmortem links each task to its issue.
    await app.commandInChannel('task Write the load balancer runbook', channel);
    await outboxEmpty();
    expect(github.issues).toHaveLength(3);
    await app.command('postmortem', { channel });
    const files = await app.slack.waitFor(() => (app.slack.filesIn(channel).length >= 2 ? app.slack.filesIn(channel) : undefined), 'the redraft');
    expect(files.at(-1)!.content).toContain('- Alert on load balancer health ([#2](https://github.example.com/acme/payments/issues/2))');

    // /incident followups reads each issue's state back from GitHub.
    github.issues[1]!.state = 'closed';
    expect(await app.commandReply('followups', { channel })).toBe(
      [
        '*Follow-ups of incident #1*',
        '• Add a canary stage to the deploy pipeline (owner: <@UCAROL>) · <https://github.example.com/acme/payments/issues/1|#1> (open)',
        '• Alert on load balancer health · <https://github.example.com/acme/payments/issues/2|#2> (closed)',
        '• Write the load balancer runbook · <https://github.example.com/acme/payments/issues/3|#3> (open)',
      ].join('\n'),
    );
  });

  test('GitHub down is retried; an answer lost after creating does not create a second issue', async () => {
    const channel = await app.declare('sev2 Search slow');
    await app.commandInChannel('task Add an index on orders.created_at', channel);
    await app.commandInChannel('task Cap report queries at 30 s', channel);
    github.failNext(503, 2); // down for the first two attempts
    github.failNext(502, 1, true); // then: created, but the answer lost
    await app.commandInChannel('close', channel);
    await outboxEmpty();
    await app.settled();
    expect(github.issues.map((i) => i.title).sort()).toEqual(['Add an index on orders.created_at', 'Cap report queries at 30 s']);
  });

  test('credentials GitHub refuses are told to the channel and the lead, once, with what to fix', async () => {
    await github.stop();
    github = await new FakeGitHub('another-token').start();
    const other = await TestApp.start({ github: { url: github.url, token: 'ghp_wrong', repository: github.repository } });
    try {
      const channel = await other.declare('sev2 Search slow');
      await other.commandInChannel('task Add an index', channel);
      await other.commandInChannel('close', channel);
      const told = await other.slack.waitFor(() => {
        const found = other.slack.messages.filter((m) => /could not create the tracker issue/.test(m.text));
        return found.length >= 2 ? found : undefined;
      }, 'the refusal told');
      expect(told.map((m) => m.channel).sort()).toEqual([channel, 'UALICE'].sort());
      expect(told[0]!.text).toMatch(/GitHub answered 401.*check GITHUB_TOKEN/);
      expect(github.issues).toEqual([]);
    } finally {
      await other.stop();
    }
  });
});

describe('follow-ups in Jira', () => {
  test('with the JIRA_* values set, tasks become Jira issues, exactly once', async () => {
    const jira = await new FakeJira().start();
    const app = await TestApp.start({ jira: { url: jira.url, email: jira.email, apiToken: jira.apiToken, project: jira.project } });
    try {
      const channel = await app.declare('sev2 Search slow');
      await app.commandInChannel('task Add an index on orders.created_at', channel);
      await app.commandInChannel('close', channel);
      await app.slack.waitFor(() => app.slack.messagesIn(channel).find((m) => /Jira issue <.+\|OPS-1> created/.test(m.text)), 'the issue told');
      expect(jira.issues.map((i) => i.summary)).toEqual(['Add an index on orders.created_at']);
      expect(await app.commandReply('followups', { channel })).toContain(`<${jira.url}/browse/OPS-1|OPS-1> (open)`);
    } finally {
      await app.stop();
      await jira.stop();
    }
  });
});
