import { ManualClock } from '../support/manual-clock';
import { TestApp } from '../support/test-app';

/** When Slack fails, people get a clear answer, and what they were told was saved is saved. (Redis: redis-failures.test.ts.) */
describe('Slack failures', () => {
  const clock = new ManualClock('2024-02-05T10:30:00Z');
  let app: TestApp;
  beforeEach(async () => {
    app = await TestApp.start({ clock: clock.now });
  });
  afterEach(() => app.stop());

  test('a taken channel name gets the next numbered name', async () => {
    app.slack.addChannel('inc-20240205-db-down');
    app.slack.addChannel('inc-20240205-db-down-2');
    const channel = await app.declare('DB down');
    expect(app.slack.channels.get(channel)!.name).toBe('inc-20240205-db-down-3');
    expect(app.slack.callsTo('conversations.create').map((c) => c.args.name)).toEqual([
      'inc-20240205-db-down',
      'inc-20240205-db-down-2',
      'inc-20240205-db-down-3',
    ]);
    expect((await app.stored(channel)).incident.channelName).toBe('inc-20240205-db-down-3');
  });

  test('a title with no usable letters is named after the declaration time', async () => {
    const channel = await app.declare('🔥🔥');
    expect(app.slack.channels.get(channel)!.name).toBe('inc-20240205-incident-1030');
  });

  test('Slack refusing to create the channel is explained and stores nothing', async () => {
    app.slack.failNext('conversations.create', { error: 'restricted_action' });
    const reply = await app.commandReply('start DB down');
    expect(reply).toBe(
      ':warning: Nothing was saved: Slack refused `conversations.create` with `restricted_action`. ' +
        'Your workspace does not let apps create channels; an admin can allow it.',
    );
    expect(await app.dataKeys()).toEqual([]);
    expect(app.logger.errors()).toEqual([
      expect.stringContaining("/incident start: slack_error SlackCallError: Slack's conversations.create failed: restricted_action"),
    ]);
  });

  test('rate limits with Retry-After and server errors are retried', async () => {
    app.slack.failNext('conversations.create', { status: 429, retryAfter: 1 });
    app.slack.failNext('chat.postMessage', { status: 503 });
    const channel = await app.declare('DB down');
    expect(app.slack.callsTo('conversations.create')).toHaveLength(2);
    const summary = await app.slack.waitFor(() => app.slack.messagesIn(channel)[0], 'the summary');
    expect(summary.text).toContain('DB down');
    expect(app.slack.pins).toHaveLength(1);
  });

  test('a long Retry-After is not waited out: the user hears at once that Slack is rate-limiting', async () => {
    app.slack.failNext('conversations.create', { status: 429, retryAfter: 120 });
    const started = Date.now();
    const reply = await app.commandReply('start DB down');
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(reply).toBe(
      ':warning: Nothing was saved: Slack refused `conversations.create` with `ratelimited`. Slack is rate-limiting Hotwash; wait a minute and try again.',
    );
    expect(await app.dataKeys()).toEqual([]);
  });

  test('Slack failing with server errors beyond the retries is reported, not retried for long', async () => {
    app.slack.failNext('conversations.create', { status: 503 }, 3);
    const reply = await app.commandReply('start DB down');
    expect(reply).toBe(
      ':warning: Nothing was saved: Slack refused `conversations.create` with `http_503`. Try again; if it keeps failing, tell whoever runs Hotwash.',
    );
    expect(app.slack.callsTo('conversations.create')).toHaveLength(3);
  });

  test('a step of the channel set-up failing is reported; the incident still stands', async () => {
    app.slack.failNext('pins.add', { error: 'not_pinnable' });
    app.slack.failNext('conversations.setTopic', { error: 'too_long' });
    const reply = await app.commandReply('start DB down');
    expect(reply).toMatch(/^:rotating_light: Incident #1 \(sev3\) is declared/);
    expect(reply).toContain("I couldn't set the channel topic (Slack said `too_long`).");
    expect(reply).toContain("I couldn't pin the summary (Slack said `not_pinnable`).");
    expect(await app.commandReply('list')).toContain('#1 DB down');
  });

  test('when the post fails after saving, the reply says it is saved, and it is', async () => {
    const channel = await app.declare('DB down');
    app.slack.failNext('chat.postMessage', { error: 'not_in_channel' });
    const reply = await app.commandReply('note restarted the primary', { channel });
    expect(reply).toBe(
      ':warning: It is saved on the timeline, but Slack refused `chat.postMessage` with `not_in_channel`. ' +
        'Invite Hotwash to the channel (`/invite @Hotwash`) and try again.',
    );
    const { timeline } = await app.stored(channel);
    expect(timeline.filter((e) => e.kind === 'note').map((e) => e.text)).toEqual(['restarted the primary']);
  });
});
