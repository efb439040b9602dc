import { ALERT_TOKEN, alertmanagerPayload, pagerDutyEvent } from '../support/alert-payloads';
import { asShown } from '../support/fake-slack';
import { onCallSchedule, pagingSchedule } from '../support/escalation-fixtures';
import { TestApp } from '../support/test-app';
import { ThrowawayRedis } from '../support/redis-server';

/**
 * Alerts over real HTTP, into the real app: Alertmanager's webhook and the PagerDuty Events API
 * v2. An alert group declares one incident, exactly as /incident start would, and later
 * notifications add only what changed.
 */
const POLICY = `${onCallSchedule('UTC', ['UONCALL'])}alerts:
  max_new_per_minute: 3
${pagingSchedule('sev1', 'sev2')}`;

describe('alert intake', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await TestApp.start({ alertToken: ALERT_TOKEN, escalationPolicy: POLICY, announceChannel: 'CANNOUNCE' });
  });
  afterEach(() => app.stop());

  const post = async (path: string, body: unknown, headers: Record<string, string> = { Authorization: `Bearer ${ALERT_TOKEN}` }) => {
    const res = await fetch(`${app.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };
  const alertmanager = (body: unknown) => post('/alerts/alertmanager', body);
  const pagerduty = (body: unknown) => post('/alerts/pagerduty/v2/enqueue', body, {});
  const incidents = async () => (await app.redis.smembers(`${app.config.redisPrefix}:incidents:open`)).sort();
  const channelOf = async (id: string) => JSON.parse((await app.redis.hget(`${app.config.redisPrefix}:incident:${id}`, 'data'))!).channelId as string;
  const alertEntries = async (channel: string) =>
    (await app.stored(channel)).timeline.filter((e) => e.kind === 'alert').map((e) => `${e.name} ${e.status}${e.group ? ' (group)' : ''}`);

  test('a firing group declares one incident as /incident start would, pages whoever is on call directly, and links the alert', async () => {
    expect(await alertmanager(alertmanagerPayload())).toEqual({ status: 202, body: { status: 'success' } });
    await app.settled();
    expect(await incidents()).toEqual(['1']);
    const channel = await channelOf('1');
    const { incident, timeline } = await app.stored(channel);
    expect(incident).toMatchObject({ title: 'Payments API error rate above 5%', severity: 'sev1', declaredBy: 'UBOT', leadId: 'UBOT' });
    expect(timeline.map((e) => e.kind)).toEqual(['declared', 'alert', 'page']);
    expect(app.slack.channels.get(channel)!.topic).toBe('SEV1 · investigating · Payments API error rate above 5%');
    expect(app.slack.messagesIn('CANNOUNCE').at(-1)!.text).toMatch(/^:rotating_light: An alert from Alertmanager declared a sev1 incident/);
    const dm = await app.slack.waitFor(() => app.slack.messages.find((m) => m.channel === 'UONCALL' && /You are paged/.test(m.text)), 'the direct page');
    expect(dm.text).toContain('*Payments API error rate above 5%*');
    const summary = app.slack.messagesIn(channel).find((m) => m.ts === app.slack.pins.find((p) => p.channel === channel)?.timestamp)!;
    expect(asShown(JSON.stringify(summary.blocks))).toContain(
      'Declared by Alertmanager; the alert is firing · <http://prometheus:9090/graph?g0.expr=rate%28errors%5B5m%5D%29|Source> · <https://runbooks.example.com/payments-errors|Runbook>',
    );
    expect((await app.metrics()).get('hotwash_alert_notifications_total{source="alertmanager",outcome="declared"}')).toBe(1);
    // The timeline links the alert too, and so does the postmortem drafted from it.
    await app.command('postmortem', { channel });
    const [file] = await app.slack.waitFor(() => (app.slack.filesIn(channel).length ? app.slack.filesIn(channel) : undefined), 'the draft');
    expect(file!.content).toContain(
      'declared the incident (sev1) from Alertmanager: Payments API error rate above 5% ([Source](http://prometheus:9090/graph?g0.expr=rate%28errors%5B5m%5D%29), [Runbook](https://runbooks.example.com/payments-errors))',
    );
  });

  test('the same notification again, from every HA peer at once, changes nothing; later ones add only what changed', async () => {
    const first = alertmanagerPayload();
    const peers = [first, { ...first, externalURL: 'http://alertmanager-1:9093' }, { ...first, externalURL: 'http://alertmanager-2:9093' }];
    const answers = await Promise.all(peers.map(alertmanager));
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202]);
    await app.settled();
    expect(await incidents()).toEqual(['1']);
    const channel = await channelOf('1');
    expect(await alertEntries(channel)).toEqual(['HighErrorRate firing']);

    // A second instance starts firing; the first resolves; then the whole group resolves.
    await alertmanager(
      alertmanagerPayload({
        alerts: [
          { fingerprint: 'a1b2c3', status: 'firing' },
          { fingerprint: 'd4e5f6', status: 'firing' },
        ],
      }),
    );
    await alertmanager(
      alertmanagerPayload({
        alerts: [
          { fingerprint: 'a1b2c3', status: 'resolved' },
          { fingerprint: 'd4e5f6', status: 'firing' },
        ],
      }),
    );
    const groupResolved = alertmanagerPayload({
      status: 'resolved',
      alerts: [
        { fingerprint: 'a1b2c3', status: 'resolved' },
        { fingerprint: 'd4e5f6', status: 'resolved' },
      ],
    });
    await alertmanager(groupResolved);
    await alertmanager(groupResolved); // delivered again: nothing new
    await app.settled();
    expect(await incidents()).toEqual(['1']);
    expect(await alertEntries(channel)).toEqual([
      'HighErrorRate firing',
      'HighErrorRate firing',
      'HighErrorRate resolved',
      'HighErrorRate resolved',
      'Payments API error rate above 5% resolved (group)',
    ]);
    // People decide: without auto_resolve the incident stays open, and the channel is told.
    expect((await app.stored(channel)).incident.status).toBe('investigating');
    expect(app.slack.messagesIn(channel).some((m) => /the alert group resolved/.test(m.text))).toBe(true);
  });

  test('after its incident is closed, the group firing again declares a new incident that links the previous one', async () => {
    await alertmanager(alertmanagerPayload());
    await app.settled();
    await app.commandInChannel('close', await channelOf('1'));
    await alertmanager(alertmanagerPayload({ alerts: [{ fingerprint: 'a1b2c3', status: 'firing', startsAt: '2026-11-26T12:00:00Z' }] }));
    await app.settled();
    expect(await incidents()).toEqual(['2']);
    expect((await app.stored(await channelOf('2'))).incident.alert).toMatchObject({ previousIncidentId: '1' });
  });

  test('PagerDuty Events v2: trigger, acknowledge and resolve, answered as PagerDuty answers', async () => {
    expect(await pagerduty(pagerDutyEvent())).toEqual({ status: 202, body: { status: 'success', message: 'Event processed', dedup_key: 'checkout-latency' } });
    await app.settled();
    const channel = await channelOf('1');
    expect((await app.stored(channel)).incident).toMatchObject({ title: 'Checkout p99 latency above 2 s', severity: 'sev2' });
    await pagerduty(pagerDutyEvent({ event_action: 'acknowledge', payload: undefined }));
    await app.settled();
    expect((await app.stored(channel)).incident).toMatchObject({ acknowledgedBy: 'UBOT' });
    await pagerduty(pagerDutyEvent({ event_action: 'resolve', payload: undefined }));
    await app.settled();
    expect(await alertEntries(channel)).toEqual(['Checkout p99 latency above 2 s firing', 'Checkout p99 latency above 2 s resolved (group)']);

    const { body } = await pagerduty(pagerDutyEvent({ dedup_key: undefined }));
    expect(body.dedup_key).toMatch(/^[0-9a-f]{32}$/);
  });

  test('storm control: beyond max_new_per_minute, new groups land on one alert storm incident', async () => {
    for (let i = 0; i < 6; i += 1)
      await alertmanager(alertmanagerPayload({ groupKey: `{}:{alertname="Storm${i}"}`, alerts: [{ fingerprint: `f${i}`, status: 'firing' }] }));
    await app.settled();
    const stored = await Promise.all((await incidents()).map(async (id) => app.stored(await channelOf(id))));
    const storm = stored.filter(({ incident }) => incident.title === 'Alert storm: more alert groups fired than may open incidents');
    expect(stored).toHaveLength(4);
    expect(storm).toHaveLength(1);
    expect(storm[0]!.timeline.filter((e) => e.kind === 'alert')).toHaveLength(3);
  });

  test('bad input: 401 for a wrong token, 400 naming the field, 413 over 1 MB; nothing is stored', async () => {
    const before = await app.dataKeys();
    expect((await post('/alerts/alertmanager', alertmanagerPayload(), { Authorization: 'Bearer wrong-token-0123456789' })).status).toBe(401);
    expect((await post('/alerts/alertmanager', alertmanagerPayload(), {})).status).toBe(401);
    expect((await pagerduty(pagerDutyEvent({ routing_key: 'nope' }))).status).toBe(401);
    expect(await alertmanager({ ...alertmanagerPayload(), alerts: [] })).toMatchObject({ status: 400, body: { errors: [expect.stringMatching(/^alerts: /)] } });
    expect(await alertmanager({ ...alertmanagerPayload(), status: 'exploding' })).toMatchObject({
      status: 400,
      body: { errors: [expect.stringMatching(/^status: /)] },
    });
    expect(await pagerduty(pagerDutyEvent({ payload: { summary: 'x', source: 'y', severity: 'fatal' } }))).toMatchObject({
      status: 400,
      body: { status: 'invalid event', errors: ['payload.severity: payload.severity must be critical, error, warning or info'] },
    });
    expect(await pagerduty(pagerDutyEvent({ event_action: 'resolve', dedup_key: undefined, payload: undefined }))).toMatchObject({
      status: 400,
      body: { errors: ['dedup_key: dedup_key is required to resolve'] },
    });
    const huge = { ...alertmanagerPayload(), padding: 'x'.repeat(1_100_000) };
    expect((await alertmanager(huge)).status).toBe(413);
    const notJson = await fetch(`${app.url}/alerts/alertmanager`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ALERT_TOKEN}` },
      body: '{"groupKey":',
    });
    expect(notJson.status).toBe(400);
    await app.settled();
    expect(await app.dataKeys()).toEqual(before);
  });
});

describe('alert intake without ALERT_TOKEN', () => {
  test('the endpoints answer 404', async () => {
    const app = await TestApp.start();
    try {
      expect((await fetch(`${app.url}/alerts/alertmanager`, { method: 'POST', body: '{}' })).status).toBe(404);
    } finally {
      await app.stop();
    }
  });
});

describe('alert intake with Redis down', () => {
  test('503, so the sender sends again; nothing is half-applied', async () => {
    const redis = await ThrowawayRedis.start();
    const app = await TestApp.start({ redisUrl: redis.url, alertToken: ALERT_TOKEN });
    try {
      await redis.stop();
      const res = await fetch(`${app.url}/alerts/alertmanager`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${ALERT_TOKEN}` },
        body: JSON.stringify(alertmanagerPayload()),
      });
      expect(res.status).toBe(503);
      expect(app.slack.callsTo('conversations.create')).toEqual([]);
    } finally {
      await app.stop();
      await redis.destroy();
    }
  });
});
