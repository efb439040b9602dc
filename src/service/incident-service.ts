import { setImmediate as nextTurn } from 'node:timers/promises';
import { type Clock, wallClock } from '../domain/clock';
import { channelName } from '../domain/channel-name';
import { formatCompactDate, formatCompactTime } from '../domain/format-time';
import type { EscalationPolicy } from '../domain/escalation/escalation-policy';
import {
  applyChange,
  declareIncident,
  firePageTimer,
  isOpen,
  fireReminderTimer,
  pageDueAt,
  COMMANDER,
  type ChangeResult,
  type Declaration,
  type Incident,
  type IncidentChange,
} from '../domain/incident';
import { SEVERITIES, type Severity } from '../domain/severity';
import { changeEffects, declarationEffects, followUpEffects, type OutboxEntry, type SideEffect } from '../domain/side-effect';
import { sortTimeline, type TimelineEntry } from '../domain/timeline-entry';
import {
  AlertDeclarationBusyError,
  CommandAlreadyAppliedError,
  ConcurrentUpdateError,
  errorCode,
  IncidentRuleError,
  NotAnIncidentChannelError,
  StorageUnavailableError,
  StorageUnconfirmedError,
} from '../errors';
import type { CommandJournal } from '../ports/command-journal';
import type { IncidentStore, VersionedIncident } from '../ports/incident-store';
import type { ChannelOpener } from '../ports/channel-opener';
import type { PostmortemDraftResult } from '../ports/postmortem-sharing';
import type { PostmortemCompiler } from '../ports/postmortem-compiler';
import type { EscalationScheduler, PageTimer } from '../ports/escalation-scheduler';
import type { UserDirectory } from '../ports/user-directory';
import type { Cover, OnCallCovers } from '../ports/on-call-covers';
import type { AlertGate } from '../ports/alert-gate';
import { DEFAULT_ALERT_POLICY, type AlertPolicy } from '../domain/alerts/alert-policy';
import type { AlertNotification } from '../domain/alerts/alert-notification';
import { type OnCallShift, onCallAt, SCHEDULE_TARGET, type Schedule, scheduleNameOf } from '../domain/oncall/schedule';
import { type CommittedChange, GroupCommit } from './group-commit';

export interface IncidentServiceDeps {
  store: IncidentStore;
  channels: ChannelOpener;
  users: UserDirectory;
  scheduler: EscalationScheduler;
  /** Where a `start` records the channel it opened, so carrying it out again reuses the channel. */
  journal?: Pick<CommandJournal, 'attachChannel'>;
  timeZone: string;
  /** Compiles postmortem drafts (in a worker thread, in production). */
  postmortems: PostmortemCompiler;
  /** The policy new incidents snapshot. */
  policy: EscalationPolicy;
  /** The tracker issues of an incident's exported tasks, for the postmortem. */
  followUpIssues?: (incidentId: string) => Promise<Map<number, { key: string; url: string }>>;
  /** Whether a tracker issue is open or closed, read back from the tracker. */
  followUpState?: (issue: { key: string; url: string }) => Promise<'open' | 'closed'>;
  /** Tasks go to a tracker (export of private incidents' tasks only with `private: true`); unset: no tracker. */
  followUps?: { private: boolean };
  /** The roles people can take (`commander`, the lead, first). */
  roles?: readonly string[];
  /** Alert intake: one declaration per group across replicas, storm control, and the policy's rules. */
  alertGate?: AlertGate;
  alertPolicy?: AlertPolicy;
  /** On-call schedules that policy levels may page (`schedule:<name>`), and the covers people gave. */
  schedules?: readonly Schedule[];
  covers?: OnCallCovers;
  /** The bot's own user ID: the author of automatic timeline entries. */
  botUserId: string;
  clock?: Clock;
  /** Where scheduling failures go: the write they follow has succeeded, and the sweep will retry. */
  onScheduleError?: (error: unknown) => void;
  /** Told of every change that was saved (commands and timers alike), for metrics. */
  onChange?: (change: AppliedChange) => void;
}

/** What a fired timer did. */
export type TimerOutcome =
  | { kind: 'not_due' }
  /** Fired before its time (clocks differ): run it again at `dueAt`. */
  | { kind: 'early'; dueAt: Date }
  /** Paged; `dueAt` is when the step was due, so lateness can be measured. */
  | { kind: 'done'; result: AppliedChange; dueAt: Date };

