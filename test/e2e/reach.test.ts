import { asShown } from '../support/fake-slack';
import { FakeGitHub } from '../support/fake-github';
import { TestApp } from '../support/test-app';

/**
 * Issue 13's whole story in one scripted incident: a stakeholder following only the announcement
 * thread sees every update and the resolution; roles are assigned and shown; every task becomes
 * exactly one tracker issue, linked from the postmortem, through a lost answer mid-export.
 */
describe('one incident, from the outside in', () => {
  test('stakeholders, roles and follow-ups', async () => {
    const github = await new FakeGitHub().start();
    const app = await TestApp.start({
      announceChannel: 'CANNOUNCE',
      escalationPolicy: 'roles: [commander, communications, scribe]\nseverities: {}\n',
      github: { url: github.url, token: github.token, repository: github.repository },
      recovery: { deliveryRetryBaseMs: 50, recoverySweepMs: 200, outboxGraceMs: 1_000 },
    });
    try {
      const channel = await app.declare('sev2 Checkout errors');
      await app.commandInChannel('role communications @UCAROL', channel);
      await app.commandInChannel('role scribe @UDAN', channel);
      await app.commandInChannel('update Checkout fails for some card payments; investigating', channel, 'UCAROL');
      await app.commandInChannel('note the payment gateway times out', channel, 'UDAN');
      await app.commandInChannel('sev sev1', channel);
      await app.commandInChannel('update Gateway failover under way', channel, 'UCAROL');
      await app.commandInChannel('task Alert on gateway timeouts @UDAN', channel);
      await app.commandInChannel('task Add a second payment gateway', channel);
      await app.commandInChannel('resolve', channel);
      github.failNext(502, 1, true); // the first issue is created, but its answer is lost
      await app.commandInChannel('close', channel);
      await app.slack.waitFor(async () => (await app.metrics()).get('hotwash_outbox_depth') === 0 || undefined, 'an empty outbox', 10_000);
      await app.settled();

      // The stakeholder's view: the announcement, kept current, and its thread.
      const announcement = app.slack.messagesIn('CANNOUNCE').find((m) => !m.thread_ts)!;
      const thread = app.slack
        .messagesIn('CANNOUNCE')
        .filter((m) => m.thread_ts === announcement.ts)
        .map((m) => asShown(m.text));
      expect(thread).toEqual([
        expect.stringMatching(/posted a status update: Checkout fails for some card payments; investigating$/),
        expect.stringMatching(/changed the severity from sev2 to sev1$/),
        expect.stringMatching(/posted a status update: Gateway failover under way$/),
        expect.stringMatching(/resolved the incident: service restored$/),
        expect.stringMatching(/closed the incident$/),
      ]);
      expect(thread.join('\n')).not.toContain('payment gateway times out'); // notes stay in the channel
      expect(JSON.stringify(announcement.blocks)).toContain('*closed* · sev1');

      // Roles, on the summary and in the postmortem; one issue per task, linked.
      const summary = app.slack.messagesIn(channel).find((m) => m.ts === app.slack.pins.find((p) => p.channel === channel)?.timestamp)!;
      expect(JSON.stringify(summary.blocks)).toContain('*Communications:*\\n<@UCAROL>');
      expect(github.issues.map((i) => i.title).sort()).toEqual(['Add a second payment gateway', 'Alert on gateway timeouts']);
      await app.command('postmortem', { channel });
      const draft = (await app.slack.waitFor(() => (app.slack.filesIn(channel).length >= 2 ? app.slack.filesIn(channel) : undefined), 'the redraft')).at(-1)!;
      expect(draft.content).toContain('- Roles: communications: UCAROL; scribe: UDAN\n');
      expect(draft.content).toMatch(/- Alert on gateway timeouts \(owner: UDAN\) \(\[#\d\]\(https:\/\/github\.example\.com\/acme\/payments\/issues\/\d\)\)/);
      expect(draft.content).toContain('posted a status update: Gateway failover under way');
    } finally {
      await app.stop();
      await github.stop();
    }
  });
});
