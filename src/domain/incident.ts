import { IncidentRuleError } from '../errors';
import {
  acknowledge,
  changeSeverity,
  escalateNow,
  noteActivity,
  pendingPageAt,
  reopen,
  startEscalation,
  stopForResolution,
  takeDuePage,
  takeDueReminder,
  type Escalation,
  type Page,
} from './escalation/escalation';
import type { AlertNotification, IncidentAlert } from './alerts/alert-notification';
import type { EscalationPolicy } from './escalation/escalation-policy';
import type { IncidentStatus } from './incident-status';
import type { Severity } from './severity';
import type { SummaryField, TimelineEntry, TimelineEvent } from './timeline-entry';

export interface Incident {
  id: string;
  title: string;
  severity: Severity;
  status: IncidentStatus;
  leadId: string;
  declaredBy: string;
  /** When `/incident start` was typed. */
  declaredAt: Date;
  /** When the incident began: the backdated start when one was given, else `declaredAt`. */
  startedAt: Date;
  channelId: string;
  channelName: string;
  /** The pinned summary message, so it can be updated later. */
  summaryMessageTs?: string;
  /** The announcement in ANNOUNCE_CHANNEL, kept current; updates are posted in its thread. */
  announcementTs?: string;
  /** Only its channel's members may see anything of it; nothing about it is posted outside its channel. */
  private?: boolean;
  /** Roles besides the commander (the lead): role → who holds it. */
  roles?: Record<string, string>;
  /** People who hear of every update, and the resolution, by direct message. */
  subscribers?: string[];
  /** The latest status update for stakeholders. */
  latestUpdate?: { text: string; at: Date; authorId: string };
  acknowledgedBy?: string;
  acknowledgedAt?: Date;
  /** When service was restored; ends the outage. */
  resolvedAt?: Date;
  closedAt?: Date;
  impact?: string;
  cause?: string;
  resolution?: string;
  /** How many timeline entries have been recorded; the next entry's `seq`. */
  entryCount: number;
  /** Paging and reminders; absent only on incidents stored before escalation existed. */
  escalation?: Escalation;
  /** Messages captured into the timeline (📌): Slack message ts → the entry's seq. */
  capturedMessages?: Record<string, number>;
  /** The alert group that declared it, when monitoring did. */
  alert?: IncidentAlert;
}

export interface Declaration {
  id: string;
  title: string;
  severity: Severity;
  /** A backdated start, when one was typed. */
  startedAt?: Date;
  declaredBy: string;
  channelId: string;
  channelName: string;
  now: Date;
  /** The escalation policy in force now; the incident keeps this snapshot. */
  policy?: EscalationPolicy;
  /** Who or what is affected, when the declarer already knows (the declaration form asks). */
  impact?: string;
  private?: boolean;
  /** The alert group declaring it, when monitoring does (`declaredBy` is then Hotwash itself). */
  alert?: { notification: AlertNotification; previousIncidentId?: string };
}

export type IncidentChange =
  | { kind: 'note'; text: string; at?: Date }
  | { kind: 'update'; text: string }
  /** Someone asks to hear of updates by direct message, or no longer. */
  | { kind: 'subscribe'; subscribed: boolean }
  | { kind: 'status'; status: IncidentStatus }
  | { kind: 'severity'; severity: Severity }
  | { kind: 'lead'; userId: string }
  /** Give a role (`userId`) or leave it empty; `commander` is the lead. */
  | { kind: 'role'; role: string; userId?: string }
  | { kind: 'summary'; field: SummaryField; text: string }
  | { kind: 'fix'; text: string }
  | { kind: 'task'; text: string; ownerId?: string }
  | { kind: 'ack' }
  | { kind: 'resolve'; at?: Date }
  | { kind: 'close' }
  /** Page the next escalation level now. */
  | { kind: 'escalate' }
  /** Add a Slack message to the timeline, with its own author and time. */
  | { kind: 'capture'; message: CapturedMessage }
  /** The captured message was edited (its text follows) or deleted (its entry goes). */
  | { kind: 'capturedEdited'; message: CapturedMessage }
  | { kind: 'uncapture'; messageTs: string }
  /** Someone took a turn of a schedule this incident's policy pages (bookkeeping: no activity). */
  | { kind: 'cover'; schedule: string; userId: string; durationMs: number }
  /** A later notification about the incident's alert group; `autoResolve`: its resolution resolves the incident. */
  | { kind: 'alert'; notification: AlertNotification; autoResolve: boolean };

