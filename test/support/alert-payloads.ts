/** Alert payloads as the senders make them, for tests. */
export const ALERT_TOKEN = 'test-alert-token-0123456789';

export function alertmanagerPayload({
  groupKey = '{}/{team="payments"}:{alertname="HighErrorRate"}',
  status = 'firing',
  alerts = [{ fingerprint: 'a1b2c3', status: 'firing', startsAt: '2026-11-26T10:00:00Z' }],
  severity = 'critical',
}: {
  groupKey?: string;
  status?: 'firing' | 'resolved';
  alerts?: { fingerprint: string; status: 'firing' | 'resolved'; startsAt?: string; instance?: string }[];
  severity?: string;
} = {}) {
  return {
    version: '4',
    groupKey,
    truncatedAlerts: 0,
    status,
    receiver: 'hotwash',
    groupLabels: { alertname: 'HighErrorRate' },
    commonLabels: { alertname: 'HighErrorRate', severity, team: 'payments' },
    commonAnnotations: { summary: 'Payments API error rate above 5%', runbook_url: 'https://runbooks.example.com/payments-errors' },
    externalURL: 'http://alertmanager-0:9093',
    alerts: alerts.map((a) => ({
      status: a.status,
      labels: { alertname: 'HighErrorRate', severity, team: 'payments', instance: a.instance ?? `api-${a.fingerprint}` },
      annotations: { summary: 'Payments API error rate above 5%' },
      startsAt: a.startsAt ?? '2026-11-26T10:00:00Z',
      endsAt: a.status === 'resolved' ? '2026-11-26T10:20:00Z' : '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus:9090/graph?g0.expr=rate%28errors%5B5m%5D%29',
      fingerprint: a.fingerprint,
    })),
  };
}

export function pagerDutyEvent(overrides: Record<string, unknown> = {}) {
  return {
    routing_key: ALERT_TOKEN,
    event_action: 'trigger',
    dedup_key: 'checkout-latency',
    payload: { summary: 'Checkout p99 latency above 2 s', source: 'datadog', severity: 'error' },
    links: [{ href: 'https://app.datadoghq.com/monitors/42', text: 'Monitor' }],
    client: 'Datadog',
    client_url: 'https://app.datadoghq.com',
    ...overrides,
  };
}
