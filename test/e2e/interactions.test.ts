import { ACTION_IDS, VIEW_IDS } from '../../src/slack/interaction-ids';
import type { PostedMessage } from '../support/fake-slack';
import { TestApp } from '../support/test-app';

/**
 * Buttons, forms and events through the real HTTP endpoint, signed as Slack signs them, against
 * the fake Slack: the summary as a control panel, and messages captured into the timeline.
 */
const POLICY =
  'severities:\n  sev1:\n    levels:\n      - notify: [UONCALL]\n        escalate_after: 10m\n      - notify: [UCTO]\n        escalate_after: 10m\n';

type Block = {
  type: string;
  fields?: { text: string }[];
  text?: { text: string };
  elements?: { action_id?: string; type: string }[];
  accessory?: { action_id: string };
};

const blocksOf = (message: PostedMessage) => (message.blocks ?? []) as Block[];
const fieldsOf = (message: PostedMessage) =>
  Object.fromEntries(
    blocksOf(message)
      .flatMap((b) => b.fields ?? [])
      .map((f) => /^\*([^:]+):\*\n([\s\S]*)$/.exec(f.text)!.slice(1, 3)),
  );
const actionsOf = (message: PostedMessage) =>
  blocksOf(message)
    .flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : []))
    .map((e) => e.action_id);
const latestOf = (message: PostedMessage) => blocksOf(message).find((b) => b.text?.text.startsWith('*Latest:*'))?.text?.text;

