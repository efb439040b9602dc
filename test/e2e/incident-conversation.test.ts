import { asShown } from '../support/fake-slack';
import { ManualClock } from '../support/manual-clock';
import { TestApp } from '../support/test-app';

/**
 * One incident worked from declaration to close through the real HTTP endpoint, checked at
 * the fake Slack (what people saw) and in Redis (what was kept).
 */
describe('a scripted incident conversation', () => {
  const clock = new ManualClock('2024-02-05T10:20:00Z');
  let app: TestApp;
  let channel: string;

  beforeAll(async () => {
    app = await TestApp.start({ clock: clock.now, announceChannel: 'CANNOUNCE' });
  });
  afterAll(() => app.stop());

  const lastMessageIn = (ch: string) => asShown(app.slack.messagesIn(ch).at(-1)?.text ?? '');
  async function runInChannel(typed: string, user = 'UALICE'): Promise<void> {
    expect(await app.commandInChannel(typed, channel, user)).toBeUndefined(); // posted, no error reply
  }

  test('start: opens, names, sets up and announces the channel, and answers with a link', async () => {
    const reply = asShown(await app.commandReply('start sev2 10:00 Checkout is down', { user: 'UALICE', channel: 'CRANDOM' }));
    channel = /<#(C[A-Z0-9]+)>/.exec(reply)![1]!;
    expect(reply).toMatch(/Incident #1 \(sev2\) is declared: <#C[A-Z0-9]+>\. You are the lead\. It started at 10:00 UTC\./);

    const created = app.slack.callsTo('conversations.create');
    expect(created).toHaveLength(1);
    expect(created[0]!.args).toMatchObject({ name: 'inc-20240205-checkout-is-down', is_private: 'false' });
    expect(created[0]!.token).toBe('xoxb-test-token');
    expect(app.slack.callsTo('conversations.invite')[0]!.args).toMatchObject({ channel, users: 'UALICE' });
    expect(app.slack.channels.get(channel)!.topic).toBe('SEV2 · investigating · Checkout is down');

    const [summary] = app.slack.messagesIn(channel);
    expect(summary!.text).toContain('Incident #1: Checkout is down');
    expect(asShown(JSON.stringify(summary!.blocks))).toMatch(/Severity.*sev2.*Status.*investigating.*Lead.*<@UALICE>.*Started.*10:00 UTC/);
    expect(app.slack.pins).toEqual([{ channel, timestamp: summary!.ts }]);
    expect(lastMessageIn('CANNOUNCE')).toMatch(/<@UALICE> declared a sev2 incident: \*Checkout is down\*\. Join <#C[A-Z0-9]+> to help\./);

    const { incident, timeline } = await app.stored(channel);
    expect(incident).toMatchObject({
      id: '1',
      title: 'Checkout is down',
      severity: 'sev2',
      status: 'investigating',
      leadId: 'UALICE',
      declaredBy: 'UALICE',
      startedAt: '2024-02-05T10:00:00.000Z',
      declaredAt: '2024-02-05T10:20:00.000Z',
      channelId: channel,
      channelName: 'inc-20240205-checkout-is-down',
      summaryMessageTs: summary!.ts,
    });
    expect(timeline.map((e) => [e.kind, e.at])).toEqual([
      ['started', '2024-02-05T10:00:00.000Z'],
      ['declared', '2024-02-05T10:20:00.000Z'],
    ]);
  });

  test('notes, backdated and not, are posted with their time and kept', async () => {
    clock.set('2024-02-05T10:25:00Z');
    await runInChannel('note 10:05 Users report errors on /checkout', 'UBOB');
    expect(lastMessageIn(channel)).toBe(':memo: *10:05 UTC* <@UBOB>: Users report errors on /checkout _(backdated; recorded 10:25 UTC)_');
    await runInChannel('note DB CPU at 95% & climbing <see graph>', 'UBOB');
    expect(lastMessageIn(channel)).toBe(':memo: *10:25 UTC* <@UBOB>: DB CPU at 95% &amp; climbing &lt;see graph&gt;');
    const { timeline } = await app.stored(channel);
    expect(timeline.filter((e) => e.kind === 'note')).toEqual([
      expect.objectContaining({
        text: 'Users report errors on /checkout',
        authorId: 'UBOB',
        at: '2024-02-05T10:05:00.000Z',
        recordedAt: '2024-02-05T10:25:00.000Z',
      }),
      expect.objectContaining({ text: 'DB CPU at 95% &amp; climbing &lt;see graph&gt;', at: '2024-02-05T10:25:00.000Z' }),
    ]);
  });

  test('ack, status, sev and lead each land on the timeline by themselves', async () => {
    clock.set('2024-02-05T10:30:00Z');
    await runInChannel('ack', 'UCAROL');
    expect(lastMessageIn(channel)).toBe(':raising_hand: *10:30 UTC* <@UCAROL> acknowledged the incident');
    await runInChannel('status identified');
    expect(lastMessageIn(channel)).toContain('changed the status from investigating to identified');
    await runInChannel('sev sev1');
    expect(lastMessageIn(channel)).toContain('changed the severity from sev2 to sev1');
    expect(app.slack.channels.get(channel)!.topic).toBe('SEV1 · identified · Checkout is down');
    await runInChannel('lead @UBOB');
    expect(lastMessageIn(channel)).toBe(':bust_in_silhouette: *10:30 UTC* <@UALICE> handed the lead from <@UALICE> to <@UBOB>');

    const { incident } = await app.stored(channel);
    expect(incident).toMatchObject({
      status: 'identified',
      severity: 'sev1',
      leadId: 'UBOB',
      acknowledgedBy: 'UCAROL',
      acknowledgedAt: '2024-02-05T10:30:00.000Z',
    });
  });

  test('impact, cause, resolution, fix and task are kept for the postmortem, confirmed to their author, and not posted', async () => {
    clock.set('2024-02-05T11:40:00Z');
    const postsBefore = app.slack.messagesIn(channel).length;
    const confirm = async (typed: string) => app.commandInChannel(typed, channel);
    expect(await confirm('impact Some users could not pay')).toBe(':white_check_mark: Impact recorded for the postmortem; the pinned summary shows it.');
    await confirm('impact About 75% of users could not check out');
    expect(await confirm('cause A load balancer misconfiguration overloaded the database')).toMatch(/^:white_check_mark: Root cause recorded/);
    await confirm('resolution Corrected the LB config and restarted services');
    expect(await confirm('fix Add automated LB health checks')).toBe(':white_check_mark: Fix recorded for the postmortem: Add automated LB health checks');
    expect(await confirm('task Update LB config runbook @UCAROL')).toBe(
      ':white_check_mark: Task recorded for the postmortem: Update LB config runbook (owner: <@UCAROL>)',
    );
    // Six commands, no post in the channel: the pinned summary was updated in place instead.
    expect(app.slack.messagesIn(channel).length).toBe(postsBefore);
    const summary = app.slack.messagesIn(channel).find((m) => m.ts === app.slack.pins.find((p) => p.channel === channel)?.timestamp);
    expect(JSON.stringify(summary!.blocks)).toContain('*Impact:* About 75% of users could not check out');
    expect(asShown(JSON.stringify(summary!.blocks))).toContain('added a task: Update LB config runbook');

    const { incident, timeline } = await app.stored(channel);
    expect(incident).toMatchObject({
      impact: 'About 75% of users could not check out',
      cause: 'A load balancer misconfiguration overloaded the database',
      resolution: 'Corrected the LB config and restarted services',
    });
    expect(timeline.filter((e) => e.kind === 'summary').map((e) => e.field)).toEqual(['impact', 'impact', 'cause', 'resolution']);
    expect(timeline.filter((e) => e.kind === 'fix')).toEqual([expect.objectContaining({ text: 'Add automated LB health checks' })]);
    expect(timeline.filter((e) => e.kind === 'task')).toEqual([expect.objectContaining({ text: 'Update LB config runbook', ownerId: 'UCAROL' })]);
  });

  test('timeline shows everything in time order, to the asker only', async () => {
    const before = app.slack.messages.length;
    const reply = asShown(await app.commandReply('timeline', { channel, user: 'UDAVE' }));
    expect(app.slack.messages.length).toBe(before);
    const lines = reply.split('\n');
    // Each time is in the reader's own zone (a date token); its fallback names the incident's zone.
    expect(lines[0]).toBe('*Timeline of incident #1: Checkout is down*');
    expect(lines.slice(1, 4)).toEqual([
      '• *10:00 UTC* The incident started _(backdated; recorded 10:20 UTC)_',
      '• *10:05 UTC* <@UBOB>: Users report errors on /checkout _(backdated; recorded 10:25 UTC)_',
      '• *10:20 UTC* <@UALICE> declared the incident (sev2): Checkout is down',
    ]);
    expect(lines).toHaveLength(1 + 14);
  });

  test('list shows the open incident', async () => {
    const reply = asShown(await app.commandReply('list', { channel: 'CRANDOM' }));
    expect(reply).toContain('*Open incidents (1)*');
    expect(reply).toContain(`<#${channel}> *#1 Checkout is down*: sev1, identified, lead <@UBOB>, started 10:00 UTC (1 hour 40 minutes ago)`);
  });

  test('resolve ends the outage at its time; close ends the incident', async () => {
    clock.set('2024-02-05T12:05:00Z');
    await runInChannel('resolve 12:00');
    expect(lastMessageIn(channel)).toContain('*12:00 UTC* <@UALICE> resolved the incident: service restored _(backdated; recorded 12:05 UTC)_');
    clock.set('2024-02-05T12:10:00Z');
    await runInChannel('close');
    expect(lastMessageIn(channel)).toBe(':lock: *12:10 UTC* <@UALICE> closed the incident');

    const { incident, timeline } = await app.stored(channel);
    expect(incident).toMatchObject({ status: 'resolved', resolvedAt: '2024-02-05T12:00:00.000Z', closedAt: '2024-02-05T12:10:00.000Z' });
    expect(timeline.at(-1)).toMatchObject({ kind: 'closed' });
    expect(timeline.map((e) => e.seq).sort((a, b) => Number(a) - Number(b))).toEqual([...Array(timeline.length).keys()]);
    expect(await app.redis.smembers(`${app.config.redisPrefix}:incidents:open`)).toEqual([]);
    expect(await app.commandReply('list')).toBe('No open incidents. :sunny:');
  });

  test('after close, changes are refused politely and nothing is stored', async () => {
    const before = await app.snapshot();
    const reply = await app.commandReply('note one more thing', { channel });
    expect(reply).toMatch(/This incident is closed.*\/incident start/);
    expect(await app.snapshot()).toEqual(before);
  });

  test('the timeline survives a restart of the app', async () => {
    const before = await app.commandReply('timeline', { channel });
    await app.stopHotwash();
    await app.startHotwash();
    expect(await app.commandReply('timeline', { channel })).toBe(before);
  });
});

describe('/incident list', () => {
  test('shows the most severe first, and within a severity the one running longest first', async () => {
    const clock = new ManualClock('2024-02-05T10:00:00Z');
    const app = await TestApp.start({ clock: clock.now });
    try {
      await app.declare('sev3 Older minor');
      clock.set('2024-02-05T10:10:00Z');
      await app.declare('sev1 Checkout down');
      clock.set('2024-02-05T10:20:00Z');
      await app.declare('sev3 Newer minor');
      const reply = await app.commandReply('list');
      const order = [...reply.matchAll(/\*#\d+ ([^*]+)\*/g)].map((m) => m[1]);
      expect(order).toEqual(['Checkout down', 'Older minor', 'Newer minor']);
    } finally {
      await app.stop();
    }
  });
});
