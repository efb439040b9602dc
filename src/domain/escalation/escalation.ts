import type { Severity } from '../severity';
import { levelAtStep, totalSteps, type EscalationPolicy, type SeverityPolicy } from './escalation-policy';

export type EscalationState =
  /** Paging level after level until someone acknowledges. */
  | 'paging'
  | 'acknowledged'
  /** Every level was paged `repeat + 1` times and nobody acknowledged. */
  | 'exhausted'
  | 'resolved'
  /** The incident's severity has no policy: nobody is paged. */
  | 'no_policy';

/**
 * Where an incident's escalation stands. Timers only ever act through this state: a fired
 * job does something only if the state still says that step is due, so cancelling is a
 * change of state and a duplicate delivery is a no-op.
 */
export interface Escalation {
  /** The policy as it was at declaration: later edits of the file do not change a running incident. */
  policy: EscalationPolicy;
  /** Restarts (severity changes) start a new run, so a previous run's timers stop matching. */
  run: number;
  /** The step of this run to page next (0-based). */
  nextStep: number;
  /** When `nextStep` is due; absent when no automatic page is pending. */
  nextPageAt?: Date;
  state: EscalationState;
  /** The last time a person did something; reminders count quiet time from here. */
  lastActivityAt: Date;
  /** Bumped whenever the reminder clock restarts, so an older reminder timer stops matching. */
  reminderSeq: number;
  nextReminderAt?: Date;
}

/** A page to send: which level of which run, to whom. */
export interface Page {
  run: number;
  step: number;
  level: number;
  levelCount: number;
  targets: string[];
  /** True when this was the last page the policy allows. */
  last: boolean;
}

/** A job fired up to this early still counts as due: the scheduler's clock and ours may differ a little. */
export const DUE_TOLERANCE_MS = 1_000;

export function severityPolicy(escalation: Escalation, severity: Severity): SeverityPolicy | undefined {
  const policy = escalation.policy[severity];
  return policy && policy.levels.length > 0 ? policy : undefined;
}

function reminderClock(escalation: Escalation, severity: Severity, from: Date, resolved: boolean): Pick<Escalation, 'reminderSeq' | 'nextReminderAt'> {
  const every = escalation.policy[severity]?.remindEveryMs;
  return {
    reminderSeq: escalation.reminderSeq + 1,
    nextReminderAt: every && !resolved ? new Date(from.getTime() + every) : undefined,
  };
}

/** Escalation for a newly declared incident: level 1 is due at once. */
export function startEscalation(policy: EscalationPolicy, severity: Severity, now: Date): Escalation {
  const base: Escalation = { policy, run: 0, nextStep: 0, state: 'no_policy', lastActivityAt: now, reminderSeq: 0 };
  return restart({ ...base, ...reminderClock(base, severity, now, false) }, severity, now, 0);
}

function restart(escalation: Escalation, severity: Severity, now: Date, run: number): Escalation {
  const paging = severityPolicy(escalation, severity) !== undefined;
  return { ...escalation, run, nextStep: 0, nextPageAt: paging ? now : undefined, state: paging ? 'paging' : 'no_policy' };
}

/** A person changed something: the reminder clock starts again. */
export function noteActivity(escalation: Escalation, severity: Severity, now: Date, resolved: boolean): Escalation {
  return { ...escalation, lastActivityAt: now, ...reminderClock(escalation, severity, now, resolved) };
}

export function acknowledge(escalation: Escalation): Escalation {
  if (escalation.state !== 'paging' && escalation.state !== 'exhausted') return escalation;
  return { ...escalation, state: 'acknowledged', nextPageAt: undefined };
}

/** Resolved or closed: every timer stops. */
export function stopForResolution(escalation: Escalation): Escalation {
  return { ...escalation, state: 'resolved', nextPageAt: undefined, reminderSeq: escalation.reminderSeq + 1, nextReminderAt: undefined };
}

/** Reopened: reminders resume; paging does not, since someone is clearly on it. */
export function reopen(escalation: Escalation, severity: Severity, now: Date): Escalation {
  return { ...escalation, state: 'acknowledged', ...reminderClock(escalation, severity, now, false) };
}

/** Severity changed: an incident nobody has acknowledged starts over at level 1 of the new severity's policy. */
export function changeSeverity(escalation: Escalation, severity: Severity, now: Date): Escalation {
  if (escalation.state === 'acknowledged' || escalation.state === 'resolved') return escalation;
  return restart(escalation, severity, now, escalation.run + 1);
}

