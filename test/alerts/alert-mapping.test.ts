import { alertmanagerNotificationId, alertmanagerPayloadSchema, fromAlertmanager } from '../../src/alerts/alertmanager-webhook';
import { fromPagerDuty, pagerDutyEventSchema } from '../../src/alerts/pagerduty-events';
import { alertmanagerPayload, pagerDutyEvent } from '../support/alert-payloads';

describe('Alertmanager webhook payloads', () => {
  const parse = (body: unknown) => alertmanagerPayloadSchema.parse(body);

  test('a group becomes one notification: title from the summary, severity from the label, links to source and runbook', () => {
    expect(fromAlertmanager(parse(alertmanagerPayload()))).toEqual({
      source: 'alertmanager',
      key: 'alertmanager:{}/{team="payments"}:{alertname="HighErrorRate"}',
      action: 'trigger',
      title: 'Payments API error rate above 5%',
      severity: 'sev1',
      alerts: [{ fingerprint: 'a1b2c3', name: 'HighErrorRate', status: 'firing' }],
      links: [
        { label: 'Source', url: 'http://prometheus:9090/graph?g0.expr=rate%28errors%5B5m%5D%29' },
        { label: 'Runbook', url: 'https://runbooks.example.com/payments-errors' },
      ],
    });
  });

  test('without a summary the alert name is the title; control characters and long titles are tamed', () => {
    const body = alertmanagerPayload();
    const untitled = { ...body, commonAnnotations: {}, alerts: body.alerts.map((a) => ({ ...a, annotations: {} })) };
    expect(fromAlertmanager(parse(untitled)).title).toBe('HighErrorRate');
    const noisy = { ...body, commonAnnotations: { summary: `line\u0000one\nline two ${'x'.repeat(300)}` } };
    expect(fromAlertmanager(parse(noisy)).title).toMatch(/^line ?one line two x+$/);
    expect(fromAlertmanager(parse(noisy)).title.length).toBeLessThanOrEqual(150);
  });

  test('a javascript: link is not linked', () => {
    const body = alertmanagerPayload();
    const hostile = { ...body, commonAnnotations: { ...body.commonAnnotations, runbook_url: 'javascript:alert(1)' } };
    expect(fromAlertmanager(parse(hostile)).links.map((l) => l.label)).toEqual(['Source']);
  });

  test('every HA peer gets the same notification id; a fresh firing gets another', () => {
    const body = alertmanagerPayload();
    const id = alertmanagerNotificationId(parse(body));
    expect(alertmanagerNotificationId(parse({ ...body, externalURL: 'http://alertmanager-1:9093' }))).toBe(id);
    expect(
      alertmanagerNotificationId(parse(alertmanagerPayload({ alerts: [{ fingerprint: 'a1b2c3', status: 'firing', startsAt: '2026-11-26T12:00:00Z' }] }))),
    ).not.toBe(id);
  });
});

describe('PagerDuty Events v2', () => {
  test('trigger, acknowledge and resolve', () => {
    const trigger = fromPagerDuty(pagerDutyEventSchema.parse(pagerDutyEvent()), 'checkout-latency');
    expect(trigger).toMatchObject({ key: 'pagerduty:checkout-latency', action: 'trigger', severity: 'sev2', title: 'Checkout p99 latency above 2 s' });
    expect(trigger.links).toEqual([
      { label: 'Monitor', url: 'https://app.datadoghq.com/monitors/42' },
      { label: 'Datadog', url: 'https://app.datadoghq.com' },
    ]);
    expect(fromPagerDuty(pagerDutyEventSchema.parse(pagerDutyEvent({ event_action: 'resolve', payload: undefined })), 'checkout-latency')).toMatchObject({
      action: 'resolve',
      alerts: [],
    });
  });
});