/** A Slack message as the timeline keeps it. */
export interface CapturedMessage {
  ts: string;
  text: string;
  authorId: string;
  at: Date;
}

/** An incident after a change, and the timeline entries that record the change. */
export interface ChangeResult {
  incident: Incident;
  entries: TimelineEntry[];
  /** A page this change sent (an escalation), for the Slack side to deliver. */
  page?: Page;
  /** Entries this change took off the timeline (seq numbers). */
  removed?: number[];
}

/** Which parts of the postmortem summary are still empty, as the draft names them. */
export function missingSummaryFields(incident: Incident): string[] {
  return [incident.impact === undefined && 'impact', incident.cause === undefined && 'root cause', incident.resolution === undefined && 'resolution'].filter(
    (field): field is string => typeof field === 'string',
  );
}

export function isOpen(incident: Incident): boolean {
  return incident.closedAt === undefined;
}

/** The role the lead holds: `lead` is another name for it. */
export const COMMANDER = 'commander';

/** Postmortem work goes on after close; the incident itself does not. */
const ALLOWED_AFTER_CLOSE: ReadonlySet<IncidentChange['kind']> = new Set(['summary', 'fix', 'task', 'capture', 'capturedEdited', 'uncapture', 'subscribe']);

/** Changes that only keep captured messages in step: they do not count as activity on the incident. */
const CAPTURE_KINDS: ReadonlySet<IncidentChange['kind']> = new Set(['capture', 'capturedEdited', 'uncapture', 'cover', 'subscribe']);

/** Starts an incident. A backdated start adds a "started" entry before the declaration. */
export function declareIncident(d: Declaration): ChangeResult {
  const startedAt = d.startedAt ?? d.now;
  const incident: Incident = {
    id: d.id,
    title: d.title,
    severity: d.severity,
    status: 'investigating',
    leadId: d.declaredBy,
    declaredBy: d.declaredBy,
    declaredAt: d.now,
    startedAt,
    channelId: d.channelId,
    channelName: d.channelName,
    entryCount: 0,
    escalation: startEscalation(d.policy ?? {}, d.severity, d.now),
    ...(d.private ? { private: true } : {}),
  };
  const recorder = new EntryRecorder(incident, d.declaredBy, d.now);
  if (startedAt.getTime() < d.now.getTime()) recorder.record({ kind: 'started' }, startedAt);
  const alert = d.alert?.notification;
  recorder.record(
    alert
      ? { kind: 'declared', title: d.title, severity: d.severity, source: alert.source, ...(alert.links.length ? { links: alert.links } : {}) }
      : { kind: 'declared', title: d.title, severity: d.severity },
  );
  if (alert) {
    incident.alert = {
      source: alert.source,
      key: alert.key,
      links: alert.links,
      alerts: {},
      ...(d.alert?.previousIncidentId ? { previousIncidentId: d.alert.previousIncidentId } : {}),
    };
    recordAlerts(recorder, alert);
  }
  if (d.impact) {
    recorder.record({ kind: 'summary', field: 'impact', text: d.impact });
    incident.impact = d.impact;
  }
  return recorder.result();
}

