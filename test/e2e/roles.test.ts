import { ACTION_IDS } from '../../src/slack/interaction-ids';
import { TestApp } from '../support/test-app';

/** Roles from the policy file: assigned, shown, invited, listed in the postmortem; taken from the summary. */
const POLICY = 'roles: [commander, communications, scribe]\nseverities: {}\n';

describe('roles', () => {
  let app: TestApp;
  let channel: string;
  beforeEach(async () => {
    app = await TestApp.start({ escalationPolicy: POLICY });
    channel = await app.declare('sev2 Payments failing');
  });
  afterEach(() => app.stop());

  const summary = () => app.slack.messagesIn(channel).find((m) => m.ts === app.slack.pins.find((p) => p.channel === channel)?.timestamp)!;

  test('a role is given, shown on the summary, its holder invited; commander is the lead; the postmortem lists them', async () => {
    expect(await app.commandInChannel('role communications @UCAROL', channel)).toBeUndefined();
    expect(app.slack.messagesIn(channel).at(-1)!.text).toMatch(/<@UALICE> gave the communications role to <@UCAROL>$/);
    expect(app.slack.callsTo('conversations.invite').some((c) => c.args.users === 'UCAROL')).toBe(true);
    await app.slack.waitFor(() => JSON.stringify(summary().blocks).includes('*Communications:*\\n<@UCAROL>') || undefined, 'the role on the summary');
    await app.commandInChannel('role commander @UBOB', channel);
    expect((await app.stored(channel)).incident.leadId).toBe('UBOB');
    expect(await app.commandReply('role mascot @UDAN', { channel })).toBe(
      'There is no role "mascot". The roles are: commander, communications, scribe (the policy file\'s `roles:` lists them).',
    );
    expect(await app.commandReply('role commander', { channel })).toMatch(/^The incident always has a commander/);
    await app.commandInChannel('role communications', channel);
    expect((await app.stored(channel)).incident.roles).toEqual({});
    await app.commandInChannel('role scribe @UDAN', channel);
    await app.command('postmortem', { channel });
    const [file] = await app.slack.waitFor(() => (app.slack.filesIn(channel).length ? app.slack.filesIn(channel) : undefined), 'the draft');
    expect(file!.content).toContain('- Roles: scribe: UDAN\n');
  });

  test('"Take a role" on the summary offers the empty roles, and picking one takes it', async () => {
    await app.commandInChannel('role communications @UCAROL', channel);
    await app.settled();
    const blocks = JSON.stringify(summary().blocks);
    expect(blocks).toContain(ACTION_IDS.takeRole);
    expect(blocks).toContain('"value":"scribe"');
    expect(blocks).not.toContain('"value":"communications"');
    await app.click({ actionId: ACTION_IDS.takeRole, user: 'UERIN', channel, messageTs: summary().ts, selected: 'scribe' });
    await app.settled();
    expect((await app.stored(channel)).incident.roles).toEqual({ communications: 'UCAROL', scribe: 'UERIN' });
  });
});
