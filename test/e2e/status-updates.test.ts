import { ACTION_IDS, VIEW_IDS } from '../../src/slack/interaction-ids';
import { asShown } from '../support/fake-slack';
import { TestApp } from '../support/test-app';

/** Status updates reach stakeholders under the announcement, which follows the incident's arc. */
describe('status updates', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await TestApp.start({ announceChannel: 'CANNOUNCE' });
  });
  afterEach(() => app.stop());

  const announcement = () => app.slack.messagesIn('CANNOUNCE').find((m) => !m.thread_ts)!;
  const thread = () => app.slack.messagesIn('CANNOUNCE').filter((m) => m.thread_ts === announcement().ts);

  test('an update is posted in the channel and in the announcement thread, on the summary and the announcement, and in the postmortem', async () => {
    const channel = await app.declare('sev2 Payments failing');
    expect(await app.commandInChannel('update Card payments failing for about 30% of customers; mitigation under way', channel, 'UBOB')).toBeUndefined();
    expect(app.slack.messagesIn(channel).at(-1)!.text).toMatch(/^:loudspeaker: \*.+\* <@UBOB> posted a status update: Card payments failing/);
    await app.slack.waitFor(() => thread().length === 1 || undefined, 'the update in the thread');
    expect(thread()[0]!.text).toMatch(/posted a status update: Card payments failing/);
    expect(asShown(JSON.stringify(announcement().blocks))).toMatch(
      /\*investigating\* · sev2 · lead <@UALICE>\\n\*Latest update\* \(.+\): Card payments failing/,
    );
    const summary = app.slack.messagesIn(channel).find((m) => m.ts === app.slack.pins.find((p) => p.channel === channel)?.timestamp)!;
    expect(JSON.stringify(summary.blocks)).toContain('*Latest update* (<@UBOB>');

    // Severity, resolution and close follow in the thread; the announcement says closed.
    await app.commandInChannel('sev sev1', channel);
    await app.commandInChannel('resolve', channel);
    await app.commandInChannel('close', channel);
    await app.slack.waitFor(() => thread().length === 4 || undefined, 'four replies in the thread');
    expect(thread().map((m) => m.text.split(' ')[0])).toEqual([':loudspeaker:', ':thermometer:', ':white_check_mark:', ':lock:']);
    await app.settled();
    expect(JSON.stringify(announcement().blocks)).toContain('*closed* · sev1');
    const [file] = app.slack.filesIn(channel);
    expect(file!.content).toContain('posted a status update: Card payments failing');
  });

  test('an update needs text', async () => {
    const channel = await app.declare('Payments failing');
    expect(await app.commandReply('update', { channel })).toMatch(/^What should stakeholders hear\? Give the update text\.\nUsage: `\/incident update <text>`/);
  });
});

describe('subscribers', () => {
  test('hear of every update and the resolution by direct message, until they unsubscribe', async () => {
    const app = await TestApp.start();
    try {
      const channel = await app.declare('sev2 Payments failing');
      expect(await app.commandReply('subscribe 1', { user: 'UCEO', channel: 'CRANDOM' })).toBe(
        `:bell: You will hear of every update of incident #1 (<#${channel}>), and its resolution, by direct message.`,
      );
      expect(await app.commandReply('subscribe', { user: 'UCEO', channel })).toBe('You already hear of every update of this incident by direct message.');
      await app.commandInChannel('update Failover in progress', channel);
      await app.commandInChannel('resolve', channel);
      const dms = () => app.slack.messages.filter((m) => m.channel === 'UCEO');
      await app.slack.waitFor(() => dms().length === 2 || undefined, 'two direct messages');
      expect(dms().map((m) => m.text)).toEqual([
        expect.stringMatching(/^Incident #1 \(<#C[A-Z0-9]+>\): :loudspeaker: .+ posted a status update: Failover in progress$/),
        expect.stringMatching(/^Incident #1 \(<#C[A-Z0-9]+>\): :white_check_mark: .+ resolved the incident/),
      ]);
      expect(await app.commandReply('unsubscribe', { user: 'UCEO', channel })).toMatch(/^:no_bell: You will no longer hear of incident #1/);
      await app.commandInChannel('close', channel);
      await app.settled();
      expect(dms()).toHaveLength(2);
      expect(await app.commandReply('subscribe 99', { user: 'UCEO' })).toMatch(/not an incident channel/);
    } finally {
      await app.stop();
    }
  });
});

describe('the status-update reminder', () => {
  test('asks for an update when none came for remind_every, and its button opens the update form', async () => {
    const app = await TestApp.start({ escalationPolicy: 'severities:\n  sev2:\n    levels: []\n    remind_every: 1s\n' });
    try {
      const channel = await app.declare('sev2 Payments failing');
      await app.commandInChannel('note looking at the replicas', channel); // a note does not put the reminder off
      const reminder = await app.slack.waitFor(() => app.slack.messagesIn(channel).find((m) => /no status update/.test(m.text)), 'the reminder', 5_000);
      expect(reminder.text).toMatch(
        /has had no status update for less than a minute\. <@UALICE>, tell stakeholders where things stand with `\/incident update <text>`\./,
      );
      const { status } = await app.click({ actionId: ACTION_IDS.postUpdate, user: 'UALICE', channel, messageTs: reminder.ts, value: channel });
      expect(status).toBe(200);
      const view = await app.slack.waitFor(() => app.slack.views.at(-1), 'the update form');
      expect(view.view.callback_id).toBe(VIEW_IDS.update);
      expect((await app.submitView({ text: '' })).body).toMatchObject({
        response_action: 'errors',
        errors: { text: expect.stringMatching(/Where do things stand/) },
      });
      expect((await app.submitView({ text: 'Failover done; error rate back to normal' })).status).toBe(200);
      await app.slack.waitFor(() => app.slack.messagesIn(channel).some((m) => /posted a status update: Failover done/.test(m.text)) || undefined, 'the update');
    } finally {
      await app.stop();
    }
  });
});