/**
 * A timer for `step` of `run` fired at `now`. Returns the page to send and the escalation
 * after it, or undefined when that step is no longer due (acknowledged, resolved, restarted,
 * already paged, or not yet time).
 */
export function takeDuePage(
  escalation: Escalation,
  severity: Severity,
  run: number,
  step: number,
  now: Date,
): { escalation: Escalation; page: Page } | undefined {
  const dueAt = pendingPageAt(escalation, run, step);
  if (!dueAt || dueAt.getTime() - now.getTime() > DUE_TOLERANCE_MS) return undefined;
  return advance(escalation, severity, now, true);
}

/** When `step` of `run` is due, if it is still the page waiting to be sent; undefined otherwise. */
export function pendingPageAt(escalation: Escalation, run: number, step: number): Date | undefined {
  return escalation.state === 'paging' && escalation.run === run && escalation.nextStep === step ? escalation.nextPageAt : undefined;
}

/**
 * A person asked to page the next level now. Pages the next step (the last level again once
 * every step was paged); automatic paging goes on afterwards only while nobody has acknowledged.
 */
export function escalateNow(escalation: Escalation, severity: Severity, now: Date): { escalation: Escalation; page: Page } | undefined {
  const policy = severityPolicy(escalation, severity);
  if (!policy || escalation.state === 'resolved') return undefined;
  const steps = totalSteps(policy);
  const current = escalation.nextStep >= steps ? { ...escalation, nextStep: steps - 1 } : escalation;
  return advance(current, severity, now, escalation.state === 'paging');
}

function advance(escalation: Escalation, severity: Severity, now: Date, keepPaging: boolean): { escalation: Escalation; page: Page } {
  const policy = severityPolicy(escalation, severity)!;
  const step = escalation.nextStep;
  const { level, number } = levelAtStep(policy, step);
  const last = step + 1 >= totalSteps(policy);
  const page: Page = { run: escalation.run, step, level: number, levelCount: policy.levels.length, targets: level.notify, last };
  const next: Escalation = { ...escalation, nextStep: step + 1 };
  if (!keepPaging) return { escalation: { ...next, nextPageAt: undefined }, page };
  if (last) return { escalation: { ...next, state: 'exhausted', nextPageAt: undefined }, page };
  return { escalation: { ...next, state: 'paging', nextPageAt: new Date(now.getTime() + level.escalateAfterMs) }, page };
}

/**
 * A reminder timer with `seq` fired at `now`. Returns the escalation with the next reminder
 * scheduled, and how long the incident has been quiet, or undefined when not due.
 */
export function takeDueReminder(escalation: Escalation, severity: Severity, seq: number, now: Date): { escalation: Escalation; quietMs: number } | undefined {
  if (escalation.reminderSeq !== seq || !escalation.nextReminderAt || escalation.state === 'resolved') return undefined;
  if (escalation.nextReminderAt.getTime() - now.getTime() > DUE_TOLERANCE_MS) return undefined;
  return {
    escalation: { ...escalation, ...reminderClock(escalation, severity, now, false) },
    quietMs: now.getTime() - escalation.lastActivityAt.getTime(),
  };
}

/** Where paging stands, in a few words, for the live summary. */
export function describeEscalation(escalation: Escalation | undefined, severity: Severity): string {
  if (!escalation) return 'not set up';
  const policy = severityPolicy(escalation, severity);
  if (escalation.state === 'no_policy' || !policy) return `no policy for ${severity}: nobody is paged`;
  const paged = escalation.nextStep > 0 ? levelAtStep(policy, escalation.nextStep - 1).number : 0;
  const of = `of ${policy.levels.length}`;
  switch (escalation.state) {
    case 'acknowledged':
      return paged ? `stopped at level ${paged} ${of}: acknowledged` : 'stopped: acknowledged';
    case 'resolved':
      return paged ? `stopped at level ${paged} ${of}: resolved` : 'stopped: resolved';
    case 'exhausted':
      return `every level paged (last: level ${paged} ${of}); nobody acknowledged`;
    case 'paging':
      return paged ? `level ${paged} ${of} paged; next in line: level ${levelAtStep(policy, escalation.nextStep).number}` : `level 1 ${of} about to be paged`;
  }
}