export interface DeclareRequest {
  title: string;
  severity: Severity;
  at?: Date;
  declaredBy: string;
  impact?: string;
  /** The alert group declaring it, when monitoring does. */
  alert?: Declaration['alert'];
  /** A private incident: a private channel, and nothing about it outside. */
  private?: boolean;
}

/** What an alert notification did. */
export type AlertOutcome =
  | { kind: 'declared'; declared: Declared }
  | { kind: 'updated'; applied: AppliedChange }
  /** Nothing to do: a resolve or acknowledge for a group with no open incident. */
  | { kind: 'ignored' };

/** How long a notification waits for another to finish declaring its group's incident. */
const ALERT_CLAIM_WAIT_MS = 5_000;
/** Open incidents the escalation sweep re-schedules between two turns of the event loop. */
const SWEEP_SLICE = 25;

/** The key of the one incident alerts land on while more arrive than the policy lets declare. */
export const ALERT_STORM_KEY = 'hotwash:alert-storm';

/** The journaled command a write carries out: it applies once, at the time it was received. */
export interface Intake {
  commandId: string;
  receivedAt: Date;
  /** The channel an earlier attempt at this `start` opened. */
  openedChannel?: { id: string; name: string };
}

/** A saved change and what it promised, as kept in the outbox. */
export interface Promised {
  outbox: OutboxEntry[];
  /** Whether it may be delivered at once (enough replicas hold the change); else the sweep delivers it. */
  replicated: boolean;
}

/** A saved change, with the incident as it was before and what it promised (written by GroupCommit). */
export type AppliedChange = CommittedChange;

export interface Declared extends ChangeResult, Promised {}

/**
 * How long a change keeps retrying under contention before it gives up. A command that nobody is
 * waiting on inside Slack's three seconds (it is journaled and answered later) waits far longer:
 * a note is never refused because others wrote at the same time.
 */
const WRITE_DEADLINE_MS = 2_000;
const JOURNALED_WRITE_DEADLINE_MS = 30_000;

