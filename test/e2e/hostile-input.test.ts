import { declareIncident } from '../../src/domain/incident';
import { RedisIncidentStore } from '../../src/store/redis-incident-store';
import { ACTION_IDS, VIEW_IDS } from '../../src/slack/interaction-ids';
import { FakeSlack } from '../support/fake-slack';
import { uniquePrefix } from '../support/redis';
import { interactionBody } from '../support/slack-request';
import { TestApp } from '../support/test-app';

/**
 * Input found by fuzzing: nothing a signed request carries may end the process, stall it past
 * Slack's three seconds, grow /metrics, ping a crowd, or reach storage unchecked.
 */
describe('hostile and heavy input', () => {
  let app: TestApp;
  let channel: string;
  beforeAll(async () => {
    app = await TestApp.start();
    channel = await app.declare('sev2 Fuzzed');
  });
  afterAll(() => app.stop());

  const stillServing = async () => expect(await app.commandReply('list')).toMatch(/Open incidents/);

  test.each([
    ['a JSON body of null', 'null', 'application/json'],
    ['a JSON array', '[]', 'application/json'],
    ['a JSON string', '"event_callback"', 'application/json'],
    ['payload=null', 'payload=null', 'application/x-www-form-urlencoded'],
    ['payload=[1]', 'payload=%5B1%5D', 'application/x-www-form-urlencoded'],
  ])('%s, correctly signed, is refused with 400 and the process keeps serving', async (_what, body, type) => {
    expect((await app.post(body, type)).status).toBe(400);
    await stillServing();
  });

  test('a task of 40,000 spaces between two letters is refused at once, by its length', async () => {
    const started = Date.now();
    const result = await app.command(`task a${' '.repeat(40_000)}b`, { channel });
    // Slack's three seconds: a contract, not a performance figure.
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(result.ack).toEqual(expect.objectContaining({ text: expect.stringMatching(/40,007 characters; the limit is 3,000/) }));
  });

  test('unknown subcommands all count under one label: /metrics does not grow with what people type', async () => {
    for (let i = 0; i < 50; i += 1) await app.command(`fuzz${i}word`, { channel });
    const labels = [...(await app.metrics()).keys()].filter((k) => k.startsWith('hotwash_commands_total{'));
    expect(labels.filter((k) => /fuzz/.test(k))).toEqual([]);
    expect((await app.metrics()).get('hotwash_commands_total{subcommand="unknown",outcome="usage_error"}')).toBeGreaterThanOrEqual(50);
  });

  test('a usage error quoting a typed broadcast does not make it live', async () => {
    const result = await app.command('sev <!channel> <!subteam^S0ONCALL|@oncall>', { channel });
    const text = String((result.ack as { text: string }).text);
    expect(text).toMatch(/is not a severity/);
    expect(text).not.toMatch(/<!(channel|subteam)/);
  });

  test('a year of 0024 is refused, not read as 1924', async () => {
    const result = await app.command('note 0024-01-01 10:00 ancient', { channel });
    expect(result.ack).toEqual(expect.objectContaining({ text: expect.stringMatching(/0024-01-01 10:00 is too long ago/) }));
  });

  test('NUL and ESC never reach the timeline or the postmortem', async () => {
    await app.commandInChannel('note before\u0000after \u001b[31mred\u001b[0m', channel);
    const { timeline } = await app.stored(channel);
    expect(timeline.find((e) => String(e.text).startsWith('before'))?.text).toBe('beforeafter [31mred[0m');
    await app.commandInChannel('postmortem', channel);
    const file = await app.slack.waitFor(() => app.slack.filesIn(channel).at(-1), 'the postmortem');
    expect(file.content).not.toContain('\u0000');
    expect(file.content).not.toContain('\u001b');
  });

  test.each([
    [
      'a form whose state.values is null',
      {
        type: 'view_submission',
        user: { id: 'UALICE' },
        trigger_id: '1.2.3',
        view: { callback_id: VIEW_IDS.note, private_metadata: JSON.stringify({ channelId: 'C1' }), state: { values: null } },
      },
    ],
    [
      'a form whose private_metadata is not JSON',
      {
        type: 'view_submission',
        user: { id: 'UALICE' },
        trigger_id: '1.2.4',
        view: { callback_id: VIEW_IDS.note, private_metadata: '{nope', state: { values: {} } },
      },
    ],
    [
      'a form with no state at all',
      { type: 'view_submission', user: { id: 'UALICE' }, trigger_id: '1.2.5', view: { callback_id: VIEW_IDS.declare, private_metadata: 'null' } },
    ],
    [
      'a click with no channel',
      { type: 'block_actions', user: { id: 'UALICE' }, trigger_id: '1.2.6', actions: [{ type: 'button', action_id: ACTION_IDS.acknowledge, block_id: 'b' }] },
    ],
  ])('%s gets no 500, and the process keeps serving', async (_what, payload) => {
    const { status } = await app.post(interactionBody(payload), 'application/x-www-form-urlencoded');
    expect(status).toBeLessThan(500);
    await stillServing();
  });

  test.each([
    ['message_changed without message', { type: 'message', subtype: 'message_changed', channel: 'CANY' }],
    ['message_deleted without previous_message', { type: 'message', subtype: 'message_deleted', channel: 'CANY' }],
    ['a reaction with no item', { type: 'reaction_added', reaction: 'pushpin', user: 'UALICE' }],
  ])('an event, %s, gets no 500', async (_what, event) => {
    expect((await app.sendEvent(event)).status).toBeLessThan(500);
    await stillServing();
  });

  test('"/incident list" with 300 open incidents stays within what Slack shows', async () => {
    const others = await TestApp.start({ slack: app.slack, redisPrefix: uniquePrefix('many') });
    try {
      const store = new RedisIncidentStore(others.redis, others.config.redisPrefix);
      for (let i = 0; i < 300; i += 1) {
        const id = await store.nextIncidentId();
        await store.create(
          declareIncident({
            id,
            title: `Incident number ${i} with a fairly long title to fill the line`,
            severity: 'sev3',
            declaredBy: 'UALICE',
            channelId: `CMANY${i}`,
            channelName: `inc-many-${i}`,
            now: new Date(),
          }),
        );
      }
      const reply = await others.commandReply('list');
      expect(reply.length).toBeLessThanOrEqual(40_000);
      expect(reply).toMatch(/^\*Open incidents \(300\)\*/);
      expect(reply).toMatch(/…and \d+ more\./);
    } finally {
      await others.stop();
    }
  });
});

