import { ACTION_IDS } from '../../src/slack/interaction-ids';
import { ALERT_TOKEN } from '../support/alert-payloads';
import { RealAlertmanager } from '../support/alertmanager';
import { onCallSchedule, pagingSchedule } from '../support/escalation-fixtures';
import { TestApp } from '../support/test-app';

/**
 * The real sender: Debian's prometheus-alertmanager (0.25), two of them as an HA pair that both
 * notify, with a webhook receiver and a pagerduty_configs receiver pointed at Hotwash. Nobody
 * types: an alert ends in a declared incident, the on-call person paged by DM with a working
 * Acknowledge button, and the resolution on the timeline.
 */
const POLICY = `${onCallSchedule('Europe/Berlin', ['UONCALL'])}${pagingSchedule('sev1', 'sev2')}`;

/** The configuration the docs give (docs/alerts.md), with short waits so the test does not idle. */
const alertmanagerConfig = (hotwash: string) => `
route:
  receiver: hotwash
  group_by: [alertname]
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 4h
  routes:
    - matchers: ['via="pagerduty"']
      receiver: hotwash-pagerduty
receivers:
  - name: hotwash
    webhook_configs:
      - url: ${hotwash}/alerts/alertmanager
        send_resolved: true
        http_config:
          authorization:
            credentials: ${ALERT_TOKEN}
  - name: hotwash-pagerduty
    pagerduty_configs:
      - routing_key: ${ALERT_TOKEN}
        url: ${hotwash}/alerts/pagerduty/v2/enqueue
        send_resolved: true
        severity: '{{ if .CommonLabels.severity }}{{ .CommonLabels.severity }}{{ else }}error{{ end }}'
`;

describe('a real Alertmanager', () => {
  let app: TestApp;
  let peers: RealAlertmanager[];
  beforeAll(async () => {
    app = await TestApp.start({ alertToken: ALERT_TOKEN, escalationPolicy: POLICY });
    peers = await Promise.all([RealAlertmanager.start(alertmanagerConfig(app.url)), RealAlertmanager.start(alertmanagerConfig(app.url))]);
  });
  afterAll(async () => {
    await Promise.all((peers ?? []).map((am) => am.stop()));
    await app.stop();
  });

  const open = async () => (await app.redis.smembers(`${app.config.redisPrefix}:incidents:open`)).sort();
  const channelOf = async (id: string) => JSON.parse((await app.redis.hget(`${app.config.redisPrefix}:incident:${id}`, 'data'))!).channelId as string;

  test('fires, declares once, pages the on-call person by DM whose button acknowledges, and records the resolution', async () => {
    // Prometheus stamps startsAt itself, so every peer gets the same alert.
    const alert = {
      startsAt: new Date().toISOString(),
      labels: { alertname: 'CheckoutDown', severity: 'critical', service: 'checkout' },
      annotations: { summary: 'Checkout returns 500s', runbook_url: 'https://runbooks.example.com/checkout' },
      generatorURL: 'http://prometheus:9090/graph?g0.expr=up',
    };
    // Both peers receive the alert, as Prometheus sends to every Alertmanager of an HA pair.
    await Promise.all(peers.map((am) => am.fire([alert])));
    const dm = await app.slack.waitFor(
      () => app.slack.messages.find((m) => m.channel === 'UONCALL' && /You are paged/.test(m.text)),
      'the direct page',
      20_000,
    );
    expect(await open()).toEqual(['1']);
    const channel = await channelOf('1');
    const { incident } = await app.stored(channel);
    expect(incident).toMatchObject({ title: 'Checkout returns 500s', severity: 'sev1', declaredBy: 'UBOT' });
    expect(dm.text).toContain('*Checkout returns 500s*');

    // Two peers, two deliveries of every notification: still one incident, one firing entry.
    await app.slack.waitFor(
      async () => (await app.metrics()).get('hotwash_alert_notifications_total{source="alertmanager",outcome="duplicate"}') ?? 0,
      "the second peer's copy, recognised",
      20_000,
    );
    expect((await app.stored(channel)).timeline.filter((e) => e.kind === 'alert')).toHaveLength(1);

    const { responseId } = await app.click({ actionId: ACTION_IDS.acknowledgePage, user: 'UONCALL', channel: 'D0ONCALL', messageTs: dm.ts, value: channel });
    expect((await app.repliesTo(responseId))[0]).toMatch(/You acknowledged the incident/);
    expect((await app.stored(channel)).incident).toMatchObject({ acknowledgedBy: 'UONCALL', leadId: 'UONCALL' });

    // The alert resolves: Alertmanager sends the group resolved; the timeline records it, once.
    await Promise.all(peers.map((am) => am.fire([{ ...alert, endsAt: new Date(Date.now() - 1_000).toISOString() }])));
    await app.slack.waitFor(
      async () => (await app.stored(channel)).timeline.some((e) => e.kind === 'alert' && e.group === true),
      'the resolution on the timeline',
      20_000,
    );
    await app.settled();
    expect((await app.stored(channel)).timeline.filter((e) => e.kind === 'alert' && e.group === true)).toHaveLength(1);
    expect(await open()).toEqual(['1']);
  }, 60_000);

  test('pagerduty_configs: Alertmanager speaking the PagerDuty Events API declares through the other door', async () => {
    await peers[0]!.fire([
      {
        startsAt: new Date().toISOString(),
        labels: { alertname: 'QueueBacklog', severity: 'warning', via: 'pagerduty' },
        annotations: { summary: 'Queue backlog growing' },
      },
    ]);
    const id = await app.slack.waitFor(
      async () => {
        for (const candidate of await open()) {
          const { incident } = await app.stored(await channelOf(candidate));
          if (incident.alert && (incident.alert as { source: string }).source === 'pagerduty') return candidate;
        }
        return undefined;
      },
      'an incident declared through /alerts/pagerduty/v2/enqueue',
      20_000,
    );
    const { incident } = await app.stored(await channelOf(id));
    expect(incident.severity).toBe('sev3');
    expect(String(incident.title)).toMatch(/QueueBacklog/);
  }, 60_000);
});
