import { z } from 'zod';
import { INCIDENT_STATUSES } from '../domain/incident-status';
import { SEVERITIES } from '../domain/severity';
import { SUMMARY_FIELDS } from '../domain/timeline-entry';

/** Instants are stored as ISO-8601 UTC strings and read back as Dates. */
export const instant = z.codec(z.iso.datetime(), z.date(), {
  decode: (iso) => new Date(iso),
  encode: (date) => date.toISOString(),
});

const slackUserId = z.string().regex(/^[UWB][A-Z0-9]+$/);
const severity = z.enum(SEVERITIES);
const status = z.enum(INCIDENT_STATUSES);

const storedSeverityPolicy = z.object({
  levels: z.array(z.object({ notify: z.array(z.string()), escalateAfterMs: z.number().int().positive() })),
  repeat: z.number().int().nonnegative(),
  remindEveryMs: z.number().int().positive().optional(),
});

const alertSource = z.enum(['alertmanager', 'pagerduty']);
const alertStatus = z.enum(['firing', 'resolved']);
const alertLinks = z.array(z.object({ label: z.string(), url: z.string() }));

const storedIncidentAlert = z.object({
  source: alertSource,
  key: z.string().min(1),
  links: alertLinks,
  alerts: z.record(z.string(), alertStatus),
  previousIncidentId: z.string().optional(),
  resolved: z.boolean().optional(),
});

/** An alert notification, as the journal keeps it between its acceptance and its being carried out. */
export const storedAlertNotificationSchema = z.object({
  source: alertSource,
  key: z.string().min(1),
  action: z.enum(['trigger', 'resolve', 'acknowledge']),
  title: z.string().min(1),
  severity,
  alerts: z.array(z.object({ fingerprint: z.string().min(1), name: z.string(), status: alertStatus })),
  links: alertLinks,
});

const storedEscalation = z.object({
  policy: z.partialRecord(severity, storedSeverityPolicy),
  run: z.number().int().nonnegative(),
  nextStep: z.number().int().nonnegative(),
  nextPageAt: instant.optional(),
  state: z.enum(['paging', 'acknowledged', 'exhausted', 'resolved', 'no_policy']),
  lastActivityAt: instant,
  reminderSeq: z.number().int().nonnegative(),
  nextReminderAt: instant.optional(),
});

export const storedIncidentSchema = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
  severity,
  status,
  leadId: slackUserId,
  declaredBy: slackUserId,
  declaredAt: instant,
  startedAt: instant,
  channelId: z.string().min(1),
  channelName: z.string().min(1),
  summaryMessageTs: z.string().optional(),
  announcementTs: z.string().optional(),
  subscribers: z.array(slackUserId).optional(),
  private: z.boolean().optional(),
  roles: z.record(z.string(), slackUserId).optional(),
  latestUpdate: z.object({ text: z.string(), at: instant, authorId: slackUserId }).optional(),
  acknowledgedBy: slackUserId.optional(),
  acknowledgedAt: instant.optional(),
  resolvedAt: instant.optional(),
  closedAt: instant.optional(),
  impact: z.string().optional(),
  cause: z.string().optional(),
  resolution: z.string().optional(),
  entryCount: z.number().int().nonnegative(),
  escalation: storedEscalation.optional(),
  capturedMessages: z.record(z.string(), z.number().int().nonnegative()).optional(),
  alert: storedIncidentAlert.optional(),
});

const entryBase = {
  seq: z.number().int().nonnegative(),
  at: instant,
  recordedAt: instant,
  authorId: slackUserId,
};

export const storedTimelineEntrySchema = z.discriminatedUnion('kind', [
  z.object({ ...entryBase, kind: z.literal('started') }),
  z.object({ ...entryBase, kind: z.literal('declared'), title: z.string(), severity, source: alertSource.optional(), links: alertLinks.optional() }),
  z.object({ ...entryBase, kind: z.literal('cover'), schedule: z.string().min(1), userId: slackUserId, durationMs: z.number().int().positive() }),
  z.object({ ...entryBase, kind: z.literal('alert'), status: alertStatus, name: z.string(), source: alertSource, group: z.boolean().optional() }),
  z.object({ ...entryBase, kind: z.literal('note'), text: z.string() }),
  z.object({ ...entryBase, kind: z.literal('update'), text: z.string() }),
  z.object({ ...entryBase, kind: z.literal('status'), from: status, to: status }),
  z.object({ ...entryBase, kind: z.literal('severity'), from: severity, to: severity }),
  z.object({ ...entryBase, kind: z.literal('lead'), from: slackUserId, to: slackUserId }),
  z.object({ ...entryBase, kind: z.literal('role'), role: z.string().min(1), userId: slackUserId.optional() }),
  z.object({ ...entryBase, kind: z.literal('summary'), field: z.enum(SUMMARY_FIELDS), text: z.string() }),
  z.object({ ...entryBase, kind: z.literal('fix'), text: z.string() }),
  z.object({ ...entryBase, kind: z.literal('task'), text: z.string(), ownerId: slackUserId.optional() }),
  z.object({ ...entryBase, kind: z.literal('ack') }),
  z.object({
    ...entryBase,
    kind: z.literal('page'),
    level: z.number().int().positive(),
    targets: z.array(z.string().regex(/^[UWS][A-Z0-9]+$/)).min(1),
    trigger: z.enum(['timer', 'manual']),
    // Absent on pages recorded before it was kept: those read as escalations, as they were shown.
    step: z.number().int().nonnegative().optional(),
  }),
  z.object({ ...entryBase, kind: z.literal('resolved') }),
  z.object({ ...entryBase, kind: z.literal('closed') }),
  z.object({ ...entryBase, kind: z.literal('message'), text: z.string(), messageTs: z.string().regex(/^\d+\.\d+$/) }),
]);