/** Applies one change by one person at `now`; throws IncidentRuleError when the incident's state forbids it. */
export function applyChange(current: Incident, change: IncidentChange, actorId: string, now: Date): ChangeResult {
  if (!isOpen(current) && !ALLOWED_AFTER_CLOSE.has(change.kind)) {
    throw new IncidentRuleError({ rule: 'closed' });
  }
  const recorder = new EntryRecorder({ ...current }, actorId, now);
  const incident = recorder.incident;

  switch (change.kind) {
    case 'note':
      recorder.record({ kind: 'note', text: change.text }, change.at);
      break;

    case 'subscribe': {
      const subscribers = new Set(incident.subscribers ?? []);
      if (subscribers.has(actorId) === change.subscribed) throw new IncidentRuleError({ rule: change.subscribed ? 'already_subscribed' : 'not_subscribed' });
      if (change.subscribed) subscribers.add(actorId);
      else subscribers.delete(actorId);
      incident.subscribers = [...subscribers].sort();
      break;
    }

    case 'update':
      recorder.record({ kind: 'update', text: change.text });
      incident.latestUpdate = { text: change.text, at: now, authorId: actorId };
      break;

    case 'status': {
      if (change.status === incident.status) {
        throw new IncidentRuleError({ rule: 'same_status', status: incident.status });
      }
      if (change.status === 'resolved') return applyChange(current, { kind: 'resolve' }, actorId, now);
      recorder.record({ kind: 'status', from: incident.status, to: change.status });
      // Leaving "resolved" reopens the outage: it has not ended after all.
      if (incident.status === 'resolved') delete incident.resolvedAt;
      incident.status = change.status;
      break;
    }

    case 'severity':
      if (change.severity === incident.severity) {
        throw new IncidentRuleError({ rule: 'same_severity', severity: incident.severity });
      }
      recorder.record({ kind: 'severity', from: incident.severity, to: change.severity });
      incident.severity = change.severity;
      break;

    case 'lead':
      if (change.userId === incident.leadId) {
        throw new IncidentRuleError({ rule: 'already_lead', userId: change.userId });
      }
      recorder.record({ kind: 'lead', from: incident.leadId, to: change.userId });
      incident.leadId = change.userId;
      break;

    case 'role': {
      if (change.role === COMMANDER) {
        if (!change.userId) throw new IncidentRuleError({ rule: 'commander_required' });
        return applyChange(current, { kind: 'lead', userId: change.userId }, actorId, now);
      }
      const roles = { ...(incident.roles ?? {}) };
      if (roles[change.role] === change.userId)
        throw new IncidentRuleError({ rule: 'same_role', role: change.role, ...(change.userId ? { userId: change.userId } : {}) });
      if (change.userId) roles[change.role] = change.userId;
      else delete roles[change.role];
      incident.roles = roles;
      recorder.record(change.userId ? { kind: 'role', role: change.role, userId: change.userId } : { kind: 'role', role: change.role });
      break;
    }

    case 'summary':
      recorder.record({ kind: 'summary', field: change.field, text: change.text });
      incident[change.field] = change.text;
      break;

    case 'fix':
      recorder.record({ kind: 'fix', text: change.text });
      break;

    case 'task':
      recorder.record(change.ownerId === undefined ? { kind: 'task', text: change.text } : { kind: 'task', text: change.text, ownerId: change.ownerId });
      break;

    case 'ack':
      if (incident.acknowledgedBy !== undefined) {
        throw new IncidentRuleError({ rule: 'already_acknowledged', userId: incident.acknowledgedBy });
      }
      recorder.record({ kind: 'ack' });
      incident.acknowledgedBy = actorId;
      incident.acknowledgedAt = now;
      // An incident an alert declared is led by Hotwash until a person takes it.
      if (incident.alert && incident.leadId === incident.declaredBy && actorId !== incident.declaredBy) {
        recorder.record({ kind: 'lead', from: incident.leadId, to: actorId });
        incident.leadId = actorId;
      }
      break;

    case 'cover':
      recorder.record({ kind: 'cover', schedule: change.schedule, userId: change.userId, durationMs: change.durationMs });
      break;

    case 'alert': {
      const { notification } = change;
      if (!recordAlerts(recorder, notification)) {
        if (notification.action !== 'acknowledge' || incident.acknowledgedBy !== undefined) throw new IncidentRuleError({ rule: 'nothing_new' });
      }
      if (notification.action === 'acknowledge' && incident.acknowledgedBy === undefined) {
        recorder.record({ kind: 'ack' });
        incident.acknowledgedBy = actorId;
        incident.acknowledgedAt = now;
      }
      if (notification.action === 'resolve' && change.autoResolve && incident.status !== 'resolved') {
        recorder.record({ kind: 'resolved' });
        incident.status = 'resolved';
        incident.resolvedAt = now;
      }
      break;
    }

    case 'resolve': {
      if (incident.status === 'resolved') {
        throw new IncidentRuleError({ rule: 'already_resolved' });
      }
      const at = change.at ?? now;
      if (at.getTime() < incident.startedAt.getTime()) {
        throw new IncidentRuleError({ rule: 'resolved_before_start' });
      }
      recorder.record({ kind: 'resolved' }, at);
      incident.status = 'resolved';
      incident.resolvedAt = at;
      break;
    }

    case 'escalate': {
      const escalated = incident.escalation && escalateNow(incident.escalation, incident.severity, now);
      if (!escalated) {
        throw new IncidentRuleError(
          incident.status === 'resolved' ? { rule: 'resolved_nobody_to_page' } : { rule: 'no_escalation_levels', severity: incident.severity },
        );
      }
      incident.escalation = escalated.escalation;
      recorder.record(pageEvent(escalated.page, 'manual'));
      recorder.page = escalated.page;
      break;
    }

    case 'capture': {
      const captured = incident.capturedMessages ?? {};
      if (captured[change.message.ts] !== undefined) throw new IncidentRuleError({ rule: 'already_captured' });
      const seq = recorder.record({ kind: 'message', text: change.message.text, messageTs: change.message.ts }, change.message.at, change.message.authorId);
      incident.capturedMessages = { ...captured, [change.message.ts]: seq };
      break;
    }

    case 'capturedEdited': {
      const seq = incident.capturedMessages?.[change.message.ts];
      if (seq === undefined) throw new IncidentRuleError({ rule: 'not_captured' });
      recorder.rewrite(seq, { kind: 'message', text: change.message.text, messageTs: change.message.ts }, change.message.at, change.message.authorId);
      break;
    }

    case 'uncapture': {
      const seq = incident.capturedMessages?.[change.messageTs];
      if (seq === undefined) throw new IncidentRuleError({ rule: 'not_captured' });
      const { [change.messageTs]: _removed, ...rest } = incident.capturedMessages!;
      incident.capturedMessages = rest;
      recorder.remove(seq);
      break;
    }

    case 'close':
      if (incident.status !== 'resolved') {
        recorder.record({ kind: 'resolved' });
        incident.status = 'resolved';
        incident.resolvedAt = now;
      }
      recorder.record({ kind: 'closed' });
      incident.closedAt = now;
      break;
  }
  if (incident.escalation && !CAPTURE_KINDS.has(change.kind)) {
    incident.escalation = evolveEscalation(current, incident, incident.escalation, now, change.kind);
  }
  return recorder.result();
}

