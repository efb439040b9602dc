import { ACTION_IDS } from '../../src/slack/interaction-ids';
import { ThrowawayRedis } from '../support/redis-server';
import { TestApp } from '../support/test-app';

/** When Redis fails, people get a clear answer, and what they were told was saved is saved. */
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