describe('the live summary', () => {
  let app: TestApp;
  let channel: string;
  let summary: () => PostedMessage;
  beforeEach(async () => {
    app = await TestApp.start({ escalationPolicy: POLICY });
    channel = await app.declare('sev1 Checkout down');
    const ts = app.slack.pins[0]!.timestamp;
    summary = () => app.slack.message(channel, ts)!;
  });
  afterEach(() => app.stop());

  const updates = () => app.slack.callsTo('chat.update').length;

  test('it shows who, how bad, where paging stands and the latest entry, and follows every change in place', async () => {
    expect(fieldsOf(summary())).toMatchObject({
      Severity: 'sev1',
      Status: 'investigating',
      Lead: '<@UALICE>',
      Acknowledged: 'not yet',
      'Running for': expect.stringMatching(/^less than a minute \(as of /),
    });
    expect(fieldsOf(summary()).Started).toMatch(/^<!date\^\d+\^\{time\}\|\d\d:\d\d UTC>$/);
    expect(actionsOf(summary())).toEqual([ACTION_IDS.acknowledge, ACTION_IDS.status, ACTION_IDS.addNote, ACTION_IDS.resolve]);
    // Level 1 is paged at once; the summary follows the page.
    await app.slack.waitFor(() => /level 1 of 2 paged/.test(fieldsOf(summary()).Escalation ?? ''), 'the summary to show level 1');
    expect(latestOf(summary())).toMatch(/Paged level 1: <@UONCALL>/);

    await app.commandInChannel('ack', channel, 'UBOB');
    await app.slack.waitFor(() => fieldsOf(summary()).Acknowledged?.startsWith('<@UBOB>'), 'the acknowledgement on the summary');
    expect(fieldsOf(summary()).Escalation).toBe('stopped at level 1 of 2: acknowledged');
    expect(actionsOf(summary())).toEqual([ACTION_IDS.status, ACTION_IDS.addNote, ACTION_IDS.resolve]);
    expect(latestOf(summary())).toMatch(/<@UBOB> acknowledged the incident/);

    await app.commandInChannel('lead @UCAROL', channel);
    await app.commandInChannel('note failing over to the replica', channel);
    await app.slack.waitFor(() => latestOf(summary())?.includes('failing over to the replica'), 'the note as the latest entry');
    expect(fieldsOf(summary()).Lead).toBe('<@UCAROL>');

    await app.commandInChannel('resolve', channel);
    await app.slack.waitFor(() => fieldsOf(summary()).Status === 'resolved', 'resolved on the summary');
    expect(actionsOf(summary())).toEqual([ACTION_IDS.status, ACTION_IDS.addNote]);
    expect(fieldsOf(summary())['Outage lasted']).toBe('less than a minute');

    await app.commandInChannel('close', channel);
    await app.slack.waitFor(() => fieldsOf(summary()).Status === 'closed', 'closed on the summary');
    expect(actionsOf(summary())).toEqual([]);
    expect(updates()).toBeGreaterThanOrEqual(6);
  });

  test('a failed summary update does not fail the change', async () => {
    app.slack.failNext('chat.update', { error: 'message_not_found' });
    expect(await app.commandInChannel('note still here', channel)).toBeUndefined();
    expect((await app.stored(channel)).timeline.map((e) => e.kind)).toContain('note');
  });
});

describe('summary buttons do what the commands do', () => {
  let app: TestApp;
  let channel: string;
  let summaryTs: string;
  beforeEach(async () => {
    app = await TestApp.start();
    channel = await app.declare('sev2 Search is slow');
    summaryTs = app.slack.pins[0]!.timestamp;
  });
  afterEach(() => app.stop());

  const click = (actionId: string, extra: { user?: string; selected?: string } = {}) =>
    app.click({ actionId, user: extra.user ?? 'UBOB', channel, messageTs: summaryTs, value: '1', ...(extra.selected ? { selected: extra.selected } : {}) });
  const kinds = async () => (await app.stored(channel)).timeline.map((e) => e.kind);

  test("Acknowledge records the clicker, once; a second click gets the command's own answer", async () => {
    const first = await click(ACTION_IDS.acknowledge);
    expect(first.status).toBe(200);
    await app.slack.waitFor(() => app.slack.messagesIn(channel).some((m) => m.text.includes('<@UBOB> acknowledged the incident')), 'the ack entry');
    const stored = await app.stored(channel);
    expect(stored.incident).toMatchObject({ acknowledgedBy: 'UBOB' });
    expect(stored.timeline.filter((e) => e.kind === 'ack')).toEqual([expect.objectContaining({ authorId: 'UBOB' })]);

    const second = await click(ACTION_IDS.acknowledge, { user: 'UCAROL' });
    expect(await app.repliesTo(second.responseId)).toEqual(['<@UBOB> has already acknowledged this incident.']);
    expect((await kinds()).filter((k) => k === 'ack')).toHaveLength(1);
    // The reply is only for the clicker: it does not replace the summary.
    expect(app.slack.responsesTo(second.responseId)[0]).toMatchObject({ response_type: 'ephemeral', replace_original: false });
  });

  test('Update status changes the status; choosing the current one is refused as the command refuses it', async () => {
    await click(ACTION_IDS.status, { selected: 'identified' });
    await app.slack.waitFor(() => app.slack.messagesIn(channel).some((m) => m.text.includes('from investigating to identified')), 'the status entry');
    const again = await click(ACTION_IDS.status, { selected: 'identified' });
    expect(await app.repliesTo(again.responseId)).toEqual(['The status is already *identified*.']);
    expect(app.slack.channels.get(channel)!.topic).toMatch(/identified/);
  });

  test('Resolve resolves', async () => {
    await click(ACTION_IDS.resolve);
    await app.slack.waitFor(() => app.slack.messagesIn(channel).some((m) => m.text.includes('resolved the incident')), 'the resolved entry');
    expect((await app.stored(channel)).incident).toMatchObject({ status: 'resolved' });
  });

  test('Add note opens a form; a valid note is recorded, an empty one is refused inside the form', async () => {
    await click(ACTION_IDS.addNote);
    const view = await app.slack.waitFor(() => app.slack.views[0]?.view, 'the note form');
    expect(view.callback_id).toBe(VIEW_IDS.note);
    expect(app.slack.views[0]!.triggerId).toMatch(/^\d+\.1234\.[0-9a-f]{12}$/);

    const before = await app.snapshot();
    const refused = await app.submitView({ text: '   ', time: '25:00' });
    expect(refused).toEqual({
      status: 200,
      body: {
        response_action: 'errors',
        errors: { text: 'What happened? Write the note.', time: expect.stringMatching(/^"25:00" is not a time I understand/) },
      },
    });
    expect(await app.snapshot()).toEqual(before);

    const accepted = await app.submitView({ text: 'cache hit rate fell to 20%' }, 'UCAROL');
    expect(accepted).toEqual({ status: 200, body: '' });
    await app.slack.waitFor(() => app.slack.messagesIn(channel).some((m) => m.text.includes('cache hit rate fell to 20%')), 'the note');
    expect((await app.stored(channel)).timeline.find((e) => e.kind === 'note')).toMatchObject({ text: 'cache hit rate fell to 20%', authorId: 'UCAROL' });
  });

  test('a button on an incident that is gone gets a clear answer', async () => {
    await app.redis.del(`${app.config.redisPrefix}:channel:${channel}`);
    const { responseId } = await click(ACTION_IDS.acknowledge);
    expect((await app.repliesTo(responseId))[0]).toMatch(/not an incident channel/);
  });
});

describe('the declaration form', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await TestApp.start();
  });
  afterEach(() => app.stop());

  test("/incident start with no title opens the form with the command's trigger_id, prefilled", async () => {
    const result = await app.command('start sev1', { user: 'UALICE' });
    expect(result.ack).toBe('');
    const opened = await app.slack.waitFor(() => app.slack.views[0], 'the declaration form');
    expect(opened.view.callback_id).toBe(VIEW_IDS.declare);
    const severity = (opened.view.blocks as { block_id?: string; element?: { initial_option?: { value: string } } }[]).find((b) => b.block_id === 'severity');
    expect(severity!.element!.initial_option!.value).toBe('sev1');
  });

  test('invalid input is answered inside the form and stores nothing; valid input declares, with the impact', async () => {
    const opened = await app.command('start');
    await app.slack.waitFor(() => app.slack.views[0], 'the declaration form');
    const refused = await app.submitView({ title: 't'.repeat(151), severity: 'sev2', started: 'noonish' });
    expect(refused.body).toEqual({
      response_action: 'errors',
      errors: { title: expect.stringMatching(/the limit is 150/), started: expect.stringMatching(/"noonish" is not a time I understand/) },
    });
    expect(await app.dataKeys()).toEqual([]);
    expect(app.slack.callsTo('conversations.create')).toEqual([]);

    expect((await app.submitView({ title: 'Payments failing', severity: 'sev2', impact: 'Card payments in the EU fail' })).body).toBe('');
    // The answer goes to the person through the command's response_url, as a typed start's would.
    const [reply] = await app.repliesTo(opened.responseId);
    expect(reply).toMatch(/^:rotating_light: Incident #1 \(sev2\) is declared: <#C[A-Z0-9]+>\. You are the lead\.$/);
    const channel = /<#(C[A-Z0-9]+)>/.exec(reply!)![1]!;
    const { incident, timeline } = await app.stored(channel);
    expect(incident).toMatchObject({ title: 'Payments failing', severity: 'sev2', impact: 'Card payments in the EU fail', leadId: 'UALICE' });
    expect(timeline.map((e) => e.kind)).toEqual(['declared', 'summary']);
  });
});

