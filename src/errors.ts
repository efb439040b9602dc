import type { Severity } from './domain/severity';
import type { IncidentStatus } from './domain/incident-status';

/**
 * Every error Hotwash raises on purpose, each with a `code`. What a code means for a command (its
 * outcome, how loudly it is logged) is decided once, in ERROR_CLASSES; what a person reads is
 * worded by the adapter that talks to them (src/slack/explain-failure.ts). Messages here are for
 * logs: plain, without chat markup.
 */
export abstract class HotwashError extends Error {
  abstract readonly code: ErrorCode;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The command text could not be understood. Nothing was stored. */
export class UsageError extends HotwashError {
  readonly code = 'usage';

  /** `subcommand` names the usage line to show with the message, when one applies. */
  constructor(
    message: string,
    readonly subcommand?: string,
  ) {
    super(message);
  }
}

/** Which rule of an incident a change broke, with what the wording needs. */
export type BrokenRule =
  | { rule: 'closed' }
  | { rule: 'same_status'; status: IncidentStatus }
  | { rule: 'same_severity'; severity: Severity }
  | { rule: 'already_lead'; userId: string }
  | { rule: 'already_acknowledged'; userId: string }
  | { rule: 'already_resolved' }
  | { rule: 'resolved_before_start' }
  | { rule: 'resolved_nobody_to_page' }
  | { rule: 'no_escalation_levels'; severity: Severity }
  | { rule: 'already_captured' }
  | { rule: 'not_captured' }
  | { rule: 'already_subscribed' }
  | { rule: 'commander_required' }
  | { rule: 'same_role'; role: string; userId?: string }
  | { rule: 'unknown_role'; role: string; known: string[] }
  | { rule: 'not_subscribed' }
  /** `/incident oncall cover` named a schedule the policy file does not have. */
  | { rule: 'unknown_schedule'; name: string; known: string[] }
  /** An alert notification that changes nothing (delivered again, or by another Alertmanager peer). */
  | { rule: 'nothing_new' };

/** The command is understood but the incident's state forbids it (closed, already acknowledged, …). */
export class IncidentRuleError extends HotwashError {
  readonly code = 'rule';

  constructor(readonly broken: BrokenRule) {
    super(`incident rule broken: ${JSON.stringify(broken)}`);
  }
}

/** A command that needs an incident was used outside an incident channel, or its incident is gone. */
export class NotAnIncidentChannelError extends HotwashError {
  readonly code = 'not_incident_channel';

  constructor(where: string) {
    super(`no incident for ${where}`);
  }
}

/** Redis did not answer, or answered with an error. */
export class StorageUnavailableError extends HotwashError {
  readonly code = 'storage_unavailable';
}

/**
 * Redis did not confirm a write in time: it may still have happened. Said as such, so nobody is
 * told "nothing was saved" about a command that may yet be carried out.
 */
export class StorageUnconfirmedError extends HotwashError {
  readonly code = 'storage_unconfirmed';

  constructor() {
    super('Redis did not confirm the write in time.');
  }
}

/** Another command changed the incident at the same moment, too many times in a row. */
export class ConcurrentUpdateError extends HotwashError {
  readonly code = 'concurrent_update';

  constructor() {
    super('the incident kept changing under this command; nothing was saved');
  }
}

/** A Slack Web API call failed after its retries. `slackError` is Slack's own error code. */
export class SlackCallError extends HotwashError {
  readonly code = 'slack_call';

  constructor(
    readonly method: string,
    readonly slackError: string,
    options?: ErrorOptions,
  ) {
    super(`Slack's ${method} failed: ${slackError}`, options);
  }
}

/** Another replica is declaring this alert group's incident right now: carried out again later, as an update. */
export class AlertDeclarationBusyError extends HotwashError {
  readonly code = 'alert_busy';

  constructor() {
    super('another replica is declaring the incident of this alert group');
  }
}

/** The tracker (GitHub, Jira) refused or failed a call. `status` is its HTTP status (0: unreachable). */
export class TrackerCallError extends HotwashError {
  readonly code = 'tracker_call';

