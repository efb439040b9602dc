import { TrackerCallError } from '../../src/errors';
import { GitHubTracker } from '../../src/trackers/github-tracker';
import { FakeGitHub } from '../support/fake-github';
import { FOLLOW_UP } from '../support/follow-up-fixture';

/** The GitHub adapter through Octokit, against the fake GitHub at the wire. */
describe('GitHubTracker', () => {
  let github: FakeGitHub;
  beforeEach(async () => {
    github = await new FakeGitHub().start();
  });
  afterEach(() => github.stop());

  const tracker = (token = github.token, repository = github.repository) => new GitHubTracker({ token, repository, baseUrl: github.url });
  const followUp = FOLLOW_UP;

  test('creates an issue, finds it again by its marker, reads its state', async () => {
    const issue = await tracker().create(followUp);
    expect(issue).toEqual({ key: '#1', url: 'https://github.example.com/acme/payments/issues/1' });
    expect(await tracker().find('hotwash-followup:7-3')).toEqual(issue);
    expect(await tracker().find('hotwash-followup:7-4')).toBeUndefined();
    github.issues[0]!.state = 'closed';
    expect(await tracker().state(issue)).toBe('closed');
  });

  test('refusals carry GitHub status: 401 and 404 are not worth retrying, 503 is', async () => {
    await expect(tracker('ghp_wrong').create(followUp)).rejects.toMatchObject({ status: 401, transient: false });
    await expect(tracker(github.token, 'acme/nope').create(followUp)).rejects.toMatchObject({ status: 404, transient: false });
    github.failNext(503);
    const error = await tracker()
      .create(followUp)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrackerCallError);
    expect(error).toMatchObject({ status: 503, transient: true });
  });

  test('assigns the owner whose e-mail is a GitHub account that may be assigned; otherwise creates it unassigned', async () => {
    github.accounts.set('carol@acme.example', 'carol-gh');
    github.collaborators.add('carol-gh');
    github.accounts.set('dan@acme.example', 'dan-gh'); // not a collaborator: GitHub refuses to assign
    await tracker().create({ ...followUp, ownerEmail: 'carol@acme.example' });
    await tracker().create({ ...followUp, ownerEmail: 'dan@acme.example' });
    await tracker().create({ ...followUp, ownerEmail: 'nobody@acme.example' });
    expect(github.issues.map((i) => i.assignees)).toEqual([['carol-gh'], [], []]);
  });
});