describe('completing the summary after close', () => {
  let app: TestApp;
  let channel: string;
  beforeEach(async () => {
    app = await TestApp.start();
    channel = await app.declare('DB failover');
    await app.commandInChannel('impact orders were delayed', channel);
  });
  afterEach(() => app.stop());

  test('close posts the draft at once, with a button that opens a prefilled form; submitting records and redrafts', async () => {
    await app.commandInChannel('close', channel);
    await app.slack.waitFor(() => app.slack.filesIn(channel).length === 1, 'the first draft');
    const closeMessage = app.slack.messagesIn(channel).find((m) => m.text.includes('closed the incident'))!;
    const button = blocksOf(closeMessage).find((b) => b.accessory)!;
    expect(button.accessory!.action_id).toBe(ACTION_IDS.completeSummary);
    expect(button.text!.text).toBe('The postmortem draft still lacks the root cause, resolution.');

    await app.click({ actionId: ACTION_IDS.completeSummary, user: 'UBOB', channel, messageTs: closeMessage.ts });
    const view = await app.slack.waitFor(() => app.slack.views[0]?.view, 'the summary form');
    const initial = Object.fromEntries(
      (view.blocks as { block_id: string; element: { initial_value?: string } }[]).map((b) => [b.block_id, b.element.initial_value]),
    );
    expect(initial).toEqual({ impact: 'orders were delayed', cause: undefined, resolution: undefined });

    expect((await app.submitView({ impact: '', cause: '' }, 'UBOB')).body).toEqual({
      response_action: 'errors',
      errors: { impact: 'Fill in at least one of impact, root cause and resolution.' },
    });
    expect((await app.submitView({ impact: 'orders were delayed', cause: 'a full WAL disk', resolution: 'failed over' }, 'UBOB')).body).toBe('');
    await app.slack.waitFor(() => app.slack.filesIn(channel).length === 2, 'the regenerated draft');
    const summaries = (await app.stored(channel)).timeline.filter((e) => e.kind === 'summary');
    expect(summaries.map((e) => [e.field, e.text, e.authorId])).toEqual([
      ['impact', 'orders were delayed', 'UALICE'],
      ['cause', 'a full WAL disk', 'UBOB'],
      ['resolution', 'failed over', 'UBOB'],
    ]);
    expect(app.slack.filesIn(channel)[1]!.content).toContain('a full WAL disk');
  });
});