  constructor(
    readonly tracker: string,
    readonly status: number,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(`${tracker} answered ${status || 'nothing'}: ${detail}`, options);
  }

  /** Worth another try: unreachable, rate-limited or failing on its side. */
  get transient(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

/** The journaled command was carried out already (by another replica, or before a restart). */
export class CommandAlreadyAppliedError extends HotwashError {
  readonly code = 'already_applied';

  constructor(readonly commandId: string) {
    super(`Command ${commandId} was carried out already.`);
  }
}

/** Stored data did not match its schema: a bug or a hand edit, never user input. */
export class CorruptRecordError extends HotwashError {
  readonly code = 'corrupt_record';
}

/** The environment does not describe a runnable configuration. */
export class ConfigError extends HotwashError {
  readonly code = 'config';
}

/** Every error Hotwash raises on purpose; `switch (error.code)` narrows to one of them. */
export type KnownError =
  | UsageError
  | IncidentRuleError
  | NotAnIncidentChannelError
  | StorageUnavailableError
  | StorageUnconfirmedError
  | ConcurrentUpdateError
  | SlackCallError
  | CommandAlreadyAppliedError
  | TrackerCallError
  | AlertDeclarationBusyError
  | CorruptRecordError
  | ConfigError;

export type ErrorCode =
  | 'usage'
  | 'rule'
  | 'not_incident_channel'
  | 'storage_unavailable'
  | 'storage_unconfirmed'
  | 'concurrent_update'
  | 'slack_call'
  | 'already_applied'
  | 'tracker_call'
  | 'alert_busy'
  | 'corrupt_record'
  | 'config';

/**
 * How a command ended. `refused`: a rule said no (already acknowledged, not an incident channel);
 * `partial`: the change is saved but a step after it (showing it in Slack) failed.
 */
export type CommandOutcome = 'ok' | 'usage_error' | 'refused' | 'storage_unavailable' | 'slack_error' | 'partial' | 'error';

export interface ErrorClass {
  /** The outcome of a command that ended with this error. */
  outcome: CommandOutcome;
  /** How loudly its log line speaks: people's mistakes and rules saying no are normal. */
  level: 'info' | 'warn' | 'error';
  /** Whether it is the people's to fix (rules, typos), not Hotwash's or its operator's. */
  refusal: boolean;
}

/** The one classification of failures, by code; anything unknown is an internal error. */
export const ERROR_CLASSES: Record<ErrorCode | 'internal', ErrorClass> = {
  usage: { outcome: 'usage_error', level: 'info', refusal: true },
  rule: { outcome: 'refused', level: 'info', refusal: true },
  not_incident_channel: { outcome: 'refused', level: 'info', refusal: true },
  concurrent_update: { outcome: 'refused', level: 'warn', refusal: true },
  already_applied: { outcome: 'ok', level: 'info', refusal: false },
  alert_busy: { outcome: 'refused', level: 'info', refusal: false },
  tracker_call: { outcome: 'error', level: 'error', refusal: false },
  storage_unavailable: { outcome: 'storage_unavailable', level: 'error', refusal: false },
  storage_unconfirmed: { outcome: 'storage_unavailable', level: 'error', refusal: false },
  slack_call: { outcome: 'slack_error', level: 'error', refusal: false },
  corrupt_record: { outcome: 'error', level: 'error', refusal: false },
  config: { outcome: 'error', level: 'error', refusal: false },
  internal: { outcome: 'error', level: 'error', refusal: false },
};

/** Narrows `error` to the errors Hotwash raises on purpose. */
export function isKnownError(error: unknown): error is KnownError {
  return error instanceof HotwashError;
}

/** The code of any failure: its own, or `internal` for one Hotwash did not raise on purpose. */
export function errorCode(error: unknown): ErrorCode | 'internal' {
  return isKnownError(error) ? error.code : 'internal';
}

/** What an error says, whatever was thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function classify(error: unknown): ErrorClass {
  return ERROR_CLASSES[errorCode(error)];
}
