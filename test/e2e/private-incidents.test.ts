import { TestApp } from '../support/test-app';

/**
 * A private incident leaks nothing outside its channel: its title, timeline text and postmortem
 * appear in no Slack call aimed anywhere else, DMs included (checked over every recorded call).
 */
const POLICY = `
announce_private: true
roles: [commander, scribe]
severities:
  sev1:
    levels:
      - notify: [UONCALL]
        escalate_after: 10m
`;
const SECRET_TITLE = 'Credential leak in payroll export';
const SECRET_NOTE = 'rotating the payroll signing keys';
const SECRET_UPDATE = 'keys rotated, auditors informed';

describe('private incidents', () => {
  test('a private channel, a bare announcement, bare direct messages, and nothing else outside', async () => {
    const app = await TestApp.start({ escalationPolicy: POLICY, announceChannel: 'CANNOUNCE' });
    try {
      const reply = await app.commandReply(`start private sev1 ${SECRET_TITLE}`, { user: 'UALICE', channel: 'CGENERAL' });
      const channel = /<#(C[A-Z0-9]+)>/.exec(reply)![1]!;
      expect(reply).not.toContain(SECRET_TITLE);
      expect(app.slack.callsTo('conversations.create')[0]!.args).toMatchObject({
        is_private: 'true',
        name: expect.stringMatching(/^inc-\d{8}-private-\d{4}$/),
      });
      await app.commandReply('subscribe', { user: 'UCEO', channel }).catch(() => undefined);
      await app.commandInChannel(`note ${SECRET_NOTE}`, channel);
      await app.commandInChannel(`update ${SECRET_UPDATE}`, channel);
      await app.commandInChannel('role scribe @UBOB', channel);
      await app.commandInChannel('close', channel);
      await app.slack.waitFor(() => app.slack.filesIn(channel).length || undefined, 'the postmortem');
      await app.settled();

      // What went outside the channel says only that a private incident exists, and where.
      expect(app.slack.messagesIn('CANNOUNCE').map((m) => m.text)).toEqual([':lock: A private sev1 incident was declared.']);
      const dms = app.slack.messages.filter((m) => m.channel.startsWith('U'));
      expect(dms.map((m) => m.channel).sort()).toEqual(['UCEO', 'UCEO', 'UCEO', 'UONCALL']);
      for (const dm of dms) expect(dm.text).toMatch(/private incident/);

      // And no call at all, aimed anywhere but the incident's channel, carries its secrets.
      const secrets = [SECRET_TITLE, SECRET_NOTE, SECRET_UPDATE, 'payroll'];
      const outside = app.slack.calls.filter((call) => {
        const target = String(call.args.channel ?? call.args.channel_id ?? '');
        return target !== channel && call.method !== 'conversations.create';
      });
      const leaks = outside.filter((call) => secrets.some((secret) => JSON.stringify(call.args).toLowerCase().includes(secret.toLowerCase())));
      expect(leaks.map((call) => `${call.method} → ${String(call.args.channel ?? '')}`)).toEqual([]);

      // /incident list shows it to its channel's members only.
      expect(await app.commandReply('list', { user: 'UOUTSIDER' })).toBe('No open incidents. :sunny:');
    } finally {
      await app.stop();
    }
  });

  test('listed only to the people in its channel; named from outside, it is unknown', async () => {
    const app = await TestApp.start({ escalationPolicy: POLICY });
    try {
      await app.commandReply(`start private sev1 ${SECRET_TITLE}`, { user: 'UALICE' });
      expect(await app.commandReply('list', { user: 'UALICE' })).toContain(SECRET_TITLE);
      expect(await app.commandReply('list', { user: 'UOUTSIDER' })).toBe('No open incidents. :sunny:');
      expect(await app.commandReply('subscribe 1', { user: 'UOUTSIDER' })).toMatch(/not an incident channel/);
    } finally {
      await app.stop();
    }
  });

  test('the declaration form has a Private box, ticked by `start private`', async () => {
    const app = await TestApp.start({ escalationPolicy: POLICY });
    try {
      await app.command('start private sev2');
      const opened = await app.slack.waitFor(() => app.slack.views.at(-1), 'the declaration form');
      expect(JSON.stringify(opened.view.blocks)).toContain(
        '"initial_options":[{"text":{"type":"plain_text","text":"Private: only the people in its channel see anything of it"},"value":"private"}]',
      );
      const { status } = await app.submitView({ title: SECRET_TITLE, severity: 'sev2', private: 'private' });
      expect(status).toBe(200);
      await app.slack.waitFor(() => app.slack.callsTo('conversations.create').length || undefined, 'the channel');
      expect(app.slack.callsTo('conversations.create')[0]!.args).toMatchObject({ is_private: 'true' });
    } finally {
      await app.stop();
    }
  });
});
