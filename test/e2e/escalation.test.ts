import { ACTION_IDS } from '../../src/slack/interaction-ids';
import { isPage, levelOf, ONE_SECOND_POLICY } from '../support/escalation-fixtures';
import { TestApp } from '../support/test-app';

/**
 * Escalation on real BullMQ timers and a real Redis, with one-second levels. These tests check
 * order, exactly-once and what stops paging; how late pages are is measured by
 * bench/escalation-timers.ts, not asserted here. That a stale timer does nothing when it fires is
 * shown on a controlled clock in test/service/escalation-timers.test.ts; here, that no timer is
 * left to fire. Load and two replicas: escalation-load.slow.test.ts.
 */
const POLICY = ONE_SECOND_POLICY;

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
    await app.slack.waitFor(async () => (await app.pendingTimers()).length === 0 || undefined, 'no timer left');
    expect(pagesIn(channel).map(levelOf)).toEqual([1, 2, 1, 2]);
    // Spacing is a property of when pages are recorded (sent); delivery to Slack adds its own jitter.
    const pagedAt = (await app.stored(channel)).timeline.filter((e) => e.kind === 'page').map((e) => Date.parse(String(e.at)));
    for (let i = 1; i < pagedAt.length; i += 1) expect(pagedAt[i]! - pagedAt[i - 1]!).toBeGreaterThanOrEqual(950);
    expect(pages[0]!.text).toBe(
      ':rotating_light: *Paging level 1 of 2*: <!subteam^S0ONCALL>, incident #1 (sev1) *Checkout down* needs someone to take it.\n' +
        'Type `/incident ack` in this channel to take it.',
    );
    expect(pages[1]!.text).toContain('<@ULEAD> <@UCTO>');
    // Level 1 again, in the repeat: now it has gone unanswered.
    expect(pages[2]!.text).toMatch(/^:rotating_light: \*Escalation, level 1 of 2\*: .* has not been acknowledged\./);
    expect(pages[3]!.text).toContain('That was the last level of the escalation policy: no more automatic pages.');

    // Each page's invitation follows it once the timers' posts have paused (the background lane).
    const invitesIn = () => app.slack.callsTo('conversations.invite').filter((c) => c.args.channel === channel && c.args.force === 'true');
    const invited = await app.slack.waitFor(() => (invitesIn().length >= 4 ? invitesIn() : undefined), '4 invitations');
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

  test('each paged person gets a direct message whose Acknowledge button takes the incident, as /incident ack does', async () => {
    const channel = await app.declare('sev1 Checkout down');
    const dms = await app.slack.waitFor(() => {
      const found = app.slack.messages.filter((m) => m.channel.startsWith('UONCALL') && /You are paged/.test(m.text));
      return found.length >= 2 ? found : undefined;
    }, 'a direct page to each member of the group');
    expect(dms.map((m) => m.channel).sort()).toEqual(['UONCALL1', 'UONCALL2']);
    expect(dms[0]!.text).toBe(`:rotating_light: You are paged (level 1 of 2): incident #1 (sev1) *Checkout down* in <#${channel}>.`);
    const button = JSON.stringify(dms[0]!.blocks);
    expect(button).toContain(`"action_id":"${ACTION_IDS.acknowledgePage}"`);
    expect(button).toContain(`"value":"${channel}"`);
    // The channel's page carries the same button.
    expect(JSON.stringify(pagesIn(channel)[0]!.blocks)).toContain(ACTION_IDS.acknowledgePage);

    const { responseId } = await app.click({
      actionId: ACTION_IDS.acknowledgePage,
      user: 'UONCALL2',
      channel: 'D0DIRECT',
      messageTs: dms[0]!.ts,
      value: channel,
    });
    expect(await app.repliesTo(responseId)).toEqual([`:white_check_mark: You acknowledged the incident in <#${channel}>: paging has stopped.`]);
    expect((await app.stored(channel)).incident).toMatchObject({ acknowledgedBy: 'UONCALL2' });
    expect(await app.pendingTimers()).toEqual([]);
  });

  test('a user group Slack does not know is said in the channel, not paged in silence', async () => {
    app.slack.userGroups.delete('S0ONCALL');
    const channel = await app.declare('sev1 Checkout down');
    const notice = await app.slack.waitFor(() => app.slack.messagesIn(channel).find((m) => /could not page/.test(m.text)), 'the notice');
    expect(notice.text).toMatch(/^:warning: Hotwash could not page <!subteam\^S0ONCALL> directly/);
  });

  test('ack stops paging', async () => {
    const channel = await app.declare('sev1 Checkout down');
    await waitForPages(channel, 1);
    expect(await app.pendingTimers()).toEqual(['page-1-0-1']); // incident 1, run 0, step 1: level 2
    expect(await app.commandInChannel('ack', channel, 'UONCALL1')).toBeUndefined();
    expect(await app.pendingTimers()).toEqual([]);
    expect(pagesIn(channel)).toHaveLength(1);
    expect((await app.stored(channel)).incident.escalation).toMatchObject({ state: 'acknowledged' });
  });

  test.each(['resolve', 'close'])('%s stops every timer', async (command) => {
    const channel = await app.declare('sev1 Checkout down');
    await waitForPages(channel, 1);
    expect(await app.commandInChannel(command, channel)).toBeUndefined();
    expect(await app.pendingTimers()).toEqual([]);
    expect(pagesIn(channel)).toHaveLength(1);
  });

  test('escalate pages the next level now, and the timers carry on from there', async () => {
    const channel = await app.declare('sev1 Checkout down');
    await waitForPages(channel, 1);
    // The next level's timer starts when the escalation is carried out, which is after it was
    // sent; the manual page itself may reach Slack a little later, so it is not the measure.
    const escalatedAt = Date.now();
    await app.command('escalate', { channel, user: 'UONCALL1' });
    const [, manual] = await waitForPages(channel, 2);
    expect(manual!.text).toMatch(/^:rotating_light: <@UONCALL1> escalated to \*level 2 of 2\*: <@ULEAD> <@UCTO>, please help/);
    const [, , next] = await waitForPages(channel, 3);
    expect(levelOf(next!)).toBe(1);
    expect(next!.receivedAt - escalatedAt).toBeGreaterThanOrEqual(1000);
  });

  test('raising the severity of an unacknowledged incident restarts at level 1 of the new policy', async () => {
    const channel = await app.declare('sev2 Checkout slow');
    await waitForPages(channel, 1);
    expect(pagesIn(channel)[0]!.text).toContain('<@USECOND>');
    expect(await app.commandInChannel('sev sev1', channel)).toBeUndefined();
    const pages = await waitForPages(channel, 2);
    expect(pages[1]!.text).toContain('*Paging level 1 of 2*: <!subteam^S0ONCALL>');
    expect((await app.stored(channel)).incident.escalation).toMatchObject({ run: 1 });
  });

  test('a severity with no levels pages nobody and says so when declared', async () => {
    const channel = await app.declare('sev3 Slow reports');
    const notice = await app.slack.waitFor(() => app.slack.messagesIn(channel).find((m) => m.text.includes('nobody will be paged')), 'the notice');
    expect(notice.text).toContain('The escalation policy has no levels for sev3, so nobody will be paged automatically.');
    expect(await app.commandReply('escalate', { channel })).toMatch(/There is no escalation policy for sev3/);
    expect(await app.pendingTimers()).toEqual([]);
    expect(pagesIn(channel)).toEqual([]);
  });

  test('a timer whose incident was deleted from Redis by hand does nothing and fails no job', async () => {
    const channel = await app.declare('sev1 Deleted by hand');
    await waitForPages(channel, 1); // level 1 is paged at once; level 2 is due a second later
    const { incident } = await app.stored(channel);
    const p = app.config.redisPrefix;
    await app.redis.del(`${p}:incident:${incident.id}`, `${p}:incident:${incident.id}:timeline`, `${p}:channel:${channel}`);
    await app.redis.srem(`${p}:incidents:open`, String(incident.id));
    // Level 2 falls due a second after level 1, runs, and finds nothing to page.
    await app.slack.waitFor(async () => (await app.pendingTimers()).length === 0 || undefined, 'the level-2 timer to run', 5_000);
    expect(pagesIn(channel).map(levelOf)).toEqual([1]);
    expect(await app.redis.zcard(`${p}:escalation:failed`)).toBe(0);
    expect(app.logger.errors()).toEqual([]);
  });
});
