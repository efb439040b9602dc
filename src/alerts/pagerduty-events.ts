import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { type AlertLink, type AlertNotification, severityOfAlert } from '../domain/alerts/alert-notification';
import { MAX_TITLE_LENGTH } from '../commands/parse-incident-command';
import { withoutControlCharacters } from '../domain/plain-text';

/** The PagerDuty Events API v2 event, as senders that speak it (Alertmanager, Grafana, Datadog, Sentry…) send it. */
export const pagerDutyEventSchema = z
  .object({
    routing_key: z.string({ error: 'routing_key is required' }).min(1, { error: 'routing_key is required' }),
    event_action: z.enum(['trigger', 'acknowledge', 'resolve'], { error: 'event_action must be trigger, acknowledge or resolve' }),
    dedup_key: z.string().min(1).max(255, { error: 'dedup_key must be at most 255 characters' }).optional(),
    payload: z
      .object({
        summary: z.string({ error: 'payload.summary is required' }).min(1, { error: 'payload.summary is required' }).max(1024),
        source: z.string({ error: 'payload.source is required' }).min(1, { error: 'payload.source is required' }),
        severity: z.enum(['critical', 'error', 'warning', 'info'], { error: 'payload.severity must be critical, error, warning or info' }),
        timestamp: z.string().optional(),
        component: z.string().optional(),
        group: z.string().optional(),
        class: z.string().optional(),
        custom_details: z.unknown().optional(),
      })
      .optional(),
    links: z
      .array(z.object({ href: z.string(), text: z.string().optional() }))
      .max(50)
      .optional(),
    images: z.array(z.unknown()).optional(),
    client: z.string().optional(),
    client_url: z.string().optional(),
  })
  .superRefine((event, ctx) => {
    if (event.event_action === 'trigger' && !event.payload) ctx.addIssue({ code: 'custom', path: ['payload'], message: 'payload is required to trigger' });
    if (event.event_action !== 'trigger' && !event.dedup_key) {
      ctx.addIssue({ code: 'custom', path: ['dedup_key'], message: `dedup_key is required to ${event.event_action}` });
    }
  });

export type PagerDutyEvent = z.infer<typeof pagerDutyEventSchema>;

const httpUrl = (url: string | undefined) => (url && /^https?:\/\//.test(url) ? url : undefined);

/** A trigger without a dedup_key gets one, as PagerDuty gives one: later events name it. */
export function dedupKeyOf(event: PagerDutyEvent): string {
  return event.dedup_key ?? randomBytes(16).toString('hex');
}

export function fromPagerDuty(event: PagerDutyEvent, dedupKey: string): AlertNotification {
  const summary = withoutControlCharacters(event.payload?.summary ?? dedupKey)
    .replace(/\s+/g, ' ')
    .trim();
  const links: AlertLink[] = (event.links ?? []).flatMap((l) => {
    const url = httpUrl(l.href);
    return url ? [{ label: l.text?.trim() || 'Link', url }] : [];
  });
  const client = httpUrl(event.client_url);
  if (client) links.push({ label: event.client?.trim() || 'Source', url: client });
  return {
    source: 'pagerduty',
    key: `pagerduty:${dedupKey}`,
    action: event.event_action,
    title: summary.slice(0, MAX_TITLE_LENGTH) || 'Alert',
    severity: severityOfAlert(event.payload?.severity),
    // An event is about one alert, the dedup key; its resolving is the group's, said once.
    alerts: event.event_action === 'trigger' ? [{ fingerprint: dedupKey, name: summary.slice(0, 200), status: 'firing' }] : [],
    links,
  };
}

/** Each event is its own notification; the same event sent twice (same timestamp) is kept once. */
export function pagerDutyNotificationId(event: PagerDutyEvent, dedupKey: string, receivedAt: Date): string {
  const when = event.payload?.timestamp ?? receivedAt.toISOString();
  return createHash('sha256')
    .update(JSON.stringify([dedupKey, event.event_action, when]))
    .digest('hex')
    .slice(0, 32);
}
