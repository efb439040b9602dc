import { FakeSlack, type PostedMessage } from '../support/fake-slack';
import { uniquePrefix } from '../support/redis';
import { TestApp } from '../support/test-app';

/**
 * Escalation on real BullMQ timers and a real Redis, with one-second levels. These tests check
 * order, exactly-once and what stops paging; how late pages are is measured by
 * bench/escalation-timers.ts, not asserted here.
 */
const POLICY = `
severities:
  sev1:
    levels:
      - notify: [S0ONCALL]
        escalate_after: 1s
      - notify: [ULEAD, UCTO]
        escalate_after: 1s
    repeat: 1
  sev2:
    levels:
      - notify: [USECOND]
        escalate_after: 1s
`;

const isPage = (message: PostedMessage) => /^:rotating_light: (\*Escalation, level|<@U[A-Z0-9]+> escalated to)/.test(message.text);
const levelOf = (message: PostedMessage) => Number(/level (\d+) of/.exec(message.text)![1]);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('escalation', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await TestApp.start({ escalationPolicy: POLICY });
    app.slack.userGroups.set('S0ONCALL', ['UONCALL1', 'UONCALL2']);
  });
  afterEach(() => app.stop());

  const pagesIn = (channel: string) => app.slack.messagesIn(channel).filter(isPage);
  const waitForPages = (channel: string, count: number, timeoutMs = 10_000) =>
    app.slack.waitFor(() => (pagesIn(channel).length >= count ? pagesIn(channel) : undefined), `${count} page(s)`, timeoutMs);

  test('levels are paged in order, each after the previous had its time, repeated, then it stops and says so', async () => {
    const channel = await app.declare('sev1 Checkout down');
    const pages = await waitForPages(channel, 4);
    await sleep(1_500); // time enough for a fifth page, if one were wrongly due
    expect(pagesIn(channel).map(levelOf)).toEqual([1, 2, 1, 2]);
    // Spacing is a property of when pages are recorded (sent); delivery to Slack adds its own jitter.
    const pagedAt = (await app.stored(channel)).timeline.filter((e) => e.kind === 'page').map((e) => Date.parse(String(e.at)));
    for (let i = 1; i < pagedAt.length; i += 1) expect(pagedAt[i]! - pagedAt[i - 1]!).toBeGreaterThanOrEqual(950);
    expect(pages[0]!.text).toBe(
      ':rotating_light: *Escalation, level 1 of 2*: <!subteam^S0ONCALL>, incident #1 (sev1) *Checkout down* has not been acknowledged.\n' +
        'Type `/incident ack` in this channel to take it.',
    );
    expect(pages[1]!.text).toContain('<@ULEAD> <@UCTO>');
    expect(pages[3]!.text).toContain('That was the last level of the escalation policy: no more automatic pages.');

    const invited = app.slack.callsTo('conversations.invite').filter((c) => c.args.channel === channel && c.args.force === 'true');
    expect(invited.map((c) => c.args.users)).toEqual(['UONCALL1,UONCALL2', 'ULEAD,UCTO', 'UONCALL1,UONCALL2', 'ULEAD,UCTO']);
    const { timeline, incident } = await app.stored(channel);
    expect(timeline.filter((e) => e.kind === 'page').map((e) => [e.level, e.trigger, e.authorId])).toEqual([
      [1, 'timer', 'UBOT'],
      [2, 'timer', 'UBOT'],
      [1, 'timer', 'UBOT'],
      [2, 'timer', 'UBOT'],
    ]);
    expect(incident.escalation).toMatchObject({ state: 'exhausted', nextStep: 4 });
  });

  test('ack stops paging', async () => {
    const channel = await app.declare('sev1 Checkout down');
    await waitForPages(channel, 1);
    expect(await app.commandInChannel('ack', channel, 'UONCALL1')).toBeUndefined();
    await sleep(2_500);
    expect(pagesIn(channel)).toHaveLength(1);
    expect((await app.stored(channel)).incident.escalation).toMatchObject({ state: 'acknowledged' });
  });

  test.each(['resolve', 'close'])('%s stops every timer', async (command) => {
    const channel = await app.declare('sev1 Checkout down');
    await waitForPages(channel, 1);
    expect(await app.commandInChannel(command, channel)).toBeUndefined();
    await sleep(2_500);
    expect(pagesIn(channel)).toHaveLength(1);
  });

  test('escalate pages the next level now, and the timers carry on from there', async () => {
    const channel = await app.declare('sev1 Checkout down');
    await waitForPages(channel, 1);
    await app.command('escalate', { channel, user: 'UONCALL1' });
    const [, manual] = await waitForPages(channel, 2);
    expect(manual!.text).toMatch(/^:rotating_light: <@UONCALL1> escalated to \*level 2 of 2\*: <@ULEAD> <@UCTO>, please help/);
    const [, , next] = await waitForPages(channel, 3);
    expect(levelOf(next!)).toBe(1);
    expect(next!.receivedAt - manual!.receivedAt).toBeGreaterThanOrEqual(950);
  });

  test('raising the severity of an unacknowledged incident restarts at level 1 of the new policy', async () => {
    const channel = await app.declare('sev2 Checkout slow');
    await waitForPages(channel, 1);
    expect(pagesIn(channel)[0]!.text).toContain('<@USECOND>');
    expect(await app.commandInChannel('sev sev1', channel)).toBeUndefined();
    const pages = await waitForPages(channel, 2);
    expect(pages[1]!.text).toContain('*Escalation, level 1 of 2*: <!subteam^S0ONCALL>');
    expect((await app.stored(channel)).incident.escalation).toMatchObject({ run: 1 });
  });

  test('a severity with no levels pages nobody and says so when declared', async () => {
    const channel = await app.declare('sev3 Slow reports');
    const notice = await app.slack.waitFor(() => app.slack.messagesIn(channel).find((m) => m.text.includes('nobody will be paged')), 'the notice');
    expect(notice.text).toContain('The escalation policy has no levels for sev3, so nobody will be paged automatically.');
    expect(await app.commandReply('escalate', { channel })).toMatch(/There is no escalation policy for sev3/);
    await sleep(1_500);
    expect(pagesIn(channel)).toEqual([]);
  });

  test('a timer whose incident was deleted from Redis by hand does nothing and fails no job', async () => {
    const channel = await app.declare('sev1 Deleted by hand');
    await waitForPages(channel, 1); // level 1 is paged at once; level 2 is due a second later
    const { incident } = await app.stored(channel);
    const p = app.config.redisPrefix;
    await app.redis.del(`${p}:incident:${incident.id}`, `${p}:incident:${incident.id}:timeline`, `${p}:channel:${channel}`);
    await app.redis.srem(`${p}:incidents:open`, String(incident.id));
    await sleep(2_000); // level 2 fell due a second ago
    expect(pagesIn(channel).map(levelOf)).toEqual([1]);
    expect(await app.redis.zcard(`${p}:escalation:failed`)).toBe(0);
    expect(app.logger.errors()).toEqual([]);
  });

  test('100 incidents declared at once each page level 2 exactly once', async () => {
    const noRepeat = await TestApp.start({ escalationPolicy: POLICY.replace('    repeat: 1\n', '') });
    try {
      const declared = await Promise.all(Array.from({ length: 100 }, (_, i) => noRepeat.declare(`sev1 Load test ${i}`)));
      const pages = (channel: string) => noRepeat.slack.messagesIn(channel).filter(isPage);
      await noRepeat.slack.waitFor(() => declared.every((channel) => pages(channel).length >= 2), 'level 2 in all 100 channels', 20_000);
      await sleep(1_500); // a duplicate would have arrived by now
      // Exactly once each; under load a retried level 1 may land after level 2 (docs/reliability.md).
      for (const channel of declared) expect(pages(channel).map(levelOf).sort()).toEqual([1, 2]);
    } finally {
      await noRepeat.stop();
    }
  }, 60_000);
});

describe('two replicas on one Redis', () => {
  test('page each step exactly once', async () => {
    const slack = await new FakeSlack().start();
    const redisPrefix = uniquePrefix('replicas');
    const first = await TestApp.start({ escalationPolicy: POLICY, slack, redisPrefix });
    const second = await TestApp.start({ escalationPolicy: POLICY, slack, redisPrefix });
    try {
      slack.userGroups.set('S0ONCALL', ['UONCALL1']);
      const channels = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? first : second).declare(`sev1 Replica test ${i}`)));
      await slack.waitFor(() => channels.every((c) => slack.messagesIn(c).filter(isPage).length >= 4), '4 pages in each channel', 20_000);
      await sleep(1_500);
      for (const channel of channels) expect(slack.messagesIn(channel).filter(isPage).map(levelOf)).toEqual([1, 2, 1, 2]);
    } finally {
      await first.stop();
      await second.stop();
      await slack.stop();
    }
  }, 60_000);
});