/**
 * Records what a notification changes about its group's alerts: each alert that started firing,
 * each that resolved, and the group resolving. Returns whether anything was new; a notification
 * delivered again records nothing.
 */
function recordAlerts(recorder: EntryRecorder, notification: AlertNotification): boolean {
  const incident = recorder.incident;
  const known = incident.alert;
  if (!known) return false;
  const alerts = { ...known.alerts };
  let changed = false;
  // A group that resolved and fires again: its alerts fire anew, even those last seen firing.
  const refiring = known.resolved === true && notification.action === 'trigger';
  for (const alert of notification.alerts) {
    if (alerts[alert.fingerprint] === alert.status && !(refiring && alert.status === 'firing')) continue;
    // A first sighting that is already resolved is not news.
    if (alerts[alert.fingerprint] === undefined && alert.status === 'resolved') {
      alerts[alert.fingerprint] = alert.status;
      continue;
    }
    recorder.record({ kind: 'alert', status: alert.status, name: alert.name, source: notification.source });
    alerts[alert.fingerprint] = alert.status;
    changed = true;
  }
  const groupResolved = notification.action === 'resolve';
  if (groupResolved && !known.resolved) {
    recorder.record({ kind: 'alert', status: 'resolved', name: incident.title, source: notification.source, group: true });
    changed = true;
  }
  incident.alert = { ...known, alerts, resolved: groupResolved || (known.resolved === true && notification.action !== 'trigger') };
  if (!incident.alert.resolved) delete incident.alert.resolved;
  return changed;
}

