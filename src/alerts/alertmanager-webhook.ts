import { createHash } from 'node:crypto';
import { z } from 'zod';
import { type AlertLink, type AlertNotification, severityOfAlert } from '../domain/alerts/alert-notification';
import { MAX_TITLE_LENGTH } from '../commands/parse-incident-command';
import { withoutControlCharacters } from '../domain/plain-text';

const labels = z.record(z.string(), z.string());

/**
 * Prometheus Alertmanager's webhook payload (version 4). Grafana's webhook contact point sends
 * the same shape with a few more fields, which are ignored.
 */
export const alertmanagerPayloadSchema = z.object({
  version: z.string().optional(),
  groupKey: z.string().min(1).max(10_000),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string().optional(),
  groupLabels: labels.default({}),
  commonLabels: labels.default({}),
  commonAnnotations: labels.default({}),
  externalURL: z.string().optional(),
  truncatedAlerts: z.number().int().nonnegative().optional(),
  alerts: z
    .array(
      z.object({
        status: z.enum(['firing', 'resolved']),
        labels,
        annotations: labels.default({}),
        startsAt: z.string().optional(),
        endsAt: z.string().optional(),
        generatorURL: z.string().optional(),
        fingerprint: z.string().optional(),
        dashboardURL: z.string().optional(),
      }),
    )
    .min(1)
    .max(10_000),
});

export type AlertmanagerPayload = z.infer<typeof alertmanagerPayloadSchema>;

const httpUrl = (url: string | undefined) => (url && /^https?:\/\//.test(url) ? url : undefined);
const clean = (text: string) => withoutControlCharacters(text).replace(/\s+/g, ' ').trim();

/** An alert's own fingerprint, or one made from its labels (Grafana's older payloads have none). */
function fingerprintOf(alert: AlertmanagerPayload['alerts'][number]): string {
  if (alert.fingerprint) return alert.fingerprint;
  const sorted = Object.entries(alert.labels).sort(([a], [b]) => a.localeCompare(b));
  return createHash('sha256').update(JSON.stringify(sorted)).digest('hex').slice(0, 16);
}

export function fromAlertmanager(payload: AlertmanagerPayload): AlertNotification {
  const first = payload.alerts.find((a) => a.status === 'firing') ?? payload.alerts[0]!;
  const name = payload.commonLabels.alertname ?? payload.groupLabels.alertname ?? first.labels.alertname ?? 'Alert';
  const summary = payload.commonAnnotations.summary ?? first.annotations.summary;
  const links: AlertLink[] = [];
  const source = httpUrl(first.generatorURL);
  if (source) links.push({ label: 'Source', url: source });
  const runbook = httpUrl(payload.commonAnnotations.runbook_url ?? first.annotations.runbook_url);
  if (runbook) links.push({ label: 'Runbook', url: runbook });
  const dashboard = httpUrl(first.dashboardURL);
  if (dashboard) links.push({ label: 'Dashboard', url: dashboard });
  return {
    source: 'alertmanager',
    key: `alertmanager:${payload.groupKey}`,
    action: payload.status === 'resolved' ? 'resolve' : 'trigger',
    title: clean(summary || name).slice(0, MAX_TITLE_LENGTH) || 'Alert',
    severity: severityOfAlert(payload.commonLabels.severity ?? first.labels.severity),
    alerts: payload.alerts.map((alert) => ({
      fingerprint: fingerprintOf(alert),
      name: clean(alert.labels.alertname ?? name).slice(0, 200),
      status: alert.status,
    })),
    links,
  };
}

/**
 * The id under which a notification is kept: the same for the copy every Alertmanager peer sends
 * (their externalURL differs, so it is left out), different when an alert fires again (startsAt).
 */
export function alertmanagerNotificationId(payload: AlertmanagerPayload): string {
  const alerts = payload.alerts.map((a) => `${fingerprintOf(a)}:${a.status}:${a.startsAt ?? ''}:${a.endsAt ?? ''}`).sort();
  return createHash('sha256')
    .update(JSON.stringify([payload.groupKey, payload.status, alerts]))
    .digest('hex')
    .slice(0, 32);
}
