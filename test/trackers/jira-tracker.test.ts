import { JiraTracker } from '../../src/trackers/jira-tracker';
import { FakeJira } from '../support/fake-jira';
import { FOLLOW_UP } from '../support/follow-up-fixture';

/** The Jira adapter through jira.js, against the fake Jira at the wire. */
describe('JiraTracker', () => {
  let jira: FakeJira;
  beforeEach(async () => {
    jira = await new FakeJira().start();
  });
  afterEach(() => jira.stop());

  const tracker = (apiToken = jira.apiToken, project = jira.project) => new JiraTracker({ url: jira.url, email: jira.email, apiToken, project });
  const followUp = FOLLOW_UP;

  test('creates a Task in the project with the labels and a document description; finds it by its marker; reads its state', async () => {
    const issue = await tracker().create(followUp);
    expect(issue).toEqual({ key: 'OPS-1', url: `${jira.url}/browse/OPS-1` });
    expect(jira.issues[0]).toMatchObject({ summary: 'Add a canary stage', labels: ['incident', 'sev1', 'hotwash-followup-7-3'] });
    expect(await tracker().find('hotwash-followup:7-3')).toEqual(issue);
    expect(await tracker().find('hotwash-followup:7-4')).toBeUndefined();
    jira.issues[0]!.done = true;
    expect(await tracker().state(issue)).toBe('closed');
  });

  test('refusals carry Jira status: bad credentials and a wrong project are not worth retrying, 503 is', async () => {
    await expect(tracker('wrong').create(followUp)).rejects.toMatchObject({ code: 'tracker_call', status: 401, transient: false });
    await expect(tracker(jira.apiToken, 'NOPE').create(followUp)).rejects.toMatchObject({ status: 400, transient: false });
    jira.failNext(503);
    await expect(tracker().create(followUp)).rejects.toMatchObject({ status: 503, transient: true });
  });

  test('assigns the owner whose e-mail is a Jira account that may be assigned; otherwise creates it unassigned', async () => {
    jira.accounts.set('carol@acme.example', 'acc-carol');
    jira.assignable.add('acc-carol');
    jira.accounts.set('dan@acme.example', 'acc-dan');
    await tracker().create({ ...followUp, ownerEmail: 'carol@acme.example' });
    await tracker().create({ ...followUp, ownerEmail: 'dan@acme.example' });
    await tracker().create({ ...followUp, ownerEmail: 'nobody@acme.example' });
    expect(jira.issues.map((i) => i.assignee)).toEqual(['acc-carol', undefined, undefined]);
  });
});