export const storedPostmortemSchema = z.object({
  markdown: z.string(),
  generatedAt: instant,
});

const storedPage = z.object({
  run: z.number().int().nonnegative(),
  step: z.number().int().nonnegative(),
  level: z.number().int().positive(),
  levelCount: z.number().int().positive(),
  targets: z.array(z.string()),
  last: z.boolean(),
});

const incidentId = z.string().min(1);

export const storedSideEffectSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('invite'), incidentId, userId: slackUserId }),
  z.object({ kind: z.literal('pinSummary'), incidentId }),
  z.object({ kind: z.literal('unpaged'), incidentId }),
  z.object({ kind: z.literal('announce'), incidentId }),
  z.object({ kind: z.literal('entry'), incidentId, entry: storedTimelineEntrySchema, page: storedPage.optional() }),
  z.object({ kind: z.literal('directPage'), incidentId, entry: storedTimelineEntrySchema, page: storedPage }),
  z.object({ kind: z.literal('summary'), incidentId, latest: storedTimelineEntrySchema.optional() }),
  z.object({ kind: z.literal('topic'), incidentId }),
  z.object({ kind: z.literal('postmortem'), incidentId }),
  z.object({ kind: z.literal('reminder'), incidentId, quietMs: z.number().nonnegative() }),
  z.object({ kind: z.literal('announcement'), incidentId, entry: storedTimelineEntrySchema }),
  z.object({ kind: z.literal('followUp'), incidentId, entry: storedTimelineEntrySchema }),
]);

export const storedOutboxEntrySchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]+$/),
  effect: storedSideEffectSchema,
  createdAt: instant,
});

const text = z.string();
const at = instant.optional();

/** An understood command, as the intake journal keeps it. */
export const storedIncidentCommandSchema = z.discriminatedUnion('name', [
  z.object({ name: z.literal('start'), severity, title: text, at, private: z.boolean().optional() }),
  z.object({ name: z.literal('startForm'), severity: severity.optional(), at, private: z.boolean().optional() }),
  z.object({ name: z.literal('note'), text, at }),
  z.object({ name: z.literal('update'), text }),
  z.object({ name: z.enum(['subscribe', 'unsubscribe']), incidentId: z.string().optional() }),
  z.object({ name: z.literal('status'), status }),
  z.object({ name: z.literal('sev'), severity }),
  z.object({ name: z.literal('lead'), userId: slackUserId }),
  z.object({ name: z.literal('role'), role: z.string().min(1), userId: slackUserId.optional() }),
  z.object({ name: z.enum(SUMMARY_FIELDS), text }),
  z.object({ name: z.literal('fix'), text }),
  z.object({ name: z.literal('task'), text, ownerId: slackUserId.optional() }),
  z.object({ name: z.literal('ack') }),
  z.object({ name: z.literal('escalate') }),
  z.object({ name: z.literal('resolve'), at }),
  z.object({ name: z.literal('close') }),
  z.object({ name: z.literal('timeline') }),
  z.object({ name: z.literal('followups') }),
  z.object({ name: z.literal('postmortem') }),
  z.object({ name: z.literal('list') }),
  z.object({ name: z.literal('help') }),
  z.object({ name: z.literal('alert'), notification: storedAlertNotificationSchema }),
  z.object({ name: z.literal('oncall') }),
  z.object({ name: z.literal('oncallCover'), schedule: z.string().min(1), durationMs: z.number().int().positive(), userId: slackUserId.optional() }),
]);

export const storedJournaledCommandSchema = z.object({
  id: z.string().min(1).max(200),
  receivedAt: instant,
  userId: slackUserId,
  channelId: z.string().min(1),
  responseUrl: z.string().optional(),
  via: z.enum(['slash', 'button', 'form', 'alert']),
  command: storedIncidentCommandSchema,
  impact: z.string().optional(),
  openedChannel: z.object({ id: z.string().min(1), name: z.string().min(1) }).optional(),
});
