import { ACTION_IDS } from '../../src/slack/interaction-ids';
import { ThrowawayRedis } from '../support/redis-server';
import { ManualClock } from '../support/manual-clock';
import { TestApp } from '../support/test-app';

/** When Slack or Redis fail, people get a clear answer, and what they were told was saved is saved. */
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

describe('Redis failures', () => {
  let redis: ThrowawayRedis;
  let app: TestApp;
  beforeEach(async () => {
    // Persistence as docker-compose.yml configures it, so a restart keeps what was acknowledged.
    redis = await ThrowawayRedis.start(['--appendonly', 'yes', '--appendfsync', 'always', '--save', '']);
    app = await TestApp.start({ redisUrl: redis.url });
  });
  afterEach(async () => {
    await app.stop();
    await redis.destroy();
  });

  test('with Redis down, a command is acknowledged in time and told, in the acknowledgement, that storage is unavailable', async () => {
    const channel = await app.declare('DB down');
    await redis.stop();
    const started = Date.now();
    const result = await app.command('note still broken', { channel });
    // Slack gives up on an acknowledgement after 3 seconds: this is its contract, not a performance target.
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(result.status).toBe(200);
    // It could not be kept, so it is not acknowledged as received: the acknowledgement says so.
    expect(result.ack).toEqual(
      expect.objectContaining({ text: expect.stringMatching(/could not reach its storage \(Redis\), so nothing was saved\. Try again in a minute/) }),
    );
    expect(app.slack.responsesTo(result.responseId)).toEqual([]);
    // The log line is written once the reply has gone.
    const errors = await app.slack.waitFor(() => (app.logger.errors().length ? app.logger.errors() : undefined), 'the error line');
    expect(errors).toEqual([expect.stringMatching(/^\/incident note: storage_unavailable StorageUnavailableError: Redis is unavailable/)]);
  });

  test('with Redis down, buttons (one of them opens a form) are answered in time and told storage is unavailable', async () => {
    const channel = await app.declare('DB down');
    const summaryTs = app.slack.pins[0]!.timestamp;
    await redis.stop();

    let started = Date.now();
    const { status, responseId } = await app.click({ actionId: ACTION_IDS.acknowledge, user: 'UBOB', channel, messageTs: summaryTs });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(status).toBe(200);
    expect((await app.repliesTo(responseId))[0]).toMatch(/could not reach its storage \(Redis\), so nothing was saved/);

    // "Add note" reads the incident before opening its form; with Redis down it says why it cannot.
    started = Date.now();
    const { status: formStatus, responseId: formReply } = await app.click({ actionId: ACTION_IDS.addNote, user: 'UBOB', channel, messageTs: summaryTs });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(formStatus).toBe(200);
    expect((await app.repliesTo(formReply))[0]).toMatch(/could not reach its storage/);
    expect(app.slack.views).toHaveLength(0);
  });

  test('with Redis down, start opens no channel: the command is refused before anything happens in Slack', async () => {
    await redis.stop();
    const reply = await app.commandReply('start DB down');
    expect(reply).toMatch(/could not reach its storage/);
    expect(app.slack.callsTo('conversations.create')).toEqual([]);
  });

  test('with Redis down, reads say they could not read, not that nothing was saved', async () => {
    const channel = await app.declare('DB down');
    await redis.stop();
    for (const [typed, where] of [
      ['list', 'CGENERAL'],
      ['timeline', channel],
    ] as const) {
      const reply = await app.commandReply(typed, { channel: where });
      expect(reply).toMatch(/could not reach its storage \(Redis\) to read that/);
      expect(reply).not.toMatch(/nothing was saved/i);
    }
  });

  test('what Hotwash confirmed is still there after Redis crashes and restarts', async () => {
    const channel = await app.declare('sev2 DB down');
    expect(await app.commandInChannel('note failed over to the replica', channel)).toBeUndefined();
    expect(await app.commandInChannel('ack', channel)).toBeUndefined();
    const before = await app.stored(channel);

    await redis.stop('SIGKILL');
    await redis.start();

    expect(await app.stored(channel)).toEqual(before);
    // And the bot, reconnected on its own, shows it.
    let timeline = '';
    const deadline = Date.now() + 10_000;
    while (!timeline.includes('failed over to the replica') && Date.now() < deadline) {
      timeline = await app.commandReply('timeline', { channel });
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(timeline).toContain('failed over to the replica');
    expect(timeline).toMatch(/acknowledged/i);
  });

  test('after Redis comes back, commands work again without a restart', async () => {
    const channel = await app.declare('DB down');
    await redis.stop();
    expect(await app.commandReply('note lost?', { channel })).toMatch(/could not reach its storage/);
    await redis.start();
    const deadline = Date.now() + 10_000;
    let reply: string | undefined = 'not yet';
    while (reply !== undefined && Date.now() < deadline) {
      reply = await app.commandInChannel('note back', channel);
      if (reply !== undefined) await new Promise((r) => setTimeout(r, 200));
    }
    expect(reply).toBeUndefined();
    const notes = (await app.stored(channel)).timeline.filter((e) => e.kind === 'note').map((e) => e.text);
    expect(notes).toEqual(['back']);
  });
});