/** How a person's change moves paging and reminders along. */
function evolveEscalation(before: Incident, after: Incident, escalation: Escalation, now: Date, kind: IncidentChange['kind']): Escalation {
  let next = escalation;
  if (after.acknowledgedAt && !before.acknowledgedAt) next = acknowledge(next);
  if (after.severity !== before.severity) next = changeSeverity(next, after.severity, now);
  if (after.status === 'resolved' && before.status !== 'resolved') next = stopForResolution(next);
  if (before.status === 'resolved' && after.status !== 'resolved') next = reopen(next, after.severity, now);
  const over = after.status === 'resolved' || !isOpen(after);
  // The reminder asks for a status update: only what tells stakeholders where things stand puts it off.
  return TELLS_WHERE_THINGS_STAND.has(kind) || over ? noteActivity(next, after.severity, now, over) : next;
}

/** Changes that tell stakeholders where things stand, and so restart the status-update reminder. */
const TELLS_WHERE_THINGS_STAND: ReadonlySet<IncidentChange['kind']> = new Set(['update', 'status', 'severity', 'resolve', 'close']);

function pageEvent(page: Page, trigger: 'timer' | 'manual'): TimelineEvent {
  return { kind: 'page', level: page.level, targets: page.targets, trigger, step: page.step };
}

/**
 * A page timer for `step` of `run` fired at `now`. Returns the incident with the page recorded
 * (by `botUserId`), or undefined when the step is no longer due: then the timer does nothing.
 */
export function firePageTimer(incident: Incident, run: number, step: number, botUserId: string, now: Date): ChangeResult | undefined {
  if (!isOpen(incident) || !incident.escalation) return undefined;
  const due = takeDuePage(incident.escalation, incident.severity, run, step, now);
  if (!due) return undefined;
  const recorder = new EntryRecorder({ ...incident, escalation: due.escalation }, botUserId, now);
  recorder.record(pageEvent(due.page, 'timer'));
  recorder.page = due.page;
  return recorder.result();
}

/** When `step` of `run` is due, if it is still the pending step; undefined otherwise. */
export function pageDueAt(incident: Incident, run: number, step: number): Date | undefined {
  return isOpen(incident) && incident.escalation ? pendingPageAt(incident.escalation, run, step) : undefined;
}

/** A reminder timer with `seq` fired at `now`: the incident with the next reminder set, or undefined when not due. */
export function fireReminderTimer(incident: Incident, seq: number, now: Date): { incident: Incident; quietMs: number } | undefined {
  if (!isOpen(incident) || !incident.escalation) return undefined;
  const due = takeDueReminder(incident.escalation, incident.severity, seq, now);
  return due && { incident: { ...incident, escalation: due.escalation }, quietMs: due.quietMs };
}

/** Numbers and stamps the entries of one change. */
class EntryRecorder {
  private readonly entries: TimelineEntry[] = [];
  private readonly removed: number[] = [];
  page?: Page;

  constructor(
    readonly incident: Incident,
    private readonly authorId: string,
    private readonly now: Date,
  ) {}

  /** Adds an entry; returns its seq. */
  record(event: TimelineEvent, at: Date = this.now, authorId = this.authorId): number {
    const seq = this.incident.entryCount;
    this.entries.push({ ...event, seq, at, recordedAt: this.now, authorId });
    this.incident.entryCount += 1;
    return seq;
  }

  /** Replaces entry `seq` (it keeps its place in the sequence). */
  rewrite(seq: number, event: TimelineEvent, at: Date, authorId: string): void {
    this.entries.push({ ...event, seq, at, recordedAt: this.now, authorId });
  }

  remove(seq: number): void {
    this.removed.push(seq);
  }

  result(): ChangeResult {
    return {
      incident: this.incident,
      entries: this.entries,
      ...(this.page ? { page: this.page } : {}),
      ...(this.removed.length ? { removed: this.removed } : {}),
    };
  }
}

/**
 * When the outage ended: at its resolution (a later close does not lengthen it), or undefined
 * while it goes on. Every duration shown (summary, postmortem, metrics) ends here.
 */
export function outageEnd(incident: Incident): Date | undefined {
  return incident.status === 'resolved' ? incident.resolvedAt : undefined;
}