describe('many writers', () => {
  test('two replicas, 150 concurrent notes each into one incident: none is refused, all are kept', async () => {
    const slack = await new FakeSlack().start();
    const prefix = uniquePrefix('replicas');
    const a = await TestApp.start({ slack, redisPrefix: prefix });
    const b = await TestApp.start({ slack, redisPrefix: prefix });
    try {
      const channel = await a.declare('sev2 Everyone typing');
      const sent = Array.from({ length: 300 }, (_, i) => (i % 2 ? a : b).command(`note writer ${i}`, { channel }));
      const results = await Promise.all(sent);
      expect(results.every((r) => r.status === 200)).toBe(true);
      const stored = await a.slack.waitFor(
        async () => {
          const { timeline } = await a.stored(channel);
          const notes = timeline.filter((e) => e.kind === 'note');
          return notes.length >= 300 ? notes : undefined;
        },
        'all 300 notes',
        60_000,
      );
      expect(new Set(stored.map((e) => e.text)).size).toBe(300);
      const replies = results.flatMap((r) => slack.responsesTo(r.responseId).map((reply) => String(reply.text)));
      expect(replies.filter((text) => /kept changing/.test(text))).toEqual([]);
    } finally {
      await a.stop();
      await b.stop();
      await slack.stop();
    }
  }, 90_000);
});