/** Jittered exponential backoff, so a burst of writers to one incident spreads out instead of colliding again. */
function backoff(attempt: number): Promise<void> {
  const ceiling = Math.min(100, 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
}

/** The incident use cases: declare, change, read. Slack-free and Redis-free; ports come in. */
export class IncidentService {
  private readonly store: IncidentStore;
  private readonly channels: ChannelOpener;
  private readonly users: UserDirectory;
  private readonly scheduler: EscalationScheduler;
  private readonly timeZone: string;
  private readonly postmortems: PostmortemCompiler;
  private readonly policy: EscalationPolicy;
  private readonly botUserId: string;
  private readonly clock: Clock;
  private readonly onScheduleError: (error: unknown) => void;
  private readonly onChange: (change: AppliedChange) => void;
  private readonly journal?: Pick<CommandJournal, 'attachChannel'>;
  private readonly schedules: readonly Schedule[];
  private readonly followUps?: { private: boolean };
  private readonly followUpIssues?: IncidentServiceDeps['followUpIssues'];
  private readonly followUpState?: IncidentServiceDeps['followUpState'];
  readonly roles: readonly string[];
  private readonly alertGate?: AlertGate;
  private readonly alertPolicy: AlertPolicy;
  private readonly covers?: OnCallCovers;
  /** Changes to one incident from this process that arrive together are written together, not one after another. */
  private readonly groupCommit: GroupCommit;

  constructor(deps: IncidentServiceDeps) {
    this.store = deps.store;
    this.channels = deps.channels;
    this.users = deps.users;
    this.scheduler = deps.scheduler;
    this.timeZone = deps.timeZone;
    this.postmortems = deps.postmortems;
    this.policy = deps.policy;
    this.botUserId = deps.botUserId;
    this.clock = deps.clock ?? wallClock;
    this.onScheduleError = deps.onScheduleError ?? (() => undefined);
    this.onChange = deps.onChange ?? (() => undefined);
    this.journal = deps.journal;
    this.schedules = deps.schedules ?? [];
    this.followUps = deps.followUps;
    this.followUpIssues = deps.followUpIssues;
    this.followUpState = deps.followUpState;
    this.roles = deps.roles ?? [COMMANDER];
    this.alertGate = deps.alertGate;
    this.alertPolicy = deps.alertPolicy ?? DEFAULT_ALERT_POLICY;
    this.covers = deps.covers;
    this.groupCommit = new GroupCommit(this.store, { deadlineMs: (journaled) => (journaled ? JOURNALED_WRITE_DEADLINE_MS : WRITE_DEADLINE_MS), backoff });
  }

  now(): Date {
    return this.clock();
  }

  async declare(request: DeclareRequest, intake?: Intake): Promise<Declared> {
    const now = intake?.receivedAt ?? this.clock();
    const localDate = formatCompactDate(request.at ?? now, this.timeZone);
    const localTime = formatCompactTime(now, this.timeZone);
    // The channel comes first: when Slack refuses it, nothing at all has been stored. A command
    // carried out again after a crash reuses the channel its first attempt opened.
    const channel =
      intake?.openedChannel ??
      (await this.channels.open((attempt) => channelName(localDate, request.title, localTime, attempt, request.private), {
        private: request.private === true,
      }));
    if (intake && !intake.openedChannel) {
      try {
        await this.journal?.attachChannel(intake.commandId, channel);
      } catch (error) {
        // Not remembered, so not reusable: the next attempt opens a channel of its own.
        await this.channels.abandon(channel.id).catch(() => undefined);
        throw error;
      }
    }
    try {
      const declared = declareIncident({
        id: await this.store.nextIncidentId(),
        title: request.title,
        severity: request.severity,
        startedAt: request.at,
        declaredBy: request.declaredBy,
        channelId: channel.id,
        channelName: channel.name,
        now,
        policy: this.policy,
        impact: request.impact,
        alert: request.alert,
        private: request.private,
      });
      const saved = await this.store.create(declared, { effects: declarationEffects(declared.incident), commandId: intake?.commandId });
      await this.scheduleTimers(declared.incident);
      return { ...declared, ...saved };
    } catch (error) {
      // A channel with no incident behind it would confuse everyone who finds it. It stays only
      // when the journal keeps the command to carry it out again in it (storage was away), or
      // when the command was carried out already, in this very channel.
      const kept = intake && (error instanceof StorageUnavailableError || error instanceof StorageUnconfirmedError);
      if (!kept && !(error instanceof CommandAlreadyAppliedError)) await this.channels.abandon(channel.id).catch(() => undefined);
      throw error;
    }
  }

  /**
   * A notification about an alert group: an update of the group's open incident, or a new
   * incident declared by Hotwash itself (linking the group's previous one, if it fired before).
   * Beyond the policy's `max_new_per_minute`, new groups land on one "Alert storm" incident.
   */
  async receiveAlert(notification: AlertNotification, intake?: Intake): Promise<AlertOutcome> {
    const existing = await this.store.findByAlertKey(notification.key);
    if (existing && isOpen(existing.incident)) {
      const change: IncidentChange = { kind: 'alert', notification, autoResolve: this.alertPolicy.autoResolve };
      return { kind: 'updated', applied: await this.change(existing.incident.channelId, change, this.botUserId, intake) };
    }
    if (notification.action !== 'trigger' || !notification.alerts.some((a) => a.status === 'firing')) return { kind: 'ignored' };
    const gate = this.alertGate;
    if (gate && notification.key !== ALERT_STORM_KEY && !(await gate.admit(this.clock(), this.alertPolicy.maxNewPerMinute))) {
      return this.receiveAlert(stormOf(notification), intake);
    }
    // One replica (or call) declares a group's incident; another holding the same group's news
    // waits for it, then applies its news as an update (or leaves it to the journal's replay).
    if (gate && !(await gate.claim(notification.key))) {
      for (let waited = 0; waited < ALERT_CLAIM_WAIT_MS; waited += 100) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        const declared = await this.store.findByAlertKey(notification.key);
        if (declared && isOpen(declared.incident)) return this.receiveAlert(notification, intake);
      }
      throw new AlertDeclarationBusyError();
    }
    try {
      const declared = await this.declare(
        {
          title: notification.title,
          severity: notification.severity,
          declaredBy: this.botUserId,
          alert: { notification, ...(existing ? { previousIncidentId: existing.incident.id } : {}) },
        },
        intake,
      );
      return { kind: 'declared', declared };
    } finally {
      await gate?.release(notification.key).catch(() => undefined);
    }
  }

  /** Applies a change to the incident of `channelId`, retrying when another write got there first. */
  async change(channelId: string, change: IncidentChange, actorId: string, intake?: Intake): Promise<AppliedChange> {
    if (change.kind === 'role' && !this.roles.includes(change.role)) {
      throw new IncidentRuleError({ rule: 'unknown_role', role: change.role, known: [...this.roles] });
    }
    const now = intake?.receivedAt ?? this.clock();
    const onCall = change.kind === 'escalate' ? await this.onCallResolver(now) : undefined;
    const tasks = await this.tasksToExport(channelId, change);
    const applied = await this.groupCommit.submit(channelId, () => this.incidentOfChannel(channelId), {
      decide: (current) => {
        const result = applyChange(current, change, actorId, now);
        return onCall ? onCall(result) : result;
      },
      promise: (previous, result) => [
        ...changeEffects(previous, result),
        ...followUpEffects(previous, result, previous.private && !this.followUps?.private ? undefined : tasks),
      ],
      ...(intake ? { intake } : {}),
    });
    this.onChange(applied);
    await this.scheduleTimers(applied.incident, applied.previous);
    return applied;
  }

  /** A page timer fired: pages if, and only if, that step is still due; exactly one caller wins. */
  async firePageTimer(incidentId: string, run: number, step: number): Promise<TimerOutcome> {
    let early: Date | undefined;
    let dueAt: Date | undefined;
    let done: AppliedChange | undefined;
    const onCall = await this.onCallResolver(this.clock());
    try {
      done = await this.writeWithRetry(
        () => this.existingIncident(incidentId),
        (current) => {
          const now = this.clock();
          const result = firePageTimer(current, run, step, this.botUserId, now);
          dueAt = pageDueAt(current, run, step);
          early = !result && dueAt && dueAt > now ? dueAt : undefined;
          return result && onCall(result);
        },
        (previous, result) => changeEffects(previous, result),
      );
    } catch (error) {
      // An incident deleted by hand has nothing left to page: its timer is simply not due.
      if (error instanceof NotAnIncidentChannelError) return { kind: 'not_due' };
      throw error;
    }
    if (!done) return early ? { kind: 'early', dueAt: early } : { kind: 'not_due' };
    this.onChange(done);
    await this.scheduleTimers(done.incident, done.previous, { run, step });
    // The decision that paged also read when the step was due.
    return { kind: 'done', result: done, dueAt: dueAt! };
  }

  /** A reminder timer fired: returns how long the incident was quiet when a nudge is due. */
  async fireReminderTimer(incidentId: string, seq: number): Promise<AppliedChange | undefined> {
    let quietMs = 0;
    let done: AppliedChange | undefined;
    try {
      done = await this.writeWithRetry(
        () => this.existingIncident(incidentId),
        (current) => {
          const due = fireReminderTimer(current, seq, this.clock());
          if (!due) return undefined;
          quietMs = due.quietMs;
          return { incident: due.incident, entries: [] };
        },
        (_previous, { incident }) => [{ kind: 'reminder', incidentId: incident.id, quietMs }],
      );
    } catch (error) {
      // As for pages: an incident deleted by hand has nobody left to remind.
      if (error instanceof NotAnIncidentChannelError) return undefined;
      throw error;
    }
    if (!done) return undefined;
    await this.scheduleTimers(done.incident, done.previous);
    return done;
  }

  /**
   * Re-creates any timer an open incident needs: the safety net behind scheduling after each write.
   * A few incidents at a time, with a turn of the event loop between: all at once, a thousand
   * open incidents held the loop for the whole sweep, and every command that came in waited.
   */
  async rescheduleOpenIncidents(): Promise<number> {
    const open = await this.store.listOpen();
    for (let i = 0; i < open.length; i += SWEEP_SLICE) {
      if (i > 0) await nextTurn();
      await Promise.all(open.slice(i, i + SWEEP_SLICE).map((incident) => this.scheduleTimers(incident)));
    }
    return open.length;
  }

  /** Who is on call now for each schedule (covers included), until when, and who is next. */
  async onCallNow(): Promise<{ schedule: Schedule; shift: OnCallShift }[]> {
    const now = this.clock();
    const covers = this.covers ? await this.covers.current(now) : [];
    return this.schedules.map((schedule) => ({
      schedule,
      shift: onCallAt(
        schedule,
        now,
        covers.filter((c) => c.schedule === schedule.name),
      ),
    }));
  }

  /**
   * `userId` takes `scheduleName`'s turn from now for `durationMs`: kept until it ends, and
   * recorded on every open incident whose policy pages that schedule.
   */
  async cover(scheduleName: string, durationMs: number, userId: string, byUserId: string, intake?: Intake): Promise<{ cover: Cover; affected: Incident[] }> {
    const schedule = this.schedules.find((s) => s.name === scheduleName);
    if (!schedule) throw new IncidentRuleError({ rule: 'unknown_schedule', name: scheduleName, known: this.schedules.map((s) => s.name) });
    if (!this.covers) throw new StorageUnavailableError('no store for covers');
    const from = intake?.receivedAt ?? this.clock();
    const cover: Cover = { schedule: schedule.name, userId, byUserId, from, to: new Date(from.getTime() + durationMs) };
    await this.covers.add(cover);
    const target = `${SCHEDULE_TARGET}${schedule.name}`;
    const affected: Incident[] = [];
    for (const incident of await this.store.listOpen()) {
      const pages = Object.values(incident.escalation?.policy ?? {}).some((p) => p?.levels.some((level) => level.notify.includes(target)));
      if (!pages) continue;
      try {
        const applied = await this.change(incident.channelId, { kind: 'cover', schedule: schedule.name, userId, durationMs }, byUserId);
        affected.push(applied.incident);
      } catch (error) {
        if (errorCode(error) !== 'rule') throw error;
      }
    }
    return { cover, affected };
  }

  /**
   * The tasks a change may send to the tracker: all of them when it closes the incident, none
   * needed otherwise (a task added after close carries itself); undefined when there is no tracker.
   */
  private async tasksToExport(channelId: string, change: IncidentChange): Promise<TimelineEntry[] | undefined> {
    if (!this.followUps) return undefined;
    if (change.kind !== 'close') return [];
    const found = await this.store.findByChannel(channelId);
    return found ? (await this.store.timeline(found.incident.id)).filter((e) => e.kind === 'task') : [];
  }

  /**
   * Resolves `schedule:<name>` targets of a page to whoever is on call at `at` (a cover given with
   * `/incident oncall cover` first): the page, and its timeline entry, name the person paged.
   */
  private async onCallResolver(at: Date): Promise<(result: ChangeResult) => ChangeResult> {
    if (this.schedules.length === 0) return (result) => result;
    const covers = this.covers ? await this.covers.current(at).catch(() => []) : [];
    const resolve = (targets: readonly string[]) => [
      ...new Set(
        targets.map((target) => {
          const schedule = this.schedules.find((s) => s.name === scheduleNameOf(target));
          return schedule
            ? onCallAt(
                schedule,
                at,
                covers.filter((c) => c.schedule === schedule.name),
              ).userId
            : target;
        }),
      ),
    ];
    return (result) => {
      if (!result.page) return result;
      const page = { ...result.page, targets: resolve(result.page.targets) };
      return { ...result, page, entries: result.entries.map((e) => (e.kind === 'page' ? { ...e, targets: resolve(e.targets) } : e)) };
    };
  }

  private async scheduleTimers(incident: Incident, previous?: Incident, firing?: PageTimer): Promise<void> {
    try {
      await this.scheduler.schedule(incident, previous, firing);
    } catch (error) {
      this.onScheduleError(error);
    }
  }

  private async existingIncident(id: string): Promise<VersionedIncident> {
    const found = await this.store.get(id);
    if (!found) throw new NotAnIncidentChannelError(`incident ${id}`);
    return found;
  }

  /** The incident of an incident channel, as it stands now. */
  async incident(channelId: string): Promise<Incident> {
    return (await this.incidentOfChannel(channelId)).incident;
  }

  /** Remembers the pinned summary message of an incident (no timeline entry). */
  async rememberSummaryMessage(incidentId: string, ts: string): Promise<Incident> {
    return this.rememberMessage(incidentId, { summaryMessageTs: ts });
  }

  /** Remembers the announcement of an incident (no timeline entry). */
  async rememberAnnouncement(incidentId: string, ts: string): Promise<Incident> {
    return this.rememberMessage(incidentId, { announcementTs: ts });
  }

  /** Keeps where one of the incident's own messages is, so it can be edited later. */
  private async rememberMessage(incidentId: string, where: Pick<Incident, 'summaryMessageTs'> | Pick<Incident, 'announcementTs'>): Promise<Incident> {
    const saved = await this.writeWithRetry(
      () => this.existingIncident(incidentId),
      (current) => ({ incident: { ...current, ...where }, entries: [] }),
      () => [],
    );
    return saved!.incident;
  }

  /** The incident with this id as it stands now, or undefined when it is gone. */
  async incidentById(id: string): Promise<Incident | undefined> {
    return (await this.store.get(id))?.incident;
  }

  /**
   * Read, decide, compare-and-set; again with backoff while someone else wrote first. When
   * `decide` returns undefined there is nothing to write, and neither is anything returned.
   */
  private async writeWithRetry(
    read: () => Promise<VersionedIncident>,
    decide: (current: Incident) => ChangeResult | undefined,
    promise: (previous: Incident, result: ChangeResult) => SideEffect[],
    intake?: Intake,
  ): Promise<AppliedChange | undefined> {
    const deadline = Date.now() + (intake ? JOURNALED_WRITE_DEADLINE_MS : WRITE_DEADLINE_MS);
    for (let attempt = 0; ; attempt += 1) {
      const current = await read();
      const result = decide(current.incident);
      if (!result) return undefined;
      const written = await this.store.replace(current, result, { effects: promise(current.incident, result), commandIds: intake ? [intake.commandId] : [] });
      if (written.saved) return { ...result, previous: current.incident, outbox: written.outbox, replicated: written.replicated };
      if (Date.now() > deadline) {
        throw new ConcurrentUpdateError();
      }
      await backoff(attempt);
    }
  }

  async incidentOfChannel(channelId: string): Promise<VersionedIncident> {
    const found = await this.store.findByChannel(channelId);
    if (!found) {
      throw new NotAnIncidentChannelError(`channel ${channelId}`);
    }
    return found;
  }

  async timeline(channelId: string): Promise<{ incident: Incident; entries: TimelineEntry[] }> {
    const { incident } = await this.incidentOfChannel(channelId);
    return { incident, entries: sortTimeline(await this.store.timeline(incident.id)) };
  }

  /** Compiles the incident of `channelId` into its postmortem draft and keeps the draft with it. */
  async draftPostmortem(channelId: string): Promise<PostmortemDraftResult> {
    const { incident } = await this.incidentOfChannel(channelId);
    const records = await this.store.timelineRecords(incident.id);
    const issues = this.followUpIssues ? await this.followUpIssues(incident.id).catch(() => new Map()) : undefined;
    const { markdown, outline } = await this.postmortems.compile({ incident, records, ...(issues ? { issues } : {}) }, (ids) => this.users.names(ids));
    await this.store.savePostmortem(incident.id, { markdown, generatedAt: this.clock() });
    return { incident, markdown, data: outline };
  }

  /** The incident's tasks, each with its tracker issue (if exported) and that issue's state (if the tracker answers). */
  async tasksWithIssues(
    channelId: string,
  ): Promise<{ incident: Incident; tasks: { task: TimelineEntry; issue?: { key: string; url: string }; state?: 'open' | 'closed' }[] }> {
    const { incident, entries } = await this.timeline(channelId);
    const issues = this.followUpIssues ? await this.followUpIssues(incident.id) : new Map<number, { key: string; url: string }>();
    const read = this.followUpState;
    const tasks = await Promise.all(
      entries
        .filter((e) => e.kind === 'task')
        .map(async (task) => {
          const issue = issues.get(task.seq);
          const state = issue && read ? await read(issue).catch(() => undefined) : undefined;
          return { task, ...(issue ? { issue } : {}), ...(state ? { state } : {}) };
        }),
    );
    return { incident, tasks };
  }

  /** Whether `userId` may see `incident`: anyone for a public one, its channel's members for a private one. */
  async maySee(incident: Incident, userId: string): Promise<boolean> {
    return !incident.private || this.channels.isMember(incident.channelId, userId);
  }

  /** Open incidents, most severe first, and within a severity the one running longest first. */
  async listOpen(): Promise<Incident[]> {
    const open = await this.store.listOpen();
    return open.sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || a.startedAt.getTime() - b.startedAt.getTime());
  }
}

/** A group that arrived in a storm, as an alert on the one storm incident. */
function stormOf(notification: AlertNotification): AlertNotification {
  return {
    ...notification,
    key: ALERT_STORM_KEY,
    title: 'Alert storm: more alert groups fired than may open incidents',
    severity: 'sev2',
    alerts: notification.alerts.map((alert) => ({
      ...alert,
      fingerprint: `${notification.key}|${alert.fingerprint}`,
      name: `${notification.title}: ${alert.name}`,
    })),
  };
}
