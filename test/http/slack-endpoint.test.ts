import { SIGNING_SECRET, TestApp } from '../support/test-app';
import { signedHeaders, slashCommandBody, slackSignature } from '../support/slack-request';

/** Requests to /slack/events must carry Slack's signature; anything else is turned away and does nothing. */
describe('POST /slack/events', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(() => app.stop());

  const body = () => slashCommandBody({ text: 'start Forged incident', user_id: 'UMALLORY', channel_id: 'C1', response_url: app.slack.responseUrl('forged') });

  async function post(headers: Record<string, string>, payload = body()) {
    return fetch(`${app.url}/slack/events`, { method: 'POST', headers, body: payload });
  }

  async function expectNothingHappened() {
    await new Promise((r) => setTimeout(r, 200)); // time enough for any work the request might have started
    expect(app.slack.callsTo('conversations.create')).toEqual([]);
    expect(app.slack.responsesTo('forged')).toEqual([]);
    expect(await app.dataKeys()).toEqual([]);
  }

  test('a correctly signed command is accepted', async () => {
    const payload = slashCommandBody({ text: 'help', user_id: 'U1', channel_id: 'C1', response_url: app.slack.responseUrl('ok') });
    const res = await post(signedHeaders(SIGNING_SECRET, payload, 'application/x-www-form-urlencoded'), payload);
    expect(res.status).toBe(200);
  });

  test('no signature: 401', async () => {
    const res = await post({ 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(401);
    await expectNothingHappened();
  });

  test('signed with another secret: 401', async () => {
    const res = await post(signedHeaders('not-the-secret', body(), 'application/x-www-form-urlencoded'));
    expect(res.status).toBe(401);
    await expectNothingHappened();
  });

  test('body changed after signing: 401', async () => {
    const headers = signedHeaders(SIGNING_SECRET, body(), 'application/x-www-form-urlencoded');
    const res = await post(headers, body().replace('Forged', 'Tampered'));
    expect(res.status).toBe(401);
    await expectNothingHappened();
  });

  test('a stale timestamp (replay older than five minutes): 401', async () => {
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    const payload = body();
    const res = await post({
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Slack-Request-Timestamp': String(stale),
      'X-Slack-Signature': slackSignature(SIGNING_SECRET, stale, payload),
    });
    expect(res.status).toBe(401);
    await expectNothingHappened();
  });
});
