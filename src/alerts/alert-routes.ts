import { timingSafeEqual } from 'node:crypto';
import { BodyTooLargeError, readBody } from '../http/read-body';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import type { AlertNotification, AlertSource } from '../domain/alerts/alert-notification';
import { errorCode } from '../errors';
import type { CommandJournal } from '../ports/command-journal';
import type { Intake } from '../service/incident-service';
import { alertmanagerNotificationId, alertmanagerPayloadSchema, fromAlertmanager } from './alertmanager-webhook';
import { dedupKeyOf, fromPagerDuty, pagerDutyEventSchema, pagerDutyNotificationId } from './pagerduty-events';

/** Larger bodies are refused before they are parsed (Alertmanager truncates its groups well below this). */
export const MAX_ALERT_BODY_BYTES = 1024 * 1024;

/** What the intake routes count, by source: a bounded set of label values. */
export type AlertIntakeOutcome = 'accepted' | 'duplicate' | 'unauthorized' | 'invalid' | 'too_large' | 'unavailable';

export interface AlertRouteDeps {
  token: string;
  /** The journal: a notification is kept here before its sender is told it was received. */
  journal: Pick<CommandJournal, 'accept'>;
  /** The bot's own user: the author of what alerts do. */
  botUserId: string;
  now: () => Date;
  /** Carries out a kept notification, after the sender has its answer. */
  carryOut: (notification: AlertNotification, intake: Intake) => Promise<void>;
  /** Keeps shutdown waiting for notifications being carried out. */
  track: <T>(work: Promise<T>) => Promise<T>;
  count: (source: AlertSource, outcome: AlertIntakeOutcome) => void;
}

/** Where alerts are recorded in the journal: they belong to no channel until their incident has one. */
export const ALERT_INTAKE_CHANNEL = 'alerts';

function send(res: ServerResponse, status: number, body: Record<string, unknown>): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

function sameSecret(given: string | undefined, token: string): boolean {
  const a = Buffer.from(given ?? '');
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Names the fields a zod error found wrong: `payload.severity: …`. */
function reasons(error: z.ZodError): string[] {
  return error.issues.slice(0, 5).map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message));
}

type Parsed =
  | { ok: true; notification: AlertNotification; id: string; answer: Record<string, unknown> }
  | { ok: false; status: number; body: Record<string, unknown> };

/**
 * One intake route: authenticate, read (1 MB at most), validate, keep in the journal, answer,
 * then carry out. A sender that gets 503 sends again (Alertmanager does); one that gets 2xx
 * knows the notification is kept, whatever happens to this process next.
 */
function intakeRoute(
  path: string,
  source: AlertSource,
  deps: AlertRouteDeps,
  authorized: (req: IncomingMessage, body: unknown) => boolean,
  parse: (body: unknown, now: Date) => Parsed,
) {
  return {
    path,
    method: ['POST'],
    handler: (req: IncomingMessage, res: ServerResponse): void => {
      void deps.track(
        (async () => {
          let raw: string;
          try {
            raw = (await readBody(req, MAX_ALERT_BODY_BYTES)).toString('utf8');
          } catch (error) {
            deps.count(source, 'too_large');
            return send(res, error instanceof BodyTooLargeError ? 413 : 400, { status: 'invalid event', message: 'the body is over 1 MB' });
          }
          let body: unknown;
          try {
            body = JSON.parse(raw);
          } catch {
            deps.count(source, 'invalid');
            return send(res, 400, { status: 'invalid event', message: 'the body is not JSON', errors: ['body: not JSON'] });
          }
          if (!authorized(req, body)) {
            deps.count(source, 'unauthorized');
            return send(res, 401, { status: 'unauthorized', message: 'the alert token is missing or wrong' });
          }
          const now = deps.now();
          const parsed = parse(body, now);
          if (!parsed.ok) {
            deps.count(source, 'invalid');
            return send(res, parsed.status, parsed.body);
          }
          let kept: boolean;
          try {
            kept = await deps.journal.accept({
              id: `alert-${parsed.id}`,
              receivedAt: now,
              userId: deps.botUserId,
              channelId: ALERT_INTAKE_CHANNEL,
              via: 'alert',
              command: { name: 'alert', notification: parsed.notification },
            });
          } catch (error) {
            deps.count(source, 'unavailable');
            const unconfirmed = errorCode(error) === 'storage_unconfirmed';
            return send(res, 503, {
              status: 'unavailable',
              message: unconfirmed ? 'storage did not confirm in time; send again' : 'storage is unavailable; send again',
            });
          }
          deps.count(source, kept ? 'accepted' : 'duplicate');
          send(res, 202, parsed.answer);
          if (kept) await deps.carryOut(parsed.notification, { commandId: `alert-${parsed.id}`, receivedAt: now });
        })(),
      );
    },
  };
}

/** `POST /alerts/alertmanager` and `POST /alerts/pagerduty/v2/enqueue`, on PORT. */
export function alertRoutes(deps: AlertRouteDeps) {
  const alertmanager = intakeRoute(
    '/alerts/alertmanager',
    'alertmanager',
    deps,
    (req) => sameSecret(/^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1], deps.token),
    (body) => {
      const payload = alertmanagerPayloadSchema.safeParse(body);
      if (!payload.success)
        return { ok: false, status: 400, body: { status: 'invalid event', message: 'not an Alertmanager webhook payload', errors: reasons(payload.error) } };
      return { ok: true, notification: fromAlertmanager(payload.data), id: alertmanagerNotificationId(payload.data), answer: { status: 'success' } };
    },
  );
  const pagerduty = intakeRoute(
    '/alerts/pagerduty/v2/enqueue',
    'pagerduty',
    deps,
    (_req, body) => {
      const key = typeof body === 'object' && body !== null && 'routing_key' in body ? body.routing_key : undefined;
      return typeof key === 'string' && sameSecret(key, deps.token);
    },
    (body, now) => {
      const event = pagerDutyEventSchema.safeParse(body);
      if (!event.success)
        return { ok: false, status: 400, body: { status: 'invalid event', message: 'Event object is invalid', errors: reasons(event.error) } };
      const dedupKey = dedupKeyOf(event.data);
      return {
        ok: true,
        notification: fromPagerDuty(event.data, dedupKey),
        id: pagerDutyNotificationId(event.data, dedupKey, now),
        answer: { status: 'success', message: 'Event processed', dedup_key: dedupKey },
      };
    },
  );
  return [alertmanager, pagerduty];
}
