import { ManualClock } from '../support/manual-clock';
import { TestApp } from '../support/test-app';

/** Every subcommand, given bad input, answers what was wrong and how to do it right, and stores nothing. */
describe('bad input', () => {
  const clock = new ManualClock('2024-02-05T10:30:00Z');
  let app: TestApp;
  let channel: string;

  beforeAll(async () => {
    app = await TestApp.start({ clock: clock.now });
    channel = await app.declare('sev2 Checkout is down');
    expect(await app.commandInChannel('ack', channel, 'UBOB')).toBeUndefined();
  });
  afterAll(() => app.stop());

  // Refused in the acknowledgement itself: the parser knows at once.
  test.each([
    ['explode', /I don't know the subcommand "explode"\.\n\*Hotwash: incident response in Slack\*/],
    ['start 2024-02-06 10:00 tomorrow', /2024-02-06 10:00 is in the future/],
    [`start ${'t'.repeat(151)}`, /151 characters; the limit is 150\. Use a shorter title/],
    ['note', /Give the note text\.\nUsage: `\/incident note \[time\] <text>`/],
    ['note 24:10 x', /"24:10" is not a time I understand\. Use `HH:MM` \(24-hour\)/],
    [`note ${'n'.repeat(3001)}`, /3,001 characters; the limit is 3,000\. Split it/],
    ['status', /Which status\? Pick one of investigating, identified, monitoring, resolved/],
    ['status fixed', /"fixed" is not a status/],
    ['sev', /Which severity\? Pick sev1 to sev4/],
    ['sev critical', /"critical" is not a severity/],
    ['lead', /Who should lead\?/],
    ['lead bob', /"bob" is not a Slack user I can see/],
    ['lead @channel', /is not a Slack user I can see/],
    ['impact', /The impact needs some text\.\nUsage: `\/incident impact <text>`/],
    ['cause', /The cause needs some text/],
    ['resolution', /The resolution needs some text/],
    ['fix', /What should be improved\?/],
    ['task', /What is the task\?/],
    ['task @UBOB', /What is the task\?/],
    ['ack now', /`ack` takes no arguments/],
    ['resolve rolled back', /`resolve` takes only an optional time\. Record how it was fixed with `\/incident resolution rolled back`/],
    ['resolve 99:99', /not a time I understand/],
    ['close it', /`close` takes no arguments/],
    ['timeline all', /`timeline` takes no arguments/],
    ['list all', /`list` takes no arguments/],
  ])('"/incident %s" is refused in the acknowledgement', async (typed, message) => {
    const before = await app.snapshot();
    const result = await app.command(typed, { channel });
    expect(result.status).toBe(200);
    expect(result.ack).toEqual({ response_type: 'ephemeral', text: expect.stringMatching(message) });
    expect(await app.snapshot()).toEqual(before);
  });

  // Refused after checking the incident: the reply follows through response_url.
  test.each([
    ['status investigating', /The status is already \*investigating\*\./],
    ['sev sev2', /The severity is already \*sev2\*\./],
    ['lead @UALICE', /<@UALICE> is already the lead\./],
    ['ack', /<@UBOB> has already acknowledged this incident\./],
    ['resolve 2024-02-05 09:00', /before the incident started/],
  ])('"/incident %s" is refused by the incident rules', async (typed, message) => {
    const before = await app.snapshot();
    expect(await app.commandReply(typed, { channel })).toMatch(message);
    expect(await app.snapshot()).toEqual(before);
  });

  test.each([
    'note x',
    'status identified',
    'sev sev1',
    'lead @UBOB',
    'impact x',
    'cause x',
    'resolution x',
    'fix x',
    'task x',
    'ack',
    'resolve',
    'close',
    'timeline',
  ])('"/incident %s" outside an incident channel explains and stores nothing', async (typed) => {
    const before = await app.snapshot();
    expect(await app.commandReply(typed, { channel: 'CRANDOM' })).toMatch(/^This channel is not an incident channel\..*\/incident start <title>/);
    expect(await app.snapshot()).toEqual(before);
  });

  test('help works anywhere and lists every subcommand', async () => {
    const reply = await app.commandReply('help', { channel: 'CRANDOM' });
    for (const sub of [
      'start',
      'note',
      'status',
      'sev',
      'lead',
      'impact',
      'cause',
      'resolution',
      'fix',
      'task',
      'ack',
      'resolve',
      'close',
      'timeline',
      'list',
      'help',
    ]) {
      expect(reply).toContain(`\`/incident ${sub}`);
    }
    expect(await app.commandReply('')).toBe(reply);
  });

  test('hostile text cannot make the bot ping a crowd, and mentions stay', async () => {
    const typed = 'note @channel @here @everyone @S0ONCALL look, ask @UBOB <script>alert(1)</script>';
    await app.command(typed, { channel });
    const posted = await app.slack.waitFor(() => app.slack.messagesIn(channel).find((m) => m.text.includes('look, ask')), 'the note');
    expect(posted.text).not.toMatch(/<!(channel|here|everyone|subteam)/);
    expect(posted.text).toContain('@\u200Bchannel @\u200Bhere @\u200Beveryone @\u200Ba user group look, ask <@UBOB> &lt;script&gt;alert(1)&lt;/script&gt;');
  });

  test('a hostile title stays inert in the summary, topic and announcement', async () => {
    const hostile = await app.declare('@channel <b>DB</b> & @S0ONCALL');
    const text = JSON.stringify(app.slack.messagesIn(hostile));
    expect(text).not.toMatch(/<!(channel|subteam)/);
    expect(app.slack.channels.get(hostile)!.name).toBe('inc-20240205-b-db-b');
  });

  test("people's mistakes are answered, not logged as errors", () => {
    expect(app.logger.errors()).toEqual([]);
  });
});