describe('messages captured with a pushpin', () => {
  let app: TestApp;
  let channel: string;
  beforeEach(async () => {
    app = await TestApp.start();
    channel = await app.declare('Queue backlog');
  });
  afterEach(() => app.stop());

  const reaction = (type: 'reaction_added' | 'reaction_removed', ts: string, user: string, author = 'UCAROL') => {
    app.slack.react(channel, ts, 'pushpin', user, type === 'reaction_added');
    return app.sendEvent({ type, user, reaction: 'pushpin', item_user: author, item: { type: 'message', channel, ts }, event_ts: `${Date.now() / 1000}` });
  };
  const captured = async () => (await app.stored(channel)).timeline.filter((e) => e.kind === 'message');
  /** Polls Redis until the timeline holds `count` captured messages (or five seconds pass). */
  const waitForCaptured = async (count: number) => {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const found = await captured();
      if (found.length === count || Date.now() > deadline) return found;
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  test('a pinned message joins the timeline with its own author and time; the pinner is told', async () => {
    const ts = app.slack.writeAsUser(channel, 'UCAROL', 'consumer lag is 2M messages on orders-v2');
    const delivered = await reaction('reaction_added', ts, 'UBOB');
    expect(delivered.status).toBe(200);
    const [entry] = await waitForCaptured(1);
    expect(entry).toMatchObject({ kind: 'message', text: 'consumer lag is 2M messages on orders-v2', authorId: 'UCAROL', messageTs: ts });
    expect(new Date(String(entry!.at)).getTime()).toBe(Math.floor(Number(ts) * 1000));
    await app.slack.waitFor(() => app.slack.ephemerals.length === 1, 'the confirmation');
    expect(app.slack.ephemerals[0]).toMatchObject({
      channel,
      user: 'UBOB',
      text: expect.stringMatching(/^:pushpin: Added <@UCAROL>'s message to the timeline of incident #1\./),
    });
    // The timeline shows it; the channel is not spammed with a copy.
    expect(await app.commandReply('timeline', { channel })).toContain('<@UCAROL> wrote: consumer lag is 2M messages on orders-v2');
    expect(app.slack.messagesIn(channel).filter((m) => m.text.includes('consumer lag'))).toHaveLength(1);
  });

  test('a thread reply can be captured too', async () => {
    const parent = app.slack.writeAsUser(channel, 'UCAROL', 'looking at the consumers');
    const reply = app.slack.writeAsUser(channel, 'UDAN', 'found it: a poison message at offset 1200', parent);
    await reaction('reaction_added', reply, 'UBOB', 'UDAN');
    const [entry] = await waitForCaptured(1);
    expect(entry).toMatchObject({ text: 'found it: a poison message at offset 1200', authorId: 'UDAN' });
    expect(app.slack.callsTo('conversations.replies')).toHaveLength(1);
  });

  test('edits follow the captured message; removing the last pushpin takes it off', async () => {
    const ts = app.slack.writeAsUser(channel, 'UCAROL', 'lag 2M');
    await reaction('reaction_added', ts, 'UBOB');
    await reaction('reaction_added', ts, 'UDAN');
    await app.slack.waitFor(() => app.slack.ephemerals.length === 1, 'one confirmation');
    expect(await waitForCaptured(1)).toHaveLength(1);

    await app.sendEvent({
      type: 'message',
      subtype: 'message_changed',
      hidden: true,
      channel,
      channel_type: 'channel',
      ts: `${Date.now() / 1000}`,
      event_ts: `${Date.now() / 1000}`,
      message: { type: 'message', user: 'UCAROL', text: 'lag 2M, growing 10k/s', ts, edited: { user: 'UCAROL', ts: `${Date.now() / 1000}` } },
      previous_message: { type: 'message', user: 'UCAROL', text: 'lag 2M', ts },
    });
    const deadline = Date.now() + 5_000;
    while ((await captured())[0]?.text !== 'lag 2M, growing 10k/s' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    expect(await captured()).toEqual([expect.objectContaining({ text: 'lag 2M, growing 10k/s', authorId: 'UCAROL', messageTs: ts })]);

    await reaction('reaction_removed', ts, 'UBOB');
    await app.settled();
    expect(await captured()).toHaveLength(1); // UDAN's pushpin still holds it
    await reaction('reaction_removed', ts, 'UDAN');
    expect(await waitForCaptured(0)).toEqual([]);
  });

  test('deleting a captured message removes its entry', async () => {
    const ts = app.slack.writeAsUser(channel, 'UCAROL', 'wrong graph, ignore');
    await reaction('reaction_added', ts, 'UBOB');
    await waitForCaptured(1);
    await app.sendEvent({
      type: 'message',
      subtype: 'message_deleted',
      hidden: true,
      channel,
      channel_type: 'channel',
      ts: `${Date.now() / 1000}`,
      event_ts: `${Date.now() / 1000}`,
      deleted_ts: ts,
      previous_message: { type: 'message', user: 'UCAROL', text: 'wrong graph, ignore', ts },
    });
    expect(await waitForCaptured(0)).toEqual([]);
    expect((await app.stored(channel)).incident.capturedMessages).toEqual({});
  });

  test('a retried delivery of the same event is applied once', async () => {
    const ts = app.slack.writeAsUser(channel, 'UCAROL', 'disk at 97%');
    app.slack.react(channel, ts, 'pushpin', 'UBOB');
    const event = { type: 'reaction_added', user: 'UBOB', reaction: 'pushpin', item_user: 'UCAROL', item: { type: 'message', channel, ts }, event_ts: '1' };
    expect((await app.sendEvent(event, 'Ev0RETRIED')).status).toBe(200);
    expect((await app.sendEvent(event, 'Ev0RETRIED', 1)).status).toBe(200);
    expect((await app.sendEvent(event, 'Ev0RETRIED', 2)).status).toBe(200);
    await waitForCaptured(1);
    await app.settled();
    expect(app.slack.callsTo('conversations.history')).toHaveLength(1);
    expect(app.slack.ephemerals).toHaveLength(1);
    expect(await app.redis.ttl(`${app.config.redisPrefix}:event:Ev0RETRIED`)).toBeGreaterThan(3000);
  });

  test('a redelivery that lands on another replica is not applied again', async () => {
    const replica = await TestApp.start({ slack: app.slack, redisPrefix: app.config.redisPrefix });
    try {
      const ts = app.slack.writeAsUser(channel, 'UCAROL', 'error rate 40%');
      app.slack.react(channel, ts, 'pushpin', 'UBOB');
      const event = { type: 'reaction_added', user: 'UBOB', reaction: 'pushpin', item_user: 'UCAROL', item: { type: 'message', channel, ts }, event_ts: '1' };
      await app.sendEvent(event, 'Ev0ELSEWHERE');
      await replica.sendEvent(event, 'Ev0ELSEWHERE', 1);
      await waitForCaptured(1);
      await Promise.all([app.settled(), replica.settled()]);
      expect(app.slack.callsTo('conversations.history')).toHaveLength(1);
    } finally {
      await replica.stop();
    }
  });

  test("pushpins outside incident channels, on Hotwash's own posts, or other emoji do nothing", async () => {
    app.slack.addChannel('random', 'CRANDOM');
    const elsewhere = app.slack.writeAsUser('CRANDOM', 'UCAROL', 'lunch?');
    app.slack.react('CRANDOM', elsewhere, 'pushpin', 'UBOB');
    await app.sendEvent({
      type: 'reaction_added',
      user: 'UBOB',
      reaction: 'pushpin',
      item_user: 'UCAROL',
      item: { type: 'message', channel: 'CRANDOM', ts: elsewhere },
      event_ts: '1',
    });
    const own = app.slack.messagesIn(channel)[0]!.ts; // the summary
    await reaction('reaction_added', own, 'UBOB', 'UBOT');
    const other = app.slack.writeAsUser(channel, 'UCAROL', 'thanks');
    await app.sendEvent({
      type: 'reaction_added',
      user: 'UBOB',
      reaction: 'thumbsup',
      item_user: 'UCAROL',
      item: { type: 'message', channel, ts: other },
      event_ts: '1',
    });
    await app.settled();
    expect(await captured()).toEqual([]);
    expect(app.slack.ephemerals).toEqual([]);
    expect(app.logger.errors()).toEqual([]);
  });

  test('when Slack fails, the pinner is told, and a redelivery can still apply it', async () => {
    const ts = app.slack.writeAsUser(channel, 'UCAROL', 'replica lag 30s');
    app.slack.react(channel, ts, 'pushpin', 'UBOB');
    const event = { type: 'reaction_added', user: 'UBOB', reaction: 'pushpin', item_user: 'UCAROL', item: { type: 'message', channel, ts }, event_ts: '1' };
    app.slack.failNext('conversations.history', { error: 'ratelimited' });
    await app.sendEvent(event, 'Ev0FAILED');
    await app.slack.waitFor(() => app.slack.ephemerals.length === 1, 'the failure notice');
    expect(app.slack.ephemerals[0]!.text).toMatch(
      /Slack refused `conversations.history` with `ratelimited`.*Remove the :pushpin: and add it again to retry\.$/,
    );
    expect(await captured()).toEqual([]);
    // The claim on the event is given back after the notice, then the failure is logged: redeliver after that.
    await app.slack.waitFor(() => app.logger.lines.some((l) => l.msg === 'handling an event failed'), 'the failed delivery to end');
    await app.sendEvent(event, 'Ev0FAILED', 1);
    expect(await waitForCaptured(1)).toHaveLength(1);
  });

  test('ordinary messages cost no Redis write: only events that can change a timeline are remembered', async () => {
    const ts = app.slack.writeAsUser(channel, 'UCAROL', 'hello');
    await app.sendEvent({ type: 'message', channel, channel_type: 'channel', user: 'UCAROL', text: 'hello', ts, event_ts: ts }, 'Ev0PLAIN');
    await new Promise((r) => setTimeout(r, 200));
    expect((await app.keys()).filter((key) => key.includes(':event:'))).toEqual([]);
  });

  test('url_verification is answered with the challenge', async () => {
    const body = JSON.stringify({ token: 'deprecated-verification-token', challenge: 'c-3po-r2d2', type: 'url_verification' });
    expect(await app.post(body, 'application/json')).toEqual({ status: 200, body: { challenge: 'c-3po-r2d2' } });
  });
});
