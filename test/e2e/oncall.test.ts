import { asShown } from '../support/fake-slack';
import { onCallSchedule, pagingSchedule } from '../support/escalation-fixtures';
import { TestApp } from '../support/test-app';

/** `/incident oncall` and covers, against the real app: who is on call, and who a page reaches. */
const POLICY = `${onCallSchedule('UTC', ['UALICE', 'UBOB'], '1d')}${pagingSchedule('sev1')}`;

describe('on call', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await TestApp.start({ escalationPolicy: POLICY });
  });
  afterEach(() => app.stop());

  test('oncall names who is on call now, until when, and who is next', async () => {
    const reply = asShown(await app.commandReply('oncall'));
    expect(reply).toMatch(/^\*On call now\*\n• \*primary\*: <@U(ALICE|BOB)> until .+ UTC, then <@U(ALICE|BOB)>$/);
  });

  test('a cover takes the turn: listed, recorded on the incidents it affects, and the next page reaches the coverer', async () => {
    const channel = await app.declare('sev1 Checkout down');
    expect(asShown(await app.commandReply('oncall cover primary 2h', { user: 'UCAROL' }))).toMatch(
      new RegExp(`^:busts_in_silhouette: You are on call for \\*primary\\* until .+ UTC\\. Recorded on <#${channel}>\\.$`),
    );
    expect(asShown(await app.commandReply('oncall'))).toMatch(/• \*primary\*: <@UCAROL> \(covering\) until/);
    const { timeline } = await app.stored(channel);
    expect(timeline.filter((e) => e.kind === 'cover')).toEqual([expect.objectContaining({ schedule: 'primary', userId: 'UCAROL', durationMs: 7_200_000 })]);
    // The cover is kept apart from the incidents it is recorded on: its journaled command is let go of, not left to be replayed.
    expect(await app.redis.zcard(`${app.config.redisPrefix}:intake:pending`)).toBe(0);
    await app.command('escalate', { channel, user: 'UDAVE' });
    await app.slack.waitFor(() => app.slack.messages.find((m) => m.channel === 'UCAROL' && /You are paged/.test(m.text)), 'the page to the coverer');
  });

  test('mistakes: an unknown schedule, a bad duration, too long', async () => {
    expect(await app.commandReply('oncall cover secondary 2h')).toBe('There is no schedule "secondary". The schedules are: primary.');
    expect(await app.commandReply('oncall cover primary soon')).toMatch(/^"soon" is not a duration/);
    expect(await app.commandReply('oncall cover primary 200h')).toMatch(/^A cover lasts a week at most/);
    expect(await app.dataKeys()).not.toContain(`${app.config.redisPrefix}:oncall:covers`);
  });
});

describe('the policy checked against Slack at start-up', () => {
  test('IDs Slack does not know are logged once, with where the file names them', async () => {
    const app = await TestApp.start({ escalationPolicy: POLICY.replace('[schedule:primary]', '[schedule:primary, UNOBODY, S0NOGROUP]') });
    try {
      app.slack.addUser({ id: 'UALICE', name: 'alice' });
      const line = await app.slack.waitFor(() => app.logger.lines.find((l) => /names IDs Slack does not know/.test(l.msg)), 'the warning');
      expect(line.level).toBe('warn');
      expect(line.msg).toContain('UNOBODY (severities.sev1.levels[0])');
      expect(line.msg).toContain('S0NOGROUP (severities.sev1.levels[0])');
    } finally {
      await app.stop();
    }
  });
});
